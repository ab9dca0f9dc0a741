package io.jasyncio.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.TestBase;
import io.jasyncio.transports.Server;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Write back-pressure (drain, water marks) and read flow control (pause above 2x limit). */
@Timeout(120)
class StreamWriterFlowControlTest extends TestBase {
  static final String HOST = "127.0.0.1";

  @Test
  void defaultWaterMarksAndValidation() {
    Asyncio.run(() -> {
      Server server = Streams.startServer((r, w) -> r.read(-1), HOST, 0);
      Connection c = Streams.openConnection(HOST, server.port());
      StreamWriter w = c.writer();
      assertArrayEquals(new int[] {16 * 1024, 64 * 1024}, w.getWriteBufferLimits());
      w.setWriteBufferLimits(1000, null);
      assertArrayEquals(new int[] {250, 1000}, w.getWriteBufferLimits());
      w.setWriteBufferLimits(null, 100);
      assertArrayEquals(new int[] {100, 400}, w.getWriteBufferLimits());
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> w.setWriteBufferLimits(10, 20));
      assertEquals("high (10) must be >= low (20) must be >= 0", e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> w.setWriteBufferLimits(10, -1));
      w.close();
      server.close();
      return null;
    });
  }

  @Test
  void drainSuspendsAboveHighWaterAndResumesAtLowWater() {
    Asyncio.run(() -> {
      Future<StreamReader> serverReader = Asyncio.getRunningLoop().createFuture();
      Future<Void> stop = Asyncio.getRunningLoop().createFuture();
      Server server = Streams.startServer((r, w) -> {
        serverReader.setResult(r);
        Asyncio.await(stop);
      }, HOST, 0);
      Connection c = Streams.openConnection(HOST, server.port());
      StreamWriter w = c.writer();
      // Small data: below the high-water mark, drain returns without suspending.
      w.write(new byte[100]);
      Task<Void> quick = Asyncio.createTask(() -> { w.drain(); return null; });
      Asyncio.sleep(0);
      assertTrue(quick.done());

      // The server does not read: the kernel buffers fill, then ours grows past 64 KiB, and
      // past what the kernel can ever hold, so that it cannot fall to the low-water mark.
      long certain = SocketBuffers.bound() + 64 * 1024;
      byte[] chunk = new byte[1 << 20];
      while (w.getWriteBufferSize() <= certain) {
        w.write(chunk);
      }
      Task<Long> drained = Asyncio.createTask(() -> {
        w.drain();
        return w.getWriteBufferSize();
      });
      Asyncio.sleep(0);
      Asyncio.sleep(0);
      assertFalse(drained.done(), "drain returned above the high-water mark");

      // The server reads: the buffer empties down to the low-water mark, and drain returns.
      StreamReader r = Asyncio.await(serverReader);
      Task<Integer> consume = Asyncio.createTask(() -> {
        int n = 0;
        while (!drained.done()) {
          n += r.read(1 << 20).length;
        }
        return n;
      });
      long left = Asyncio.await(drained);
      assertTrue(left <= 16 * 1024, "drain returned with " + left + " bytes buffered");
      stop.setResult(null);
      Asyncio.await(consume);
      w.close();
      server.close();
      return null;
    });
  }

  @Test
  void slowReaderKeepsTheServerBufferBounded() {
    long[] maxBuffered = {0};
    long total = Asyncio.run(() -> {
      int chunk = 32 * 1024;
      int chunks = 400; // 12.5 MiB
      Server server = Streams.startServer((r, w) -> {
        byte[] data = new byte[chunk];
        for (int i = 0; i < chunks; i++) {
          w.write(data);
          maxBuffered[0] = Math.max(maxBuffered[0], w.getWriteBufferSize());
          w.drain();
        }
      }, HOST, 0);
      Connection c = Streams.openConnection(HOST, server.port());
      long n = 0;
      byte[] got;
      int reads = 0;
      while ((got = c.reader().read(16 * 1024)).length > 0) {
        n += got.length;
        if (++reads % 50 == 0) {
          Asyncio.sleep(0.001); // a slow consumer
        }
      }
      c.writer().close();
      server.close();
      server.waitClosed();
      return n;
    });
    assertEquals(400L * 32 * 1024, total);
    // drain() keeps the buffer at the high-water mark plus at most one write.
    assertTrue(maxBuffered[0] <= 64 * 1024 + 32 * 1024, "server buffered " + maxBuffered[0]);
  }

  @Test
  void readerPausesTheSocketAboveTwiceTheLimitAndResumes() {
    Asyncio.run(() -> {
      int limit = 1024;
      Server server = Streams.startServer((r, w) -> {
        byte[] data = new byte[256 * 1024];
        w.write(data);
        w.drain();
        r.read(-1);
      }, HOST, 0);
      Connection c = Streams.openConnection(HOST, server.port(),
          StreamOptions.defaults().withLimit(limit));
      StreamReader r = c.reader();
      while (!r.isPaused()) {
        Asyncio.sleep(0.001);
      }
      int buffered = r.buffered().length;
      assertTrue(buffered > 2 * limit, "paused at " + buffered);
      // Paused: more data does not come in (the reader stays where it paused).
      Asyncio.sleep(0.05);
      assertEquals(buffered, r.buffered().length);
      // Reading brings the buffer to the limit and resumes; everything arrives in the end.
      int total = 0;
      while (total < 256 * 1024) {
        total += r.read(4096).length;
      }
      assertEquals(256 * 1024, total);
      assertFalse(r.isPaused());
      c.writer().close();
      server.close();
      server.waitClosed();
      return null;
    });
  }

  @Test
  void writerWithManySmallWritesKeepsOrder() {
    byte[] got = Asyncio.run(() -> {
      Server server = Streams.startServer((r, w) -> {
        w.write(r.read(-1));
      }, HOST, 0);
      Connection c = Streams.openConnection(HOST, server.port());
      List<byte[]> parts = new ArrayList<>();
      for (int i = 0; i < 20000; i++) {
        parts.add(new byte[] {(byte) i, (byte) (i >> 8)});
      }
      for (byte[] p : parts) {
        c.writer().write(p);
      }
      c.writer().writeEof();
      byte[] all = c.reader().read(-1);
      c.writer().close();
      server.close();
      return all;
    });
    assertEquals(40000, got.length);
    for (int i = 0; i < 20000; i++) {
      assertEquals((byte) i, got[2 * i]);
      assertEquals((byte) (i >> 8), got[2 * i + 1]);
    }
  }

  @Test
  void mixedWriteSizesWhileThePeerIsSlowArriveIntact() {
    java.util.Random rnd = new java.util.Random(11);
    java.io.ByteArrayOutputStream sent = new java.io.ByteArrayOutputStream();
    List<byte[]> writes = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      // Small (coalesced), medium and large writes, mixed.
      int n = switch (i % 3) {
        case 0 -> 1 + rnd.nextInt(100);
        case 1 -> 4000 + rnd.nextInt(20000);
        default -> 1 + rnd.nextInt(16 * 1024);
      };
      byte[] w = new byte[n];
      rnd.nextBytes(w);
      writes.add(w);
      sent.writeBytes(w);
    }
    byte[] got = Asyncio.run(() -> {
      Server server = Streams.startServer((r, w) -> {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        byte[] chunk;
        int reads = 0;
        while ((chunk = r.read(3000)).length > 0) {
          all.writeBytes(chunk);
          if (++reads % 100 == 0) {
            Asyncio.sleep(0.001);
          }
        }
        w.write(java.nio.ByteBuffer.allocate(4).putInt(all.size()).array());
        w.write(all.toByteArray());
      }, HOST, 0);
      Connection c = Streams.openConnection(HOST, server.port());
      for (byte[] w : writes) {
        c.writer().write(w); // no drain: everything queues in the transport
      }
      c.writer().writeEof();
      int n = java.nio.ByteBuffer.wrap(c.reader().readexactly(4)).getInt();
      byte[] back = c.reader().readexactly(n);
      c.writer().close();
      server.close();
      server.waitClosed();
      return back;
    });
    assertArrayEquals(sent.toByteArray(), got);
  }
}
