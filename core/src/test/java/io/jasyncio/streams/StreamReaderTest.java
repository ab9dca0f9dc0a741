package io.jasyncio.streams;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.TestBase;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** StreamReader fed by hand, on a virtual clock (scenarios 11). */
class StreamReaderTest extends TestBase {
  static final byte[] DATA = b("line1\nline2\nline3\n");

  static byte[] b(String s) {
    return s.getBytes(US_ASCII);
  }

  static String s(byte[] b) {
    return new String(b, US_ASCII);
  }

  // scenarios: StreamReader 1
  @Test
  void readZeroReturnsEmptyAndLeavesBuffer() {
    Asyncio.runVirtual(() -> {
      StreamReader r = new StreamReader();
      r.feedData(DATA);
      assertArrayEquals(new byte[0], r.read(0));
      assertArrayEquals(DATA, r.buffered());
      return null;
    });
  }

  // scenarios: StreamReader 1
  @Test
  void pendingReadGetsFedData() {
    Asyncio.runVirtual(() -> {
      StreamReader r = new StreamReader();
      Task<byte[]> t = Asyncio.createTask(() -> r.read(30));
      Asyncio.sleep(0);
      assertFalse(t.done());
      Asyncio.getRunningLoop().callSoon(() -> r.feedData(DATA));
      assertArrayEquals(DATA, Asyncio.await(t));
      assertArrayEquals(new byte[0], r.buffered());
      return null;
    });
  }

  // scenarios: StreamReader 1
  @Test
  void readLessThanBuffered() {
    Asyncio.runVirtual(() -> {
      StreamReader r = new StreamReader();
      r.feedData(b("line1"));
      r.feedData(b("line2"));
      assertEquals("line1", s(r.read(5)));
      assertEquals("line2", s(r.buffered()));
      return null;
    });
  }

  // scenarios: StreamReader 2
  @Test
  void pendingReadGetsEmptyAtEof() {
    Asyncio.runVirtual(() -> {
      StreamReader r = new StreamReader();
      Task<byte[]> t = Asyncio.createTask(() -> r.read(1024));
      Asyncio.getRunningLoop().callSoon(r::feedEof);
      assertArrayEquals(new byte[0], Asyncio.await(t));
      assertTrue(r.atEof());
      return null;
    });
  }

  // scenarios: StreamReader 2
  @Test
  void readUntilEof() {
    Asyncio.runVirtual(() -> {
      StreamReader r = new StreamReader(4);
      Task<byte[]> t = Asyncio.createTask(() -> r.read(-1));
      EventLoop loop = Asyncio.getRunningLoop();
      loop.callSoon(() -> {
        r.feedData(b("chunk1\n"));
        r.feedData(b("chunk2"));
      });
      loop.callLater(1, r::feedEof);
      assertEquals("chunk1\nchunk2", s(Asyncio.await(t)));
      assertEquals(1.0, loop.time());
      assertArrayEquals(new byte[0], r.read(-1));
      return null;
    });
  }

  // scenarios: StreamReader 3
  @Test
  void readlineAcrossChunks() {
    Asyncio.runVirtual(() -> {
      StreamReader r = new StreamReader();
      r.feedData(b("chunk1 "));
      Task<byte[]> t = Asyncio.createTask(r::readline);
      EventLoop loop = Asyncio.getRunningLoop();
      loop.callSoon(() -> {
        r.feedData(b("chunk2 "));
        r.feedData(b("chunk3 "));
        r.feedData(b("\n chunk4"));
      });
      assertEquals("chunk1 chunk2 chunk3 \n", s(Asyncio.await(t)));
      assertEquals(" chunk4", s(r.buffered()));
      return null;
    });
  }

