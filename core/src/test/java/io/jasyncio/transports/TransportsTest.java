package io.jasyncio.transports;

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
import io.jasyncio.TestBase;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Transports and protocols over TCP and Unix-domain sockets (real clock; timeouts are a net). */
@Timeout(120)
class TransportsTest extends TestBase {
  static final String HOST = "127.0.0.1";

  static byte[] b(String s) {
    return s.getBytes(US_ASCII);
  }

  @Test
  void bufferedProtocolEchoServerAndCallbackOrder() {
    List<BufferedEcho> served = new ArrayList<>();
    Recorder client = Asyncio.run(() -> {
      Server server = Transports.createServer(() -> {
        BufferedEcho e = new BufferedEcho();
        served.add(e);
        return e;
      }, HOST, 0);
      TransportAndProtocol<Recorder> tp =
          Transports.createConnection(Recorder::new, HOST, server.port());
      Recorder r = tp.protocol();
      assertSame(tp.transport(), r.transport);
      assertEquals(List.of("made"), r.events); // connectionMade ran before the call returned
      tp.transport().write(b("hello "));
      tp.transport().write(ByteBuffer.wrap(b("transports")));
      tp.transport().writelines(List.of(b("!"), b("!")));
      tp.transport().writeEof();   // the server's eofReceived returns false: it closes after echoing
      assertNull(Asyncio.await(r.lost));
      server.close();
      server.waitClosed();
      return r;
    });
    assertEquals("hello transports!!", client.text());
    assertEquals(List.of("made", "data", "eof", "lost:null"), client.events);
    assertEquals(1, served.size());
    assertEquals(List.of("made", "data", "eof", "lost:null"), served.get(0).events);
    assertTrue(served.get(0).hints.stream().allMatch(h -> h == -1), "size hints");
  }

