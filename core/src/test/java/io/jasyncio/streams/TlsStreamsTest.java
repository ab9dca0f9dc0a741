package io.jasyncio.streams;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.Future;
import io.jasyncio.TestBase;
import io.jasyncio.transports.Server;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** TLS streams with a self-signed certificate made for the test. */
@Timeout(120)
class TlsStreamsTest extends TestBase {
  static final String HOST = "127.0.0.1";
  @TempDir static Path dir;
  static TestCerts certs;

  @BeforeAll
  static void makeCertificates() throws Exception {
    certs = TestCerts.create(dir, "server");
  }

  static byte[] b(String s) {
    return s.getBytes(US_ASCII);
  }

  static final ClientHandler ECHO = (r, w) -> {
    byte[] line;
    while ((line = r.readline()).length > 0) {
      w.write(line);
      w.drain();
    }
  };

  StreamOptions serverOptions() {
    return StreamOptions.defaults().withTls(certs.server, null);
  }

  StreamOptions clientOptions(String name) {
    return StreamOptions.defaults().withTls(certs.client, name);
  }

  @Test
  void echoOverTlsWithServerName() {
    Asyncio.run(() -> {
      Future<Object[]> serverSide = Asyncio.getRunningLoop().createFuture();
      Server server = Streams.startServer((r, w) -> {
        serverSide.setResult(new Object[] {w.getExtraInfo("sslcontext"),
            w.getExtraInfo("sslsession")});
        ECHO.handle(r, w);
      }, HOST, 0, serverOptions());
      Connection c = Streams.openConnection(HOST, server.port(), clientOptions("localhost"));
      assertSame(certs.client, c.writer().getExtraInfo("sslcontext"));
      SSLSession session = (SSLSession) c.writer().getExtraInfo("sslsession");
      assertTrue(session.getProtocol().startsWith("TLSv1."), session.getProtocol());
      assertFalse(c.writer().canWriteEof());
      assertThrows(UnsupportedOperationException.class, () -> c.writer().writeEof());
      c.writer().write(b("secret\n"));
      assertEquals("secret\n", new String(c.reader().readline(), US_ASCII));
      Object[] seen = Asyncio.await(serverSide);
      assertSame(certs.server, seen[0]);
      List<?> names = ((ExtendedSSLSession) seen[1]).getRequestedServerNames();
      assertEquals(List.of(new SNIHostName("localhost")), names);
      c.writer().close();
      c.writer().waitClosed();
      server.close();
      server.waitClosed();
      return null;
    });
  }

  @Test
  void ipAddressMatchesTheCertificateWithoutServerName() {
    String got = Asyncio.run(() -> {
      Server server = Streams.startServer(ECHO, HOST, 0, serverOptions());
      Connection c = Streams.openConnection(HOST, server.port(), clientOptions(null));
      c.writer().write(b("by ip\n"));
      String line = new String(c.reader().readline(), US_ASCII);
      c.writer().close();
      server.close();
      return line;
    });
    assertEquals("by ip\n", got);
  }

  @Test
  void closeNotifyIsEofForThePeer() {
    Asyncio.run(() -> {
      Future<byte[]> serverRead = Asyncio.getRunningLoop().createFuture();
      Server server = Streams.startServer((r, w) -> {
        serverRead.setResult(r.read(-1)); // ends at the client's close_notify
      }, HOST, 0, serverOptions());
      Connection c = Streams.openConnection(HOST, server.port(), clientOptions("localhost"));
      c.writer().write(b("last words"));
      c.writer().close();
      c.writer().waitClosed();
      assertEquals("last words", new String(Asyncio.await(serverRead), US_ASCII));

      // And the other way: the server's handler returns, its side closes with close_notify.
      Server s2 = Streams.startServer((r, w) -> w.write(b("bye")), HOST, 0, serverOptions());
      Connection c2 = Streams.openConnection(HOST, s2.port(), clientOptions("localhost"));
      assertEquals("bye", new String(c2.reader().read(-1), US_ASCII));
      assertTrue(c2.reader().atEof());
      c2.writer().close();
      server.close();
      s2.close();
      s2.waitClosed();
      return null;
    });
  }

  @Test
  void untrustedCertificateFailsTheHandshake() {
    AtomicInteger handled = new AtomicInteger();
    Asyncio.run(() -> {
      Server server = Streams.startServer((r, w) -> handled.incrementAndGet(), HOST, 0,
          serverOptions());
      // The JDK's default context trusts the public CAs, not our self-signed certificate.
      StreamOptions strangers =
          StreamOptions.defaults().withTls(javax.net.ssl.SSLContext.getDefault(), "localhost");
      SSLException e = assertThrows(SSLException.class,
          () -> Streams.openConnection(HOST, server.port(), strangers));
      assertInstanceOf(javax.net.ssl.SSLHandshakeException.class, e);
      // The server goes on serving good clients.
      Connection ok = Streams.openConnection(HOST, server.port(), clientOptions("localhost"));
      ok.writer().close();
      server.close();
      server.waitClosed();
      return null;
    });
    assertEquals(1, handled.get(), "the handler ran only for the good client");
  }

