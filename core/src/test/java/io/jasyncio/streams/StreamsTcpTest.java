package io.jasyncio.streams;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.TestBase;
import io.jasyncio.transports.Server;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** TCP streams and servers on 127.0.0.1 (real clock; timeouts are a safety net only). */
@Timeout(120)
class StreamsTcpTest extends TestBase {
  static final String HOST = "127.0.0.1";

  static byte[] b(String s) {
    return s.getBytes(US_ASCII);
  }

  static String s(byte[] b) {
    return new String(b, US_ASCII);
  }

  static final ClientHandler ECHO_LINES = (r, w) -> {
    byte[] line;
    while ((line = r.readline()).length > 0) {
      w.write(line);
      w.drain();
    }
  };

  @Test
  void echoServerAndClient() {
    String got = Asyncio.run(() -> {
      Server server = Streams.startServer(ECHO_LINES, HOST, 0);
      assertTrue(server.isServing());
      assertTrue(server.port() > 0);
      Connection c = Streams.openConnection(HOST, server.port());
      c.writer().write(b("hello\n"));
      c.writer().writelines(List.of(b("wor"), b("ld\n")));
      c.writer().drain();
      String r = s(c.reader().readline()) + s(c.reader().readline());
      c.writer().close();
      assertTrue(c.writer().isClosing());
      c.writer().waitClosed();
      server.close();
      server.waitClosed();
      assertFalse(server.isServing());
      return r;
    });
    assertEquals("hello\nworld\n", got);
  }

  @Test
  void serverSocketsAndExtraInfo() {
    Asyncio.run(() -> {
      Future<Object[]> seen = Asyncio.getRunningLoop().createFuture();
      Server server = Streams.startServer((r, w) -> {
        seen.setResult(new Object[] {w.getExtraInfo("peername"), w.getExtraInfo("sockname")});
        r.read(-1);
      }, HOST, 0);
      List<java.net.SocketAddress> sockets = server.sockets();
      assertEquals(1, sockets.size());
      InetSocketAddress listen = (InetSocketAddress) sockets.get(0);
      assertEquals(server.port(), listen.getPort());
      assertEquals(HOST, listen.getAddress().getHostAddress());

      Connection c = Streams.openConnection(HOST, server.port());
      InetSocketAddress peer = (InetSocketAddress) c.writer().getExtraInfo("peername");
      InetSocketAddress local = (InetSocketAddress) c.writer().getExtraInfo("sockname");
      assertEquals(server.port(), peer.getPort());
      assertInstanceOf(SocketChannel.class, c.writer().getExtraInfo("socket"));
      assertNull(c.writer().getExtraInfo("sslcontext"));
      assertEquals("none", c.writer().getExtraInfo("nonsense", "none"));
      Object[] serverSide = Asyncio.await(seen);
      assertEquals(local, serverSide[0]);
      assertEquals(peer, serverSide[1]);
      c.writer().close();
      server.close();
      assertEquals(List.of(), server.sockets());
      server.waitClosed();
      return null;
    });
  }

  @Test
  void connectionRefused() {
    int port;
    try (ServerSocket ss = new ServerSocket(0)) {
      port = ss.getLocalPort();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    ConnectException e = assertThrows(ConnectException.class,
        () -> Asyncio.run(() -> Streams.openConnection(HOST, port)));
    assertTrue(e.getMessage().contains("Connection refused"), e.getMessage());
  }

  @Test
  void unknownHostFailsWithUnknownHostException() {
    assertThrows(java.net.UnknownHostException.class,
        () -> Asyncio.run(() -> Streams.openConnection("no-such-host.invalid", 80)));
  }

  @Test
  void nameResolutionOffTheLoop() {
    String got = Asyncio.run(() -> {
      Server server = Streams.startServer(ECHO_LINES, HOST, 0);
      Connection c = Streams.openConnection("localhost", server.port());
      c.writer().write(b("via name\n"));
      String line = s(c.reader().readline());
      c.writer().close();
      server.close();
      return line;
    });
    assertEquals("via name\n", got);
  }

  @Test
  void badArguments() {
    Asyncio.run(() -> {
      assertThrows(IllegalArgumentException.class, () -> Streams.openConnection(HOST, 70000));
      assertThrows(NullPointerException.class, () -> Streams.openConnection(null, 1));
      assertThrows(NullPointerException.class, () -> Streams.startServer(null, HOST, 0));
      return null;
    });
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Streams.openConnection(HOST, 1));
    assertEquals("openConnection() must be called from a coroutine running on an event loop",
        e.getMessage());
    assertThrows(IllegalStateException.class, () -> Streams.startServer(ECHO_LINES, HOST, 0));
  }