  @Test
  void transportBasics() {
    Asyncio.run(() -> {
      Server server = Transports.createServer(BufferedEcho::new, HOST, 0);
      TransportAndProtocol<Recorder> tp =
          Transports.createConnection(Recorder::new, HOST, server.port());
      Transport t = tp.transport();
      assertArrayEquals(new int[] {16 * 1024, 64 * 1024}, t.getWriteBufferLimits());
      t.setWriteBufferLimits(1000, 10);
      assertArrayEquals(new int[] {10, 1000}, t.getWriteBufferLimits());
      assertThrows(IllegalArgumentException.class, () -> t.setWriteBufferLimits(10, 11));
      assertThrows(IllegalArgumentException.class, () -> t.setWriteBufferLimits(10, -1));
      assertEquals(0, t.getWriteBufferSize());
      assertTrue(t.canWriteEof());
      assertTrue(t.isReading());
      t.pauseReading();
      assertFalse(t.isReading());
      t.resumeReading();
      assertTrue(t.isReading());
      assertEquals(new InetSocketAddress(HOST, server.port()), t.getExtraInfo("peername"));
      assertInstanceOf(InetSocketAddress.class, t.getExtraInfo("sockname"));
      assertInstanceOf(SocketChannel.class, t.getExtraInfo("socket"));
      assertNull(t.getExtraInfo("sslcontext"));
      assertSame(tp.protocol(), t.getProtocol());
      assertThrows(IllegalArgumentException.class, () -> t.setProtocol(new BaseProtocol() {}));
      t.writeEof();
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.write(b("x")));
      assertEquals("write() after writeEof()", e.getMessage());
      Asyncio.await(tp.protocol().lost);
      assertTrue(t.isClosing());
      assertFalse(t.isReading());
      server.close();
      return null;
    });
  }

  @Test
  void writeAfterCloseIsIgnored() {
    Recorder got = Asyncio.run(() -> {
      Server server = Transports.createServer(BufferedEcho::new, HOST, 0);
      TransportAndProtocol<Recorder> tp =
          Transports.createConnection(Recorder::new, HOST, server.port());
      tp.transport().close();
      assertTrue(tp.transport().isClosing());
      ByteBuffer late = ByteBuffer.wrap(b("late"));
      tp.transport().write(late);          // ignored, as asyncio does
      tp.transport().write(b("later"));
      assertFalse(late.hasRemaining());
      assertEquals(0, tp.transport().getWriteBufferSize());
      tp.transport().close();              // idempotent
      Asyncio.await(tp.protocol().lost);
      server.close();
      return tp.protocol();
    });
    assertEquals("", got.text());
    assertEquals(List.of("made", "lost:null"), got.events);
  }

  @Test
  void pauseAndResumeWritingUnderASlowReader() {
    int total = 32 * 1024 * 1024;
    List<String> serverEvents = new ArrayList<>();
    int[] sizes = new int[2];
    long got = Asyncio.run(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      Future<Void> paused = loop.createFuture();
      Future<Void> resumed = loop.createFuture();
      Server server = Transports.createServer(() -> new Protocol() {
        Transport t;

        @Override
        public void connectionMade(Transport transport) {
          t = transport;
          serverEvents.add("made");
          t.write(new byte[total]);
          t.close(); // flushes first
        }

        @Override
        public void dataReceived(ByteBuffer data) {}

        @Override
        public void pauseWriting() {
          serverEvents.add("pause");
          sizes[0] = t.getWriteBufferSize();
          paused.setResult(null);
        }

        @Override
        public void resumeWriting() {
          serverEvents.add("resume");
          sizes[1] = t.getWriteBufferSize();
          resumed.setResult(null);
        }

        @Override
        public void connectionLost(Throwable exc) {
          serverEvents.add("lost:" + exc);
        }
      }, HOST, 0);
      TransportAndProtocol<Recorder> tp = Transports.createConnection(() -> {
        Recorder r = new Recorder();
        r.expected = total;
        return r;
      }, HOST, server.port());
      tp.transport().pauseReading();       // the slow reader: reads nothing for now
      Asyncio.await(paused);
      assertFalse(resumed.done());
      tp.transport().resumeReading();
      Asyncio.await(resumed);
      Asyncio.await(tp.protocol().lost);
      server.close();
      server.waitClosed();
      return (long) tp.protocol().received.size();
    });
    assertEquals(total, got);
    assertEquals(List.of("made", "pause", "resume", "lost:null"), serverEvents);
    assertTrue(sizes[0] > 64 * 1024, "paused above the high mark: " + sizes[0]);
    assertTrue(sizes[1] <= 16 * 1024, "resumed at the low mark: " + sizes[1]);
  }

  @Test
  void closeFlushesButAbortDrops() {
    int total = 32 * 1024 * 1024;
    long[] got = Asyncio.run(() -> {
      long[] sizes = new long[2];
      for (int i = 0; i < 2; i++) {
        boolean abort = i == 1;
        Server server = Transports.createServer(() -> new Protocol() {
          @Override
          public void connectionMade(Transport t) {
            t.write(new byte[total]);
            assertTrue(t.getWriteBufferSize() > 0, "the socket cannot take it all at once");
            if (abort) {
              t.abort();
              assertEquals(0, t.getWriteBufferSize());
            } else {
              t.close();
            }
            assertTrue(t.isClosing());
          }

          @Override
          public void dataReceived(ByteBuffer data) {}
        }, HOST, 0);
        TransportAndProtocol<Recorder> tp =
            Transports.createConnection(Recorder::new, HOST, server.port());
        Asyncio.await(tp.protocol().lost);
        sizes[i] = tp.protocol().received.size();
        server.close();
        server.waitClosed();
      }
      return sizes;
    });
    assertEquals(total, got[0], "close() flushed everything");
    assertTrue(got[1] < total, "abort() dropped the buffer: " + got[1]);
  }

  @Test
  void throwingCallbackGoesToTheHandlerAndAbortsTheTransport() {
    List<Map<String, Object>> reported = new CopyOnWriteArrayList<>();
    List<String> serverEvents = new ArrayList<>();
    Recorder client = Asyncio.run(() -> {
      Asyncio.getRunningLoop().setExceptionHandler((l, ctx) -> reported.add(ctx));
      Server server = Transports.createServer(() -> new Protocol() {
        @Override
        public void dataReceived(ByteBuffer data) {
          serverEvents.add("data");
          throw new IllegalStateException("boom");
        }

        @Override
        public boolean eofReceived() {
          serverEvents.add("eof");
          return false;
        }

        @Override
        public void connectionLost(Throwable exc) {
          serverEvents.add("lost:" + exc.getMessage());
        }
      }, HOST, 0);
      TransportAndProtocol<Recorder> tp =
          Transports.createConnection(Recorder::new, HOST, server.port());
      tp.transport().write(b("go"));
      Asyncio.await(tp.protocol().lost);
      server.close();
      server.waitClosed();
      return tp.protocol();
    });
    assertEquals(List.of("data", "lost:boom"), serverEvents);
    assertEquals(1, reported.size());
    assertEquals("Fatal error: protocol.dataReceived() call failed.",
        reported.get(0).get("message"));
    assertEquals("boom", ((Throwable) reported.get(0).get("exception")).getMessage());
    assertNotNull(reported.get(0).get("transport"));
    assertEquals("made", client.events.get(0));
    assertTrue(client.events.get(client.events.size() - 1).startsWith("lost:"), client.events.toString());
  }

  @Test
  void emptyBufferFromGetBufferIsAFatalError() {
    List<Map<String, Object>> reported = new CopyOnWriteArrayList<>();
    List<String> lost = new ArrayList<>();
    Asyncio.run(() -> {
      Asyncio.getRunningLoop().setExceptionHandler((l, ctx) -> reported.add(ctx));
      Server server = Transports.createServer(() -> new BufferedProtocol() {
        @Override
        public ByteBuffer getBuffer(int sizeHint) {
          return ByteBuffer.allocate(0);
        }

        @Override
        public void bufferUpdated(int nbytes) {
          throw new AssertionError("nothing can be read into an empty buffer");
        }

        @Override
        public void connectionLost(Throwable exc) {
          lost.add(exc.getClass().getSimpleName());
        }
      }, HOST, 0);
      TransportAndProtocol<Recorder> tp =
          Transports.createConnection(Recorder::new, HOST, server.port());
      tp.transport().write(b("x"));
      Asyncio.await(tp.protocol().lost);
      server.close();
      server.waitClosed();
      return null;
    });
    assertEquals(List.of("IllegalStateException"), lost);
    assertEquals("Fatal error: protocol.getBuffer() call failed.", reported.get(0).get("message"));
  }

  @Test
  void halfCloseKeepsTheTransportOpenWhenEofReceivedSaysSo() {
    Recorder client = Asyncio.run(() -> {
      Server server = Transports.createServer(() -> new Protocol() {
        Transport t;

        @Override
        public void connectionMade(Transport transport) {
          t = transport;
        }

        @Override
        public void dataReceived(ByteBuffer data) {}

        @Override
        public boolean eofReceived() {
          t.write(b("after your eof"));
          t.close();
          return true;
        }
      }, HOST, 0);
      TransportAndProtocol<Recorder> tp = Transports.createConnection(() -> {
        Recorder r = new Recorder();
        r.keepOpenOnEof = true;
        return r;
      }, HOST, server.port());
      tp.transport().writeEof();
      Asyncio.await(tp.protocol().eof);
      Asyncio.sleep(0.05);
      assertFalse(tp.protocol().lost.done(), "eofReceived() returned true: still open");
      assertFalse(tp.transport().isClosing());
      tp.transport().close();
      Asyncio.await(tp.protocol().lost);
      server.close();
      return tp.protocol();
    });
    assertEquals("after your eof", client.text());
    assertEquals(List.of("made", "data", "eof", "lost:null"), client.events);
  }

  @Test
  void unixServerAndConnection(@TempDir Path dir) {
    Path sock = dir.resolve("t.sock");
    Recorder r = Asyncio.run(() -> {
      Server server = Transports.createUnixServer(BufferedEcho::new, sock);
      TransportAndProtocol<Recorder> tp = Transports.createUnixConnection(Recorder::new, sock);
      tp.transport().write(b("over unix"));
      tp.transport().writeEof();
      Asyncio.await(tp.protocol().lost);
      server.close();
      server.waitClosed();
      return tp.protocol();
    });
    assertEquals("over unix", r.text());
    assertFalse(sock.toFile().exists());
  }

  @Test
  void calledOutsideACoroutine() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Transports.createConnection(Recorder::new, HOST, 1));
    assertEquals("createConnection() must be called from a coroutine running on an event loop",
        e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Transports.createServer(BufferedEcho::new, HOST, 70000));
  }
}
