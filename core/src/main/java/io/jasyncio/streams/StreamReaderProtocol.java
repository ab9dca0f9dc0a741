package io.jasyncio.streams;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.transports.Protocol;
import io.jasyncio.transports.Transport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * The protocol between a transport and a {@link StreamReader}/{@link StreamWriter} pair:
 * asyncio's {@code StreamReaderProtocol} with its {@code FlowControlMixin}. It feeds received
 * bytes to the reader, parks {@code drain()} callers while the transport's buffer is above its
 * high-water mark, completes the "closed" future when the connection ends, and, on a server, runs
 * the {@link ClientHandler} as a task and closes the connection when it returns.
 *
 * <p>The transport reports failures with the JDK's exceptions; this is where they become the
 * stream layer's ({@link ConnectionResetException}; {@link BrokenPipeException} and {@link
 * SSLException} pass unchanged).
 *
 * <p>Loop-bound: every method runs on the loop thread.
 */
final class StreamReaderProtocol implements Protocol {
  private final EventLoop loop;
  private final StreamReader reader;
  private final ClientHandler handler;
  private final Future<Void> closed;
  private final ArrayDeque<Future<Void>> drainWaiters = new ArrayDeque<>();
  private Transport transport;
  private StreamWriter writer;
  private boolean paused;
  private boolean connectionLost;
  private Throwable lostException;
  private boolean overSsl;

  /**
   * A protocol feeding {@code reader} (null for a write-only pipe); with {@code handler} (a
   * server's), the handler runs as a task with the reader and a new writer once the connection is
   * made.
   */
  /** The loop this protocol (and its writer) is bound to. */
  EventLoop loop() {
    return loop;
  }

  StreamReaderProtocol(EventLoop loop, StreamReader reader, ClientHandler handler) {
    this.loop = loop;
    this.reader = reader;
    this.handler = handler;
    this.closed = loop.createFuture();
  }

  @Override
  public void connectionMade(Transport t) {
    if (transport == t) {
      return;
    }
    this.transport = t;
    this.overSsl = t.getExtraInfo("sslcontext") != null;
    if (reader != null) {
      reader.setTransport(t);
    }
    if (handler != null) {
      writer = new StreamWriter(t, this, reader);
      startHandler();
    }
  }

  private void startHandler() {
    StreamWriter w = writer;
    Task<Void> task =
        loop.createTask(
            () -> {
              handler.handle(reader, w);
              return null;
            },
            "client-" + w.getExtraInfo("peername"));
    task.addDoneCallback(
        f -> {
          if (!f.cancelled()) {
            Throwable e = f.exception();
            if (e != null) {
              Map<String, Object> context = new LinkedHashMap<>();
              context.put("message", "Unhandled exception in client handler");
              context.put("exception", e);
              context.put("transport", transport);
              loop.callExceptionHandler(context);
            }
          }
          w.close();
        });
  }

  @Override
  public void dataReceived(ByteBuffer data) {
    if (reader != null) {
      reader.feedData(data);
    }
  }

  @Override
  public boolean eofReceived() {
    if (reader != null) {
      reader.feedEof();
    }
    // Over TLS a half-close is not possible: the transport closes.
    return !overSsl;
  }

  @Override
  public void connectionLost(Throwable cause) {
    Throwable exc = streamException(cause);
    if (reader != null) {
      if (exc == null) {
        reader.feedEof();
      } else {
        reader.setException(exc);
      }
    }
    if (exc == null) {
      closed.setResult(null);
    } else {
      closed.setException(exc);
      closed.exception(); // retrieved: waitClosed() raises it, but nobody has to call it
    }
    connectionLost = true;
    lostException = exc;
    Future<Void> w;
    while ((w = drainWaiters.poll()) != null) {
      if (!w.done()) {
        if (exc == null) {
          w.setResult(null);
        } else {
          w.setException(lostCopy());
        }
      }
    }
  }

  /**
   * The stream layer's exception for what the transport reported: an I/O error of the socket
   * becomes a {@link ConnectionResetException} (asyncio's way of surfacing a lost connection).
   */
  static Throwable streamException(Throwable e) {
    if (!(e instanceof IOException io)
        || e instanceof ConnectionResetException
        || e instanceof BrokenPipeException
        || e instanceof SSLException) {
      return e;
    }
    String m = io.getMessage();
    String what = m != null && m.toLowerCase(Locale.ROOT).contains("broken pipe")
        ? "Broken pipe"
        : "Connection reset by peer";
    return new ConnectionResetException(what + " (" + m + ")", io);
  }

  @Override
  public void pauseWriting() {
    paused = true;
  }

  @Override
  public void resumeWriting() {
    paused = false;
    Future<Void> w;
    while ((w = drainWaiters.poll()) != null) {
      if (!w.done()) {
        w.setResult(null);
      }
    }
  }

  private IOException lostCopy() {
    Throwable e = lostException;
    if (e instanceof BrokenPipeException) {
      return new BrokenPipeException("Broken pipe", e);
    }
    return new ConnectionResetException("Connection lost", e);
  }

  /** Suspends while the transport's buffer is above its high-water mark (see drain()). */
  void drainHelper() throws IOException {
    if (connectionLost) {
      throw lostCopy();
    }
    if (!paused) {
      return;
    }
    Future<Void> w = loop.createFuture();
    drainWaiters.add(w);
    try {
      Asyncio.await(w);
    } finally {
      drainWaiters.remove(w);
    }
  }

  /** Completes when the connection is closed (with its exception if it failed). */
  Future<Void> closedFuture() {
    return closed;
  }

  boolean isConnectionLost() {
    return connectionLost;
  }

  Transport transport() {
    return transport;
  }

  StreamWriter writer() {
    return writer;
  }
}
