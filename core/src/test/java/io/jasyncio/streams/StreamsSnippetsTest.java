package io.jasyncio.streams;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.Printed;
import io.jasyncio.subprocess.AsyncProcess;
import io.jasyncio.subprocess.Redirect;
import io.jasyncio.subprocess.Subprocess;
import io.jasyncio.transports.Server;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The examples of the streams package's javadoc ({@code {@snippet class=... region=...}}): each
 * region compiles here, and runs (on loopback sockets), and what it prints is what its comments
 * say.
 */
@Timeout(60)
class StreamsSnippetsTest {

  /** An echo server of lines on loopback, for the client examples. */
  private static Server lineEcho() throws IOException {
    return Streams.startServer((r, w) -> {
      byte[] line;
      while ((line = r.readline()).length > 0) {
        w.write(line);
        w.drain();
      }
      w.close();
    }, "127.0.0.1", 0);
  }

  private static void stop(Server server) throws IOException {
    server.close();
    server.waitClosed();
  }

  @Test
  void brokenPipeException() throws Exception {
    assertEquals(List.of("the child stopped reading"), Printed.by(() -> Asyncio.run(() -> {
      AsyncProcess proc = Subprocess.createSubprocessShell("exit 0",
          Redirect.PIPE, Redirect.DEVNULL, Redirect.DEVNULL);
      proc.waitFor();
      byte[] bigInput = new byte[4 << 20];
      // @start region="brokenPipeException"
      proc.stdin().write(bigInput);
      try {
        proc.stdin().drain();
      } catch (BrokenPipeException e) {
        System.out.println("the child stopped reading");
      } catch (ConnectionResetException e) {     // what some systems say instead
        System.out.println("the child stopped reading");
      }
      // @end
      return null;
    })));
  }

  @Test
  void clientHandler() {
    String echoed = Asyncio.run(() -> {
      // @start region="clientHandler"
      Server s = Streams.startServer((reader, writer) -> {
        byte[] line;
        while ((line = reader.readline()).length > 0) {
          writer.write(line);
          writer.drain();
        }
      }, "127.0.0.1", 0);
      // @end
      Connection c = Streams.openConnection("127.0.0.1", s.port());
      c.writer().write("a\nb\n".getBytes(US_ASCII));
      String r = new String(c.reader().readline(), US_ASCII) + new String(c.reader().readline(), US_ASCII);
      c.writer().close();
      stop(s);
      return r;
    });
    assertEquals("a\nb\n", echoed);
  }

  @Test
  void connection() {
    byte[] got = Asyncio.run(() -> {
      Server server = lineEcho();
      int port = server.port();
      // @start region="connection"
      Connection c = Streams.openConnection("127.0.0.1", port);
      c.writer().write("ping\n".getBytes());
      c.writer().drain();
      byte[] answer = c.reader().readline();          // "ping\n" from an echo server
      c.writer().close();
      c.writer().waitClosed();
      // @end
      stop(server);
      return answer;
    });
    assertEquals("ping\n", new String(got, US_ASCII));
  }

  @Test
  void connectionResetException() throws Exception {
    assertEquals(List.of("peer went away: reset by peer"), Printed.by(() -> Asyncio.runVirtual(() -> {
      StreamReader reader = new StreamReader();
      reader.setException(new ConnectionResetException("reset by peer"));
      // @start region="connectionResetException"
      try {
        byte[] line = reader.readline();
        System.out.println(line.length);
      } catch (ConnectionResetException e) {
        System.out.println("peer went away: " + e.getMessage());
      }
      // @end
      return null;
    })));
  }

  @Test
  void datagrams() {
    String[] seen = Asyncio.run(() -> {
      // @start region="datagrams"
      DatagramStream server = DatagramStream.bind("127.0.0.1", 0);
      DatagramStream client = DatagramStream.connect("127.0.0.1", server.localAddress().getPort());
      client.send("ping".getBytes());
      Datagram d = server.recv();
      server.send(d.data(), d.address());
      byte[] pong = client.recv().data();                 // "ping", back from the server
      // @end
      // the server's side of the exchange again, as Datagram's example
      client.send("again".getBytes());
      DatagramStream stream = server;
      // @start region="datagram"
      Datagram d2 = stream.recv();
      stream.send(d2.data(), d2.address());       // echo it back
      // @end
      String again = new String(client.recv().data(), US_ASCII);
      client.close();
      server.close();
      return new String[] {new String(pong, US_ASCII), again};
    });
    assertArrayEquals(new String[] {"ping", "again"}, seen);
  }

  @Test
  void datagramStream() {
    String got = Asyncio.run(() -> {
      DatagramStream echo = DatagramStream.bind("127.0.0.1", 0);
      Asyncio.createTask(() -> {
        Datagram d = echo.recv();
        echo.send(("answer to " + new String(d.data(), US_ASCII)).getBytes(US_ASCII), d.address());
        return null;
      });
      int port = echo.localAddress().getPort();
      byte[] query = "query".getBytes(US_ASCII);
      // @start region="datagramStream"
      DatagramStream s = DatagramStream.connect("127.0.0.1", port);
      s.send(query);
      byte[] answer = s.recv().data();
      s.close();
      // @end
      echo.close();
      return new String(answer, US_ASCII);
    });
    assertEquals("answer to query", got);
  }

  /** A protocol that keeps what it receives. */
  static final class MyProtocol implements DatagramProtocol {
    final List<String> received = new ArrayList<>();

    @Override
    public void datagramReceived(byte[] data, SocketAddress addr) {
      received.add(new String(data, US_ASCII));
    }
  }