  // scenarios: StreamReader 3
  @Test
  void readlineAtEofWithoutNewline() {
    Asyncio.runVirtual(() -> {
      StreamReader r = new StreamReader();
      r.feedData(b("some data"));
      r.feedEof();
      assertEquals("some data", s(r.readline()));
      StreamReader empty = new StreamReader();
      empty.feedEof();
      assertArrayEquals(new byte[0], empty.readline());
      return null;
    });
  }

  // scenarios: StreamReader 3
  @Test
  void readlineReadsLinesInOrder() {
    Asyncio.runVirtual(() -> {
      StreamReader r = new StreamReader();
      r.feedData(DATA);
      assertEquals("line1\n", s(r.readline()));
      assertEquals("line2\n", s(r.readline()));
      assertEquals("line3\n", s(r.buffered()));
      return null;
    });
  }

  // scenarios: StreamReader 4
  @Test
  void atEofOnlyWhenEofFedAndBufferEmpty() {
    Asyncio.runVirtual(() -> {
      StreamReader r = new StreamReader();
      assertFalse(r.atEof());
      r.feedData(b("line\n"));
      assertFalse(r.atEof());
      r.readline();
      assertFalse(r.atEof());
      r.feedData(b("x"));
      r.feedEof();
      assertFalse(r.atEof());
      r.read(1);
      assertTrue(r.atEof());
      return null;
    });
  }

  // scenarios: StreamReader 5
  @Test
  void readlineLimitWithExistingData() {
    Asyncio.runVirtual(() -> {
      StreamReader r = new StreamReader(3);
      r.feedData(b("li"));
      r.feedData(b("ne1\nline2\n"));
      // Python: ValueError. Here LimitOverrunError, with the buffer handled as Python does.
      assertThrows(LimitOverrunError.class, r::readline);
      assertEquals("line2\n", s(r.buffered()));

      StreamReader r2 = new StreamReader(3);
      r2.feedData(b("li"));
      r2.feedData(b("ne1"));
      r2.feedData(b("li"));
      assertThrows(LimitOverrunError.class, r2::readline);
      assertEquals("", s(r2.buffered()));
      return null;
    });
  }

  // scenarios: StreamReader 5
  @Test
  void readlineLimit() {
    Asyncio.runVirtual(() -> {
      StreamReader r = new StreamReader(7);
      EventLoop loop = Asyncio.getRunningLoop();
      loop.callSoon(() -> {
        r.feedData(b("chunk1"));
        r.feedData(b("chunk2"));
        r.feedData(b("chunk3\n"));
        r.feedEof();
      });
      assertThrows(LimitOverrunError.class, r::readline);
      assertEquals("", s(r.buffered()));

      StreamReader r2 = new StreamReader(7);
      r2.feedData(b("1234567\n"));
      assertEquals("1234567\n", s(r2.readline()));
      assertEquals("", s(r2.buffered()));
      r2.feedData(b("12345678\n"));
      assertThrows(LimitOverrunError.class, r2::readline);
      assertEquals("", s(r2.buffered()));
      r2.feedData(b("12345678"));
      assertThrows(LimitOverrunError.class, r2::readline);
      assertEquals("", s(r2.buffered()));
      return null;
    });
  }

  // scenarios: StreamReader 7
  @Test
  void readuntilReachesEof() {
    Asyncio.runVirtual(() -> {
      StreamReader r = new StreamReader();
      r.feedData(b("some dataAA"));
      r.feedEof();
      IncompleteReadError e = assertThrows(IncompleteReadError.class,
          () -> r.readuntil(b("AAA")));
      assertEquals("some dataAA", s(e.partial()));
      assertNull(e.expected());
      assertEquals("11 bytes read on a total of undefined expected bytes", e.getMessage());
      assertEquals("", s(r.buffered()));
      return null;
    });
  }

