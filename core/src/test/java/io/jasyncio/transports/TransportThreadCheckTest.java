package io.jasyncio.transports;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.streams.TestCerts;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * In debug mode, {@link Transport#write} called from a thread other than its loop's throws at once
 * (socket, TLS and in-memory transports), and nothing is written; with debug mode off the call is
 * not checked. A write from the loop thread is never refused.
 */
@Timeout(60)
class TransportThreadCheckTest {
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

  /** The message of the exception {@code write} throws on a thread of the default executor. */
  static String writeFromAThread(Transport t) {
    Callable<String> call =
        () -> assertThrows(IllegalStateException.class, () -> t.write(b("x"))).getMessage();
    return Asyncio.await(Asyncio.toThread(call));
  }

  @Test
  void aSocketTransportRefusesAForeignWriteInDebugMode() {
    List<String> out = Asyncio.run(() -> {
      Server server = Transports.createServer(BufferedEcho::new, HOST, 0);
      TransportAndProtocol<Recorder> tp =
          Transports.createConnection(Recorder::new, HOST, server.port());
      Transport t = tp.transport();
      String refused = writeFromAThread(t);
      int buffered = t.getWriteBufferSize();
      t.write(b("ok"));                    // the loop thread may write
      Asyncio.await(tp.protocol().gotAllOf(2));
      t.close();
      Asyncio.await(tp.protocol().lost);
      server.close();
      return List.of(refused, Integer.toString(buffered), tp.protocol().text());
    }, true);
    assertTrue(out.get(0).startsWith("Non-thread-safe operation write() of "), out.get(0));
    assertTrue(out.get(0).endsWith("use loop.callSoonThreadsafe()"), out.get(0));
    assertEquals("0", out.get(1), "nothing of the refused write was buffered");
    assertEquals("ok", out.get(2), "the refused byte never reached the peer");
  }

  @Test
  void aTlsTransportRefusesAForeignWriteInDebugMode() {
    List<String> out = Asyncio.run(() -> {
      Server server = Transports.createServer(BufferedEcho::new, HOST, 0, certs.server, 10);
      TransportAndProtocol<Recorder> tp = Transports.createConnection(
          Recorder::new, HOST, server.port(), certs.client, "localhost");
      Transport t = tp.transport();
      String refused = writeFromAThread(t);
      t.write(b("ok"));
      Asyncio.await(tp.protocol().gotAllOf(2));
      t.close();
      Asyncio.await(tp.protocol().lost);
      server.close();
      return List.of(refused, tp.protocol().text());
    }, true);
    assertTrue(out.get(0).startsWith("Non-thread-safe operation write() of "), out.get(0));
    assertEquals("ok", out.get(1));
  }

  @Test
  void aMemoryTransportRefusesAForeignWriteInDebugMode() {
    String refused = Asyncio.run(() -> {
      MemoryTransport.Pair p = MemoryTransport.pair(Asyncio.getRunningLoop());
      p.left().start(new Recorder());
      p.right().start(new Recorder());
      String m = writeFromAThread(p.left());
      assertEquals(0, p.left().getWriteBufferSize());
      p.left().close();
      return m;
    }, true);
    assertTrue(refused.startsWith("Non-thread-safe operation write() of "), refused);
  }

  @Test
  void withDebugModeOffAForeignWriteIsNotChecked() {
    // An empty write changes nothing, so it is safe from any thread: only the check could refuse it.
    List<String> out = Asyncio.run(() -> {
      MemoryTransport.Pair p = MemoryTransport.pair(Asyncio.getRunningLoop());
      p.left().start(new Recorder());
      p.right().start(new Recorder());
      String off = Asyncio.await(Asyncio.toThread(() -> {
        p.left().write(java.nio.ByteBuffer.allocate(0));
        return "not checked";
      }));
      Asyncio.getRunningLoop().setDebug(true);
      String on = Asyncio.await(Asyncio.toThread(() -> assertThrows(IllegalStateException.class,
          () -> p.left().write(java.nio.ByteBuffer.allocate(0))).getMessage()));
      p.left().close();
      return List.of(off, on);
    }, false);
    assertEquals("not checked", out.get(0));
    assertTrue(out.get(1).startsWith("Non-thread-safe operation write() of "), out.get(1));
  }
}
