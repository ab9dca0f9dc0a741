package io.jasyncio.transports;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.Clock;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.TestBase;
import io.jasyncio.streams.TestCerts;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link MemoryTransport} on a virtual clock, and the socket-free tests it makes possible: the TLS
 * layer fed one byte per loop iteration.
 */
@Timeout(60)
class MemoryTransportTest extends TestBase {
  static byte[] b(String s) {
    return s.getBytes(US_ASCII);
  }

  static <T> T run(Coroutine<T> c) {
    try (EventLoop loop = EventLoop.create(Clock.virtual())) {
      return loop.runUntilComplete(c);
    }
  }

  @Test
  void partialWritesArriveChunkByChunkInOrder() {
    Recorder[] r = run(() -> {
      MemoryTransport.Pair p = MemoryTransport.pair(Asyncio.getRunningLoop());
      Recorder left = new Recorder();
      Recorder right = new Recorder();
      p.left().start(left);
      p.right().start(right);
      p.left().setChunkSize(3);
      p.left().write(b("hello world"));
      assertEquals(11, p.left().getWriteBufferSize());
      Asyncio.sleep(0);                      // one iteration: one chunk
      assertEquals("hel", right.text());
      assertEquals(8, p.left().getWriteBufferSize());
      p.left().close();                      // flushes, then EOF for the right end
      Asyncio.await(left.lost);
      Asyncio.await(right.lost);
      return new Recorder[] {left, right};
    });
    assertEquals("hello world", r[1].text());
    assertEquals(List.of("made", "lost:null"), r[0].events);
    assertEquals(List.of("made", "data", "eof", "lost:null"), r[1].events);
  }

  @Test
  void waterMarksPauseAndResumeTheWriterWhileThePeerDoesNotRead() {
    Recorder left = run(() -> {
      MemoryTransport.Pair p = MemoryTransport.pair(Asyncio.getRunningLoop());
      Recorder l = new Recorder();
      Recorder right = new Recorder();
      p.left().start(l);
      p.right().start(right);
      p.right().pauseReading();
      p.left().setChunkSize(4).setWriteBufferLimits(8, 2);
      p.left().write(b("0123456789abcdef"));    // 16 > 8: paused at once
      assertEquals(List.of("made", "pause"), l.events);
      Asyncio.sleep(0.5);
      assertEquals("", right.text(), "nothing is delivered while the peer does not read");
      p.right().resumeReading();
      Asyncio.await(right.gotAllOf(16));
      assertEquals("0123456789abcdef", right.text());
      p.left().abort();
      Asyncio.await(l.lost);
      return l;
    });
    assertEquals(List.of("made", "pause", "resume", "lost:null"), left.events);
  }

  @Test
  void injectedEofAndReset() {
    run(() -> {
      MemoryTransport.Pair p = MemoryTransport.pair(Asyncio.getRunningLoop());
      Recorder l = new Recorder();
      Recorder r = new Recorder();
      p.left().start(l);
      p.right().start(r);
      p.left().injectEof();                  // eofReceived returns false: the left end closes
      assertTrue(p.left().isClosing());
      assertNull(Asyncio.await(l.lost));
      assertNull(Asyncio.await(r.lost));
      assertEquals(List.of("made", "eof", "lost:null"), l.events);

      MemoryTransport.Pair q = MemoryTransport.pair(Asyncio.getRunningLoop());
      Recorder a = new Recorder();
      Recorder c = new Recorder();
      q.left().start(a);
      q.right().start(c);
      q.left().write(b("dropped"));
      q.left().injectReset();
      assertInstanceOf(SocketException.class, Asyncio.await(a.lost));
      assertInstanceOf(SocketException.class, Asyncio.await(c.lost));
      assertEquals("", c.text());
      return null;
    });
  }

  @Test
  void aThrowingCallbackIsReportedAndAbortsTheTransport() {
    List<Map<String, Object>> reported = new ArrayList<>();
    Throwable lost = run(() -> {
      Asyncio.getRunningLoop().setExceptionHandler((loop, ctx) -> reported.add(ctx));
      MemoryTransport.Pair p = MemoryTransport.pair(Asyncio.getRunningLoop());
      Recorder l = new Recorder();
      p.left().start(l);
      p.right().start(new Recorder() {
        @Override
        public void dataReceived(ByteBuffer data) {
          throw new IllegalStateException("parser bug");
        }
      });
      p.left().write(b("x"));
      Asyncio.await(l.lost);                  // the right end aborted: EOF for the left end
      return ((Recorder) p.right().getProtocol()).lost.result();
    });
    assertEquals("parser bug", lost.getMessage());
    assertEquals("Fatal error: protocol.dataReceived() call failed.", reported.get(0).get("message"));
  }

  @Test
  void writeRules() {
    run(() -> {
      MemoryTransport.Pair p = MemoryTransport.pair(Asyncio.getRunningLoop());
      Recorder l = new Recorder();
      p.left().start(l);
      p.right().start(new Recorder());
      p.left().writeEof();
      assertThrows(IllegalStateException.class, () -> p.left().write(b("x")));
      p.right().close();
      p.right().write(b("ignored"));
      assertEquals(0, p.right().getWriteBufferSize());
      Asyncio.await(l.lost);
      return null;
    });
  }

  @Test
  void tlsHandshakeAndDataOneByteAtATime(@TempDir Path dir) throws Exception {
    TestCerts certs = TestCerts.create(dir, "server");
    List<String> serverEvents = new ArrayList<>();
    String got = run(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      MemoryTransport.Pair p = MemoryTransport.pair(loop);
      p.left().setChunkSize(1);
      p.right().setChunkSize(1);
      SSLEngine client = certs.client.createSSLEngine("localhost", 443);
      client.setUseClientMode(true);
      SSLParameters params = client.getSSLParameters();
      params.setEndpointIdentificationAlgorithm("HTTPS");
      client.setSSLParameters(params);
      SSLEngine server = certs.server.createSSLEngine();
      server.setUseClientMode(false);
      Recorder app = new Recorder();
      BufferedEcho echo = new BufferedEcho();
      TlsProtocol clientTls = new TlsProtocol(loop, client, certs.client, app);
      TlsProtocol serverTls = new TlsProtocol(loop, server, certs.server, echo);
      assertEquals(TlsProtocol.State.HANDSHAKE, clientTls.state());
      p.left().start(clientTls);
      p.right().start(serverTls);
      Asyncio.await(clientTls.handshake());
      assertEquals(TlsProtocol.State.WRAPPED, clientTls.state());
      assertEquals(TlsProtocol.AppState.CONNECTED, clientTls.appState());
      assertFalse(app.transport.canWriteEof());
      app.transport.write(b("one byte at a time"));
      Asyncio.await(app.gotAllOf(18));
      app.transport.close();                  // close_notify: EOF for the server's protocol
      Asyncio.await(app.lost);
      Asyncio.sleep(0.1);
      serverEvents.addAll(echo.events);
      assertEquals(TlsProtocol.State.LOST, clientTls.state());
      return app.text();
    });
    assertEquals("one byte at a time", got);
    assertEquals(List.of("made", "data", "eof", "lost:null"), serverEvents);
  }
}
