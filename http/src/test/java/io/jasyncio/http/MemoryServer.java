package io.jasyncio.http;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.transports.MemoryTransport;
import io.jasyncio.transports.Protocol;
import io.jasyncio.transports.Transport;
import io.jasyncio.transports.TransportAndProtocol;
import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.1 servers in memory, for client tests on a virtual clock: every connection a session
 * opens through {@link #dialer()} is a {@link MemoryTransport} pair whose far end parses the
 * requests and hands each one to the test's {@link Script}. No socket is ever open, so the loop
 * jumps its virtual clock straight to the next timer (15 s of keep-alive cost nothing) and the
 * order of events is the same on every run.
 *
 * <p>Threads: loop-bound (make it inside the run).
 */
final class MemoryServer {
  /** What the server does with one request. */
  @FunctionalInterface
  interface Script {
    void answer(Exchange ex) throws Exception;
  }

  /** One request as the server saw it: when, on which connection, what. */
  record Seen(double at, int connection, String host, String method, String target, String body) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%.2f #%d %s %s %s%s", at, connection, host, method,
          target, body.isEmpty() ? "" : " " + body);
    }
  }

  private final EventLoop loop = Asyncio.getRunningLoop();
  private final Script script;
  private final List<Seen> seen = new ArrayList<>();
  private final List<String> closes = new ArrayList<>();
  private int opened;
  private int openNow;
  private int peakOpen;
  private double dialDelay;

  MemoryServer(Script script) {
    this.script = script;
  }

  /** Opens connections to this server whatever the host (a host named "refused" refuses). */
  Dialer dialer() {
    return (factory, host, port, tls, sni) -> {
      if (host.equals("refused")) {
        throw new ConnectException("Connection refused");
      }
      if (dialDelay > 0) {
        Asyncio.sleep(dialDelay);
      }
      MemoryTransport.Pair pair = MemoryTransport.pair(loop);
      ClientConnection client = factory.get();
      Conn server = new Conn(++opened, host + ":" + port);
      pair.right().start(server);
      pair.left().start(client);
      return new TransportAndProtocol<>(pair.left(), client);
    };
  }

  /** Opening a connection takes {@code seconds} from now on. */
  MemoryServer dialDelay(double seconds) {
    dialDelay = seconds;
    return this;
  }

  /** Every request seen so far, in order. */
  List<Seen> seen() {
    return seen;
  }

  /** The requests seen, as "#connection METHOD target" lines. */
  List<String> requests() {
    return seen.stream().map(s -> "#" + s.connection() + " " + s.method() + " " + s.target())
        .toList();
  }

  /** Connections closed so far, as "#connection at time" in the order they closed. */
  List<String> closes() {
    return closes;
  }

  /** Connections opened so far. */
  int opened() {
    return opened;
  }

  /** Connections open now. */
  int openNow() {
    return openNow;
  }

  /** The most connections open at once. */
  int peakOpen() {
    return peakOpen;
  }

  /** A 200 response with {@code body} and its Content-Length. */
  static String ok(String body) {
    return "HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
  }

  /** One request and the means to answer it. */
  final class Exchange {
    private final Conn conn;
    final Seen seen;
    final MessageHead head;

    private Exchange(Conn conn, Seen seen, MessageHead head) {
      this.conn = conn;
      this.seen = seen;
      this.head = head;
    }

    /** The request target ("/path?query"). */
    String target() {
      return seen.target();
    }

    /** How many requests this connection carried before this one. */
    int before() {
      return conn.requests - 1;
    }

    /** Writes {@code raw} (ISO-8859-1) now. */
    Exchange send(String raw) {
      if (!conn.transport.isClosing()) {
        conn.transport.write(ByteBuffer.wrap(raw.getBytes(StandardCharsets.ISO_8859_1)));
      }
      return this;
    }

    /** Writes {@code raw} {@code seconds} from now. */
    Exchange sendLater(double seconds, String raw) {
      loop.callLater(seconds, () -> send(raw));
      return this;
    }

    /** Closes the connection once what was written is delivered. */
    void close() {
      conn.transport.close();
    }

    /** Closes the connection {@code seconds} from now. */
    void closeLater(double seconds) {
      loop.callLater(seconds, () -> conn.transport.close());
    }
  }

  /** The server end of one connection. */
  private final class Conn implements Protocol {
    final int id;
    final String host;
    final HttpParser parser = HttpParser.requests(ServerOptions.defaults().limits());
    Transport transport;
    ByteBuffer pending = ByteBuffer.allocate(0);
    MessageHead head;
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    int requests;

    Conn(int id, String host) {
      this.id = id;
      this.host = host;
    }

    @Override
    public void connectionMade(Transport t) {
      transport = t;
      openNow++;
      peakOpen = Math.max(peakOpen, openNow);
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      ByteBuffer in = ByteBuffer.allocate(pending.remaining() + data.remaining());
      in.put(pending).put(data).flip();
      try {
        while (true) {
          ParseEvent e = parser.next(in);
          if (e == ParseEvent.NEED_MORE) {
            break;
          }
          switch (e) {
            case HEAD -> {
              head = parser.head();
              body.reset();
            }
            case BODY -> {
              ByteBuffer b = parser.body();
              byte[] copy = new byte[b.remaining()];
              b.get(copy);
              body.writeBytes(copy);
            }
            case END -> {
              requests++;
              Seen s = new Seen(loop.time(), id, host, head.method(), head.target(),
                  body.toString(StandardCharsets.ISO_8859_1));
              seen.add(s);
              script.answer(new Exchange(this, s, head));
            }
            default -> { }
          }
        }
      } catch (Exception e) {
        throw new AssertionError("the in-memory server failed: " + e, e);
      }
      pending = in.slice();
    }

    @Override
    public boolean eofReceived() {
      return false;
    }

    @Override
    public void connectionLost(Throwable excOrNull) {
      openNow--;
      closes.add(String.format(Locale.ROOT, "#%d at %.2f", id, loop.time()));
    }
  }
}
