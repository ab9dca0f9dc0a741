package io.jasyncio.transports;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.streams.TestCerts;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** TLS through {@link Transports}: the same calls with an {@code SSLContext}. */
@Timeout(120)
class TlsTransportsTest {
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

  @Test
  void bufferedEchoOverTls() {
    List<BufferedEcho> served = new ArrayList<>();
    Recorder client = Asyncio.run(() -> {
      Server server = Transports.createServer(() -> {
        BufferedEcho e = new BufferedEcho();
        served.add(e);
        return e;
      }, HOST, 0, certs.server, 10);
      TransportAndProtocol<Recorder> tp = Transports.createConnection(
          Recorder::new, HOST, server.port(), certs.client, "localhost");
      Transport t = tp.transport();
      assertSame(t, tp.protocol().transport);
      assertSame(certs.client, t.getExtraInfo("sslcontext"));
      assertNotNull(t.getExtraInfo("sslsession"));
      assertNotNull(t.getExtraInfo("peername"));
      assertFalse(t.canWriteEof());
      assertThrows(UnsupportedOperationException.class, t::writeEof);
      t.write(b("secret "));
      t.write(ByteBuffer.wrap(b("message")));
      Asyncio.await(tp.protocol().gotAllOf(14));
      t.close();
      assertTrue(t.isClosing());
      t.write(b("ignored"));            // writing to a closing transport is ignored
      Asyncio.await(tp.protocol().lost);
      server.close();
      server.waitClosed();
      return tp.protocol();
    });
    assertEquals("secret message", client.text());
    assertEquals(List.of("made", "data", "lost:null"), client.events);
    assertEquals(1, served.size());
    // The client's close_notify is EOF for the server's protocol, then the connection ends.
    assertEquals(List.of("made", "data", "eof", "lost:null"), served.get(0).events);
  }

  @Test
  void serverCertificateForAnotherNameFailsTheHandshake() {
    Asyncio.run(() -> {
      Server server = Transports.createServer(BufferedEcho::new, HOST, 0, certs.server, 10);
      assertThrows(SSLException.class, () -> Transports.createConnection(
          Recorder::new, HOST, server.port(), certs.client, "not-the-server.example"));
      server.close();
      server.waitClosed();
      return null;
    });
  }

  @Test
  void tlsOverUnixSockets(@TempDir Path tmp) {
    Path sock = tmp.resolve("tls.sock");
    Recorder client = Asyncio.run(() -> {
      Server server = Transports.createUnixServer(BufferedEcho::new, sock, certs.server, 10);
      TransportAndProtocol<Recorder> tp =
          Transports.createUnixConnection(Recorder::new, sock, certs.client, "localhost");
      tp.transport().write(b("unix tls"));
      Asyncio.await(tp.protocol().gotAllOf(8));
      tp.transport().close();
      Asyncio.await(tp.protocol().lost);
      server.close();
      server.waitClosed();
      return tp.protocol();
    });
    assertEquals("unix tls", client.text());
  }
}