  @Test
  void halfCloseLetsThePeerAnswerAfterEof() {
    String got = Asyncio.run(() -> {
      Server server = Streams.startServer((r, w) -> {
        byte[] all = r.read(-1);                 // until the client's writeEof
        w.write(b("got " + all.length + " bytes"));
        w.drain();
      }, HOST, 0);
      Connection c = Streams.openConnection(HOST, server.port());
      assertTrue(c.writer().canWriteEof());
      c.writer().write(b("0123456789"));
      c.writer().writeEof();
      assertThrows(IllegalStateException.class, () -> c.writer().write(b("more")));
      String answer = s(c.reader().read(-1));
      assertTrue(c.reader().atEof());
      c.writer().close();
      server.close();
      server.waitClosed();
      return answer;
    });
    assertEquals("got 10 bytes", got);
  }

  @Test
  void writeAfterCloseIsIllegalState() {
    Asyncio.run(() -> {
      Server server = Streams.startServer((r, w) -> r.read(-1), HOST, 0);
      Connection c = Streams.openConnection(HOST, server.port());
      c.writer().close();
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> c.writer().write(b("x")));
      assertEquals("write() after close()", e.getMessage());
      c.writer().waitClosed();
      assertThrows(IllegalStateException.class, () -> c.writer().write(b("x")));
      c.writer().close(); // idempotent
      server.close();
      server.waitClosed();
      return null;
    });
  }

  @Test
  void peerResetRaisesConnectionResetException() {
    Asyncio.run(() -> {
      Future<Void> accepted = Asyncio.getRunningLoop().createFuture();
      Server server = Streams.startServer((r, w) -> {
        SocketChannel ch = (SocketChannel) w.getExtraInfo("socket");
        ch.setOption(StandardSocketOptions.SO_LINGER, 0); // close sends RST
        w.write(b("partial line"));
        w.drain();
        accepted.setResult(null);
        w.abort();
      }, HOST, 0);
      Connection c = Streams.openConnection(HOST, server.port());
      Asyncio.await(accepted);
      // The bytes that arrived before the reset may or may not be read first; then the reset.
      ConnectionResetException e = assertThrows(ConnectionResetException.class, () -> {
        while (true) {
          if (c.reader().read(100).length == 0) {
            throw new AssertionError("EOF instead of a reset");
          }
        }
      });
      assertTrue(e.getMessage().startsWith("Connection reset by peer"), e.getMessage());
      assertSame(e, c.reader().exception());
      assertThrows(ConnectionResetException.class, () -> c.writer().drain());
      assertThrows(ConnectionResetException.class, () -> c.writer().waitClosed());
      c.writer().write(b("dropped")); // connection lost: dropped, drain reports it
      server.close();
      server.waitClosed();
      return null;
    });
  }

  @Test
  void handlerExceptionIsReportedAndConnectionClosed() {
    List<Map<String, Object>> reported = new CopyOnWriteArrayList<>();
    Asyncio.run(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
      Server server = Streams.startServer((r, w) -> {
        r.readline();
        throw new IllegalStateException("handler failed");
      }, HOST, 0);
      Connection c = Streams.openConnection(HOST, server.port());
      c.writer().write(b("go\n"));
      assertArrayEquals(new byte[0], c.reader().read(-1)); // the server closed the connection
      c.writer().close();
      server.close();
      server.waitClosed();
      return null;
    });
    assertEquals(1, reported.size());
    assertEquals("Unhandled exception in client handler", reported.get(0).get("message"));
    assertEquals("handler failed",
        ((Throwable) reported.get(0).get("exception")).getMessage());
  }

  @Test
  void handlerReturnFlushesThenCloses() {
    int n = Asyncio.run(() -> {
      byte[] big = new byte[3 * 1024 * 1024];
      Server server = Streams.startServer((r, w) -> w.write(big), HOST, 0); // no drain
      Connection c = Streams.openConnection(HOST, server.port());
      int len = c.reader().read(-1).length;
      server.close();
      server.waitClosed();
      return len;
    });
    assertEquals(3 * 1024 * 1024, n);
  }

  @Test
  void waitClosedWaitsForConnectionsAndCloseClientsEndsThem() {
    Asyncio.run(() -> {
      Server server = Streams.startServer((r, w) -> r.read(-1), HOST, 0);
      Connection c = Streams.openConnection(HOST, server.port());
      c.writer().write(b("x"));
      while (server.activeConnections() == 0) {
        Asyncio.sleep(0.001);
      }
      server.close();
      assertFalse(server.isServing());
      Task<Void> waiter = Asyncio.createTask(() -> { server.waitClosed(); return null; });
      Asyncio.sleep(0.05);
      assertFalse(waiter.done(), "waitClosed returned while a client is connected");
      server.closeClients();
      Asyncio.await(waiter);
      assertEquals(0, server.activeConnections());
      assertArrayEquals(new byte[0], c.reader().read(-1));
      c.writer().close();
      // A closed server refuses new connections.
      assertThrows(ConnectException.class, () -> Streams.openConnection(HOST, server.port()));
      return null;
    });
  }

  @Test
  void serveForeverEndsWhenClosedAndCloseOnCancel() {
    Asyncio.run(() -> {
      Server server = Streams.startServer(ECHO_LINES, HOST, 0);
      Task<Void> forever = Asyncio.createTask(() -> { server.serveForever(); return null; });
      Asyncio.sleep(0);
      assertThrows(IllegalStateException.class, server::serveForever);
      Asyncio.getRunningLoop().callSoon(server::close);
      Asyncio.await(forever);
      assertFalse(server.isServing());

      Server s2 = Streams.startServer(ECHO_LINES, HOST, 0);
      Task<Void> f2 = Asyncio.createTask(() -> { s2.serveForever(); return null; });
      Asyncio.sleep(0);
      f2.cancel();
      assertThrows(io.jasyncio.CancelledError.class, () -> Asyncio.await(f2));
      assertFalse(s2.isServing());
      s2.waitClosed();
      return null;
    });
  }

  @Test
  void cancellingServeForeverClosesTheServerAndWaitsForItsConnections() {
    Asyncio.run(() -> {
      Future<Void> release = Asyncio.getRunningLoop().createFuture();
      Server server =
          Streams.startServer((r, w) -> {
            Asyncio.await(release); // the connection stays open until released
            w.close();
          }, HOST, 0);
      Task<Void> forever = Asyncio.createTask(() -> { server.serveForever(); return null; });
      var c = Streams.openConnection(HOST, server.port());
      while (server.activeConnections() == 0) { // the server accepted the connection
        Asyncio.sleep(0.001);
      }
      forever.cancel();
      Asyncio.sleep(0.05);
      assertFalse(server.isServing(), "closed at once");
      assertFalse(forever.done(), "still waiting for the open connection");
      release.setResult(null);
      assertThrows(io.jasyncio.CancelledError.class, () -> Asyncio.await(forever));
      assertArrayEquals(new byte[0], c.reader().read(-1));
      c.writer().close();
      return null;
    });
  }

  @Test
  void drainAfterTheWritersOwnCloseSaysTheWriterWasClosed() {
    Asyncio.run(() -> {
      Server server = Streams.startServer(ECHO_LINES, HOST, 0);
      var c = Streams.openConnection(HOST, server.port());
      c.writer().close();
      c.writer().waitClosed();
      ConnectionResetException e =
          assertThrows(ConnectionResetException.class, () -> c.writer().drain());
      assertEquals("drain() after this writer's close(): the writer was closed", e.getMessage());
      server.close();
      return null;
    });
  }

  @Test
  void inDebugModeWritingFromAForeignThreadThrows() {
    String msg = Asyncio.run(() -> {
      Server server = Streams.startServer(ECHO_LINES, HOST, 0);
      var c = Streams.openConnection(HOST, server.port());
      String m = Asyncio.await(Asyncio.toThread(() ->
          assertThrows(IllegalStateException.class, () -> c.writer().write(new byte[] {1}))
              .getMessage()));
      Asyncio.await(Asyncio.toThread(() ->
          assertThrows(IllegalStateException.class, () -> c.writer().close())));
      c.writer().close();
      server.close();
      return m;
    }, true);
    assertTrue(msg.startsWith("Non-thread-safe operation write() of "), msg);
  }

  @Test
  void bindingABusyPortFails() {
    Asyncio.run(() -> {
      Server s = Streams.startServer(ECHO_LINES, HOST, 0);
      try (ServerSocket other = new ServerSocket()) {
        // The port is taken by our server: binding it again fails.
        assertThrows(java.net.BindException.class,
            () -> other.bind(new InetSocketAddress(HOST, s.port())));
      }
      s.close();
      return null;
    });
  }

  @Test
  void thousandConcurrentClientsAllAnswered() {
    int clients = 1000;
    int ok = Asyncio.run(() -> {
      Server server = Streams.startServer(ECHO_LINES, HOST, 0);
      List<Task<Boolean>> tasks = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        int id = i;
        tasks.add(Asyncio.createTask(() -> {
          Connection c = Streams.openConnection(HOST, server.port());
          String msg = "client " + id + "\n";
          c.writer().write(b(msg));
          c.writer().drain();
          boolean same = msg.equals(s(c.reader().readline()));
          c.writer().close();
          c.writer().waitClosed();
          return same;
        }));
      }
      int good = 0;
      for (Task<Boolean> t : tasks) {
        if (Asyncio.await(t)) {
          good++;
        }
      }
      server.close();
      server.waitClosed();
      return good;
    });
    assertEquals(clients, ok);
  }

  @Test
  void largeTransferBothWays() {
    int size = 8 * 1024 * 1024;
    byte[] back = Asyncio.run(() -> {
      Server server = Streams.startServer((r, w) -> {
        byte[] buf;
        while ((buf = r.read(65536)).length > 0) {
          w.write(buf);
          w.drain();
        }
      }, HOST, 0);
      Connection c = Streams.openConnection(HOST, server.port());
      byte[] data = new byte[size];
      new java.util.Random(7).nextBytes(data);
      Task<byte[]> reader = Asyncio.createTask(() -> c.reader().readexactly(size));
      for (int off = 0; off < size; off += 100_000) {
        c.writer().write(data, off, Math.min(100_000, size - off));
        c.writer().drain();
      }
      byte[] got = Asyncio.await(reader);
      assertArrayEquals(data, got);
      c.writer().close();
      server.close();
      server.waitClosed();
      return got;
    });
    assertNotNull(back);
  }

  @Test
  void abortClientsDropsConnectionsAtOnce() {
    Asyncio.run(() -> {
      Server server = Streams.startServer((r, w) -> {
        w.write(new byte[4 * 1024 * 1024]); // more than the socket buffers hold
        r.read(-1);
      }, HOST, 0);
      Connection c = Streams.openConnection(HOST, server.port());
      while (server.activeConnections() == 0) {
        Asyncio.sleep(0.001);
      }
      server.abortClients();
      server.close();
      server.waitClosed();
      // The client sees fewer than the 4 MiB queued (then EOF), or a reset.
      int n = 0;
      try {
        byte[] chunk;
        while ((chunk = c.reader().read(65536)).length > 0) {
          n += chunk.length;
        }
      } catch (ConnectionResetException reset) {
        // aborting may reset the connection
      }
      assertTrue(n < 4 * 1024 * 1024, "got " + n);
      c.writer().close();
      return null;
    });
  }

  @Test
  void recordsAndOptionsCheckTheirArguments() {
    assertThrows(NullPointerException.class, () -> new Connection(null, null));
    StreamOptions o = StreamOptions.defaults();
    assertEquals(StreamReader.DEFAULT_LIMIT, o.limit());
    assertNull(o.tls());
    assertEquals(1000, o.withLimit(1000).limit());
    assertEquals("example.org", o.withTls(null, "example.org").serverHostname());
    IncompleteReadError e = new IncompleteReadError(b("ab"), 5);
    byte[] partial = e.partial();
    partial[0] = 'x';
    assertEquals("ab", s(e.partial()), "partial() is a copy");
    assertEquals("2 bytes read on a total of 5 expected bytes", e.getMessage());
    assertEquals(7, new LimitOverrunError("m", 7).consumed());
  }
}