  @Test
  void datagramProtocolAndEndpoint() {
    List<String> got = Asyncio.run(() -> {
      // @start region="datagramProtocol"
      DatagramEndpoint<DatagramProtocol> echo = Datagrams.createDatagramEndpoint(
          () -> new DatagramProtocol() {
            DatagramTransport transport;
            public void connectionMade(DatagramTransport t) { transport = t; }
            public void datagramReceived(byte[] data, SocketAddress from) {
              transport.sendto(data, from);
            }
          },
          new InetSocketAddress("127.0.0.1", 0), null);
      // @end
      SocketAddress peer = (SocketAddress) echo.transport().getExtraInfo("sockname");
      SocketAddress local = new InetSocketAddress("127.0.0.1", 0);
      // @start region="datagramEndpoint"
      DatagramEndpoint<MyProtocol> ep = Datagrams.createDatagramEndpoint(MyProtocol::new, local, null);
      ep.transport().sendto("hi".getBytes(), peer);
      // @end
      while (ep.protocol().received.isEmpty()) {
        Asyncio.sleep(0.01);
      }
      DatagramEndpoint<?> endpoint = ep;
      // @start region="datagramTransport"
      DatagramTransport t = endpoint.transport();
      t.sendto("ping".getBytes(), peer);
      t.close();
      // @end
      echo.transport().close();
      return ep.protocol().received;
    });
    assertEquals(List.of("hi"), got);
  }

  @Test
  void incompleteReadError() throws Exception {
    assertEquals(List.of("3 bytes read on a total of 16 expected bytes"), Printed.by(() -> Asyncio.runVirtual(() -> {
      StreamReader reader = new StreamReader();
      reader.feedData(new byte[3]);
      reader.feedEof();
      // @start region="incompleteReadError"
      try {
        byte[] header = reader.readexactly(16);
        System.out.println(header.length);
      } catch (IncompleteReadError e) {
        System.out.println(e.getMessage());   // "3 bytes read on a total of 16 expected bytes"
      }
      // @end
      return null;
    })));
  }

  @Test
  void limitOverrunError() {
    String next = Asyncio.runVirtual(() -> {
      StreamReader reader = new StreamReader(8);
      reader.feedData("far too long a line\r\nnext\r\n".getBytes(US_ASCII));
      byte[] line = null;
      // @start region="limitOverrunError"
      try {
        line = reader.readuntil(new byte[] {'\r', '\n'});
      } catch (LimitOverrunError e) {
        reader.read(e.consumed());    // readuntil kept the buffer: skip the overlong part
      }
      // @end
      assertEquals(null, line);
      return new String(reader.readuntil(new byte[] {'\r', '\n'}), US_ASCII);
    });
    assertTrue(next.endsWith("\r\n"), next);
  }

  /** Compiled, not run: it needs the network. */
  static Connection streamOptions(SSLContext sslContext) throws IOException {
    // @start region="streamOptions"
    StreamOptions o = StreamOptions.defaults().withLimit(1 << 20).withTls(sslContext, "example.org");
    Connection c = Streams.openConnection("example.org", 443, o);
    // @end
    return c;
  }

  @Test
  void streamOptionsValues() throws Exception {
    SSLContext ctx = SSLContext.getDefault();
    StreamOptions o = StreamOptions.defaults().withLimit(1 << 20).withTls(ctx, "example.org");
    assertEquals(1 << 20, o.limit());
    assertEquals("example.org", o.serverHostname());
  }

  @Test
  void streamReader() {
    String[] got = Asyncio.run(() -> {
      Server server = Streams.startServer((r, w) -> {
        r.readuntil("\r\n\r\n".getBytes(US_ASCII));
        w.write("HTTP/1.0 200 OK\r\n\r\nhello".getBytes(US_ASCII));
        w.close();
      }, "127.0.0.1", 0);
      int port = server.port();
      // @start region="streamReader"
      Connection c = Streams.openConnection("127.0.0.1", port);
      c.writer().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] status = c.reader().readline();          // "HTTP/1.0 200 OK\r\n"
      byte[] rest = c.reader().read(-1);              // everything up to EOF
      // @end
      c.writer().close();
      stop(server);
      return new String[] {new String(status, US_ASCII), new String(rest, US_ASCII)};
    });
    assertArrayEquals(new String[] {"HTTP/1.0 200 OK\r\n", "\r\nhello"}, got);
  }

  @Test
  void streamWriter() {
    int total = Asyncio.run(() -> {
      int[] counted = new int[1];
      Server server = Streams.startServer((r, w) -> {
        counted[0] = r.read(-1).length;
      }, "127.0.0.1", 0);
      StreamWriter writer = Streams.openConnection("127.0.0.1", server.port()).writer();
      List<byte[]> chunks = List.of(new byte[1 << 20], new byte[1 << 20]);
      // @start region="streamWriter"
      for (byte[] chunk : chunks) {
        writer.write(chunk);
        writer.drain();            // suspends only while the peer is slower than we are
      }
      writer.close();
      writer.waitClosed();
      // @end
      while (counted[0] == 0) {
        Asyncio.sleep(0.01);
      }
      stop(server);
      return counted[0];
    });
    assertEquals(2 << 20, total);
  }

  @Test
  void streams() {
    byte[] got =
        // @start region="streams"
        Asyncio.run(() -> {
          Server server = Streams.startServer((r, w) -> {      // echo, one task per client
            w.write(r.readline());
            w.drain();
          }, "127.0.0.1", 0);
          Connection c = Streams.openConnection("127.0.0.1", server.port());
          c.writer().write("hello\n".getBytes());
          byte[] echo = c.reader().readline();                 // "hello\n"
          c.writer().close();
          server.close();
          server.waitClosed();
          return echo;
        });
        // @end
    assertEquals("hello\n", new String(got, US_ASCII));
  }
}