  @Test
  void readuntilMultiByteSeparatorAcrossChunks() {
    Asyncio.runVirtual(() -> {
      StreamReader r = new StreamReader();
      Task<byte[]> t = Asyncio.createTask(() -> r.readuntil(b("\r\n")));
      EventLoop loop = Asyncio.getRunningLoop();
      loop.callSoon(() -> r.feedData(b("GET / HTTP/1.0\r")));
      loop.callLater(1, () -> r.feedData(b("\nHost")));
      assertEquals("GET / HTTP/1.0\r\n", s(Asyncio.await(t)));
      assertEquals("Host", s(r.buffered()));
      assertEquals("Host", s(r.readuntil((byte) 't')));
      assertThrows(IllegalArgumentException.class, () -> r.readuntil(new byte[0]));
      return null;
    });
  }

  @Test
  void readuntilLimitOverrunKeepsBuffer() {
    Asyncio.runVirtual(() -> {
      StreamReader r = new StreamReader(3);
      r.feedData(b("12345\n"));
      LimitOverrunError e = assertThrows(LimitOverrunError.class, () -> r.readuntil(b("\n")));
      assertEquals(5, e.consumed());
      assertEquals("Separator is found, but chunk is longer than limit", e.getMessage());
      assertEquals("12345\n", s(r.buffered()));
      StreamReader r2 = new StreamReader(3);
      r2.feedData(b("123456"));
      LimitOverrunError e2 = assertThrows(LimitOverrunError.class, () -> r2.readuntil(b("\n")));
      assertEquals(6, e2.consumed());
      assertEquals("Separator is not found, and chunk exceed the limit", e2.getMessage());
      assertEquals("123456", s(r2.buffered()));
      return null;
    });
  }

  // scenarios: StreamReader 9
  @Test
  void readexactly() {
    Asyncio.runVirtual(() -> {
      StreamReader r = new StreamReader();
      assertArrayEquals(new byte[0], r.readexactly(0));
      assertThrows(IllegalArgumentException.class, () -> r.readexactly(-1));
      Task<byte[]> t = Asyncio.createTask(() -> r.readexactly(36));
      Asyncio.getRunningLoop().callSoon(() -> {
        r.feedData(DATA);
        r.feedData(DATA);
        r.feedData(DATA);
      });
      byte[] got = Asyncio.await(t);
      assertEquals(36, got.length);
      assertEquals(s(DATA) + s(DATA), s(got));
      assertArrayEquals(DATA, r.buffered());
      return null;
    });
  }

  // scenarios: StreamReader 9
  @Test
  void readexactlyEof() {
    Asyncio.runVirtual(() -> {
      StreamReader r = new StreamReader();
      Task<byte[]> t = Asyncio.createTask(() -> r.readexactly(36));
      Asyncio.getRunningLoop().callSoon(() -> {
        r.feedData(DATA);
        r.feedEof();
      });
      IncompleteReadError e = assertThrows(IncompleteReadError.class, () -> Asyncio.await(t));
      assertArrayEquals(DATA, e.partial());
      assertEquals(36, e.expected());
      assertEquals("18 bytes read on a total of 36 expected bytes", e.getMessage());
      assertEquals("", s(r.buffered()));
      return null;
    });
  }

  // scenarios: StreamReader 10
  @Test
  void setExceptionFailsLaterReads() {
    Asyncio.runVirtual(() -> {
      StreamReader r = new StreamReader();
      r.feedData(b("line\n"));
      IOException boom = new IOException("boom");
      r.setException(boom);
      assertSame(boom, r.exception());
      assertSame(boom, assertThrows(IOException.class, () -> r.read(2)));
      assertSame(boom, assertThrows(IOException.class, r::readline));
      assertSame(boom, assertThrows(IOException.class, () -> r.readexactly(2)));
      return null;
    });
  }

  // scenarios: StreamReader 10
  @Test
  void pendingReadlineGetsException() {
    Asyncio.runVirtual(() -> {
      StreamReader r = new StreamReader();
      Task<byte[]> t = Asyncio.createTask(r::readline);
      IOException boom = new IOException("boom");
      Asyncio.getRunningLoop().callSoon(() -> {
        r.feedData(b("line"));
        r.setException(boom);
      });
      assertSame(boom, assertThrows(IOException.class, () -> Asyncio.await(t)));
      return null;
    });
  }

