package io.jasyncio.internal.io;

/**
 * One side of a byte-stream connection (asyncio's transport): buffered writes with high/low-water
 * marks, reading that can be paused, half-close and close. Loop-bound: every method runs on the
 * loop thread.
 */
public interface Transport extends ReadFlow {
  /** Default high-water mark of the write buffer (asyncio's 64 KiB). */
  int DEFAULT_HIGH_WATER = 64 * 1024;

  /**
   * Queues {@code len} bytes of {@code data} from {@code off}; never blocks. The bytes are copied
   * if they cannot be written at once. {@link IllegalStateException} after {@link #close()} or
   * {@link #writeEof()}; dropped if the connection was lost (the protocol heard of it).
   */
  void write(byte[] data, int off, int len);

  /** Closes the write side once the buffer is flushed. */
  void writeEof();

  boolean canWriteEof();

  /** Flushes the write buffer, then closes; the protocol's connectionLost(null) follows. */
  void close();

  /** Closes at once, dropping the buffered data. */
  void abort();

  /** True once {@link #close()} or {@link #abort()} was called or the connection was lost. */
  boolean isClosing();

  boolean isReading();

  /** Bytes queued and not yet handed to the operating system. */
  long getWriteBufferSize();

  /**
   * Sets the water marks (null high: 64 KiB; null low: high / 4). The protocol is paused when
   * the buffer grows above {@code high} and resumed when it shrinks to {@code low} or below.
   */
  void setWriteBufferLimits(Integer high, Integer low);

  /** {@code {low, high}}. */
  int[] getWriteBufferLimits();

  /** Extra information ("peername", "sockname", "socket", "sslcontext", ...), or null. */
  Object getExtraInfo(String name);

  /** Replaces the protocol that receives the events. */
  void setProtocol(Protocol protocol);

  Protocol getProtocol();

  /** Checks water-mark arguments the way asyncio does and returns {@code {low, high}}. */
  static int[] checkLimits(Integer high, Integer low) {
    int h;
    int l;
    if (high == null) {
      h = low == null ? DEFAULT_HIGH_WATER : 4 * low;
    } else {
      h = high;
    }
    l = low == null ? h / 4 : low;
    if (!(h >= l && l >= 0)) {
      throw new IllegalArgumentException(
          "high (" + h + ") must be >= low (" + l + ") must be >= 0");
    }
    return new int[] {l, h};
  }
}
