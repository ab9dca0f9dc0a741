package io.jasyncio.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReadBufferTest {
  private static void read(ReadBuffer b, String s) {
    ByteBuffer tail = b.free();
    tail.put(s.getBytes(StandardCharsets.US_ASCII));
    b.filled(s.length());
  }

  private static String take(ReadBuffer b, int n) {
    ByteBuffer u = b.unread();
    byte[] out = new byte[n];
    u.get(out);
    b.markRead();
    return new String(out, StandardCharsets.US_ASCII);
  }

  @Test
  void bytesComeOutInOrderAcrossCompactions() {
    ReadBuffer b = new ReadBuffer();
    read(b, "hello ");
    assertEquals("hel", take(b, 3));
    read(b, "world");
    assertEquals(8, b.pending());
    assertEquals("lo world", take(b, 8));
    assertEquals(0, b.pending());
    read(b, "again");
    b.discard();
    assertEquals(0, b.pending());
    read(b, "x");
    assertEquals("x", take(b, 1));
  }

  @Test
  void startsSmallAndDoublesUpTo16KiBOnlyWhenReadsFillIt() {
    ReadBuffer b = new ReadBuffer();
    ByteBuffer first = b.free();
    assertEquals(4096, first.capacity());
    read(b, "a".repeat(100));
    take(b, 100);
    assertSame(first, b.free(), "small messages keep the small buffer");
    b.filled(0);
    int[] expected = {8192, 16384, 16384};
    for (int size : expected) {
      ByteBuffer tail = b.free();
      int n = tail.remaining();
      tail.put(new byte[n]);
      b.filled(n);  // this read filled the buffer: the next one gets a bigger one
      take(b, b.pending());
      assertEquals(size, b.free().capacity());
      b.filled(0);
    }
    // unread bytes survive the growth
    ReadBuffer c = new ReadBuffer();
    read(c, "k".repeat(2500));  // over half of 4 KiB left unread
    assertEquals(8192, c.free().capacity());
    c.filled(0);
    assertEquals("k".repeat(2500), take(c, 2500));
  }
}