  // scenarios: StreamReader 10
  @Test
  void setExceptionAfterCancelledReadDoesNotCrash() {
    Asyncio.runVirtual(() -> {
      StreamReader r = new StreamReader();
      Task<byte[]> t = Asyncio.createTask(() -> r.read(-1));
      Asyncio.sleep(0);
      t.cancel();
      r.setException(new IOException("late"));
      assertThrows(CancelledError.class, () -> Asyncio.await(t));
      assertTrue(t.cancelled());
      return null;
    });
  }

  // scenarios: StreamReader 10
  @Test
  void invalidLimit() {
    assertThrows(IllegalArgumentException.class, () -> new StreamReader(0));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new StreamReader(-1));
    assertEquals("Limit cannot be <= 0", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> StreamOptions.defaults().withLimit(0));
  }

  @Test
  void cancelledReadKeepsBufferedBytesForTheNextRead() {
    Asyncio.runVirtual(() -> {
      StreamReader r = new StreamReader();
      r.feedData(b("partial"));
      Task<byte[]> t = Asyncio.createTask(() -> r.readexactly(10));
      Asyncio.sleep(0);
      t.cancel();
      assertThrows(CancelledError.class, () -> Asyncio.await(t));
      assertEquals("partial", s(r.buffered()));
      r.feedData(b("end"));
      assertEquals("partialend", s(r.readexactly(10)));
      return null;
    });
  }

  @Test
  void secondConcurrentReaderIsRejected() {
    Asyncio.runVirtual(() -> {
      StreamReader r = new StreamReader();
      Task<byte[]> first = Asyncio.createTask(() -> r.read(1));
      Asyncio.sleep(0);
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.read(1));
      assertEquals(
          "read() called while another coroutine is already waiting for incoming data",
          e.getMessage());
      r.feedData(b("x"));
      assertEquals("x", s(Asyncio.await(first)));
      return null;
    });
  }

  @Test
  void feedDataAfterEofIsAnError() {
    StreamReader r = new StreamReader();
    r.feedEof();
    assertThrows(IllegalStateException.class, () -> r.feedData(b("x")));
  }

  @Test
  void suspendingMethodsOutsideCoroutine() {
    StreamReader r = new StreamReader();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.read(1));
    assertEquals("read() must be called from a coroutine running on an event loop", e.getMessage());
    e = assertThrows(IllegalStateException.class, r::readline);
    assertEquals("readline() must be called from a coroutine running on an event loop",
        e.getMessage());
    assertThrows(IllegalStateException.class, () -> r.readexactly(1));
    assertThrows(IllegalStateException.class, () -> r.readuntil(b("x")));
  }

  @Test
  void largeFeedsGrowAndCompactTheBuffer() {
    Asyncio.runVirtual(() -> {
      StreamReader r = new StreamReader(1 << 20);
      java.io.ByteArrayOutputStream want = new java.io.ByteArrayOutputStream();
      java.util.Random rnd = new java.util.Random(1);
      java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
      for (int i = 0; i < 200; i++) {
        byte[] chunk = new byte[rnd.nextInt(5000)];
        rnd.nextBytes(chunk);
        r.feedData(chunk);
        want.write(chunk);
        got.write(r.read(rnd.nextInt(6000) + 1));
      }
      r.feedEof();
      got.write(r.read(-1));
      assertArrayEquals(want.toByteArray(), got.toByteArray());
      return null;
    });
  }

  @Test
  void toStringShowsState() {
    StreamReader r = new StreamReader(10);
    r.feedData(b("abc"));
    r.feedEof();
    assertEquals("StreamReader[3 bytes, eof, limit=10]", r.toString());
  }
}