  @Test
  void wrongHostNameFailsTheHandshake() {
    Asyncio.run(() -> {
      Server server = Streams.startServer(ECHO, HOST, 0, serverOptions());
      SSLException e = assertThrows(SSLException.class,
          () -> Streams.openConnection(HOST, server.port(), clientOptions("example.com")));
      assertTrue(String.valueOf(e.getMessage()).contains("example.com")
          || String.valueOf(e.getCause()).contains("example.com"), e.toString());
      server.close();
      server.waitClosed();
      return null;
    });
  }

  @Test
  void plainClientToTlsServerFailsWithoutHurtingTheServer() {
    Asyncio.run(() -> {
      Server server = Streams.startServer(ECHO, HOST, 0, serverOptions());
      Connection plain = Streams.openConnection(HOST, server.port());
      plain.writer().write(b("GET / HTTP/1.0\r\n\r\n"));
      // The server's TLS layer rejects the bytes and closes: EOF (or a reset) here.
      try {
        plain.reader().read(-1);
      } catch (ConnectionResetException expected) {
        // also acceptable: the server aborted
      }
      plain.writer().close();
      Connection good = Streams.openConnection(HOST, server.port(), clientOptions("localhost"));
      good.writer().write(b("still here\n"));
      assertEquals("still here\n", new String(good.reader().readline(), US_ASCII));
      good.writer().close();
      server.close();
      server.waitClosed();
      return null;
    });
  }

  @Test
  void largeTransferOverTls() {
    int size = 2 * 1024 * 1024;
    byte[] data = new byte[size];
    new java.util.Random(3).nextBytes(data);
    byte[] got = Asyncio.run(() -> {
      Server server = Streams.startServer((r, w) -> {
        byte[] buf;
        while ((buf = r.read(65536)).length > 0) {
          w.write(buf);
          w.drain();
        }
      }, HOST, 0, serverOptions());
      Connection c = Streams.openConnection(HOST, server.port(), clientOptions("localhost"));
      io.jasyncio.Task<byte[]> reader = Asyncio.createTask(() -> c.reader().readexactly(size));
      for (int off = 0; off < size; off += 50_000) {
        c.writer().write(data, off, Math.min(50_000, size - off));
        c.writer().drain();
      }
      byte[] back = Asyncio.await(reader);
      c.writer().close();
      server.close();
      server.waitClosed();
      return back;
    });
    assertArrayEquals(data, got);
  }

  @Test
  void tlsOverUnixSocket() {
    Path path = dir.resolve("tls.sock");
    String got = Asyncio.run(() -> {
      Server server = Streams.startUnixServer(ECHO, path, serverOptions());
      Connection c = Streams.openUnixConnection(path, clientOptions("localhost"));
      c.writer().write(b("unix+tls\n"));
      String line = new String(c.reader().readline(), US_ASCII);
      c.writer().close();
      server.close();
      return line;
    });
    assertEquals("unix+tls\n", got);
  }

  @Test
  void cancelledDuringTheHandshakeLeavesNoSocket() throws Exception {
    // A listener that never answers: TCP connects (the backlog takes it), TLS waits forever.
    try (java.nio.channels.ServerSocketChannel mute = java.nio.channels.ServerSocketChannel.open()) {
      mute.bind(new java.net.InetSocketAddress(HOST, 0));
      int port = ((java.net.InetSocketAddress) mute.getLocalAddress()).getPort();
      // The first run warms up what the JDK opens once, lazily, and keeps (the pollers of
      // virtual threads, name resolution): only a second, identical run can be counted.
      cancelDuringHandshake(port);
      int before = Fds.count();
      cancelDuringHandshake(port);
      assertEquals(before, Fds.count());
    }
  }

  private void cancelDuringHandshake(int port) {
    Asyncio.run(() -> {
      io.jasyncio.Task<Connection> t = Asyncio.createTask(
          () -> Streams.openConnection(HOST, port, clientOptions("localhost")));
      Asyncio.getRunningLoop().callLater(0.2, t::cancel);
      assertThrows(io.jasyncio.CancelledError.class, () -> Asyncio.await(t));
      Asyncio.sleep(0);
      return null;
    });
  }

  @Test
  void closeClientsEndsTlsConnectionsWithCloseNotify() {
    Asyncio.run(() -> {
      Server server = Streams.startServer((r, w) -> r.read(-1), HOST, 0, serverOptions());
      Connection c = Streams.openConnection(HOST, server.port(), clientOptions("localhost"));
      c.writer().write(b("x"));
      while (server.activeConnections() == 0) {
        Asyncio.sleep(0.001);
      }
      server.close();
      server.closeClients();
      server.waitClosed();
      assertEquals(0, c.reader().read(-1).length); // EOF, not a reset
      assertTrue(c.reader().atEof());
      c.writer().close();
      c.writer().waitClosed();
      return null;
    });
  }
}
