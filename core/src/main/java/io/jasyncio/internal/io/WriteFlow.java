package io.jasyncio.internal.io;

/**
 * A transport's write-side flow control: how many bytes are buffered, the high- and low-water
 * marks, and whether the protocol was told to pause. The transport calls its protocol when a
 * method here says the buffer crossed a mark (above the high one: pause; down to the low one:
 * resume), so that it can guard the protocol's callback its own way. Loop-bound; shared by the
 * socket and pipe transports.
 */
public final class WriteFlow {
  /** asyncio's default high-water mark: 64 KiB. */
  public static final int DEFAULT_HIGH = 64 * 1024;

  private long buffered;
  private int low = DEFAULT_HIGH / 4;
  private int high = DEFAULT_HIGH;
  private boolean paused;

  /** {@code n} more bytes wait to be written; true when the protocol must be paused now. */
  public boolean added(long n) {
    buffered += n;
    return shouldPause();
  }

  /**
   * {@code n} bytes were written. The caller then calls {@link #shouldResume()} once its own
   * bookkeeping for the write is done.
   */
  public void removed(long n) {
    buffered -= n;
  }

  /** The buffer was dropped (the transport closed or failed). */
  public void clear() {
    buffered = 0;
  }

  public long buffered() {
    return buffered;
  }

  /**
   * Sets the marks; {@link IllegalArgumentException} unless {@code high >= low >= 0}. Returns 1
   * when the protocol must be paused now, -1 when it must be resumed, else 0.
   */
  public int setLimits(int high, int low) {
    if (!(high >= low && low >= 0)) {
      throw new IllegalArgumentException(
          "high (" + high + ") must be >= low (" + low + ") must be >= 0");
    }
    this.low = low;
    this.high = high;
    return shouldPause() ? 1 : shouldResume() ? -1 : 0;
  }

  /** {@code {low, high}}. */
  public int[] limits() {
    return new int[] {low, high};
  }

  /** True (once) when the buffer went above the high-water mark: pause the protocol. */
  public boolean shouldPause() {
    if (!paused && buffered > high) {
      paused = true;
      return true;
    }
    return false;
  }

  /** True (once) when a paused buffer drained to the low-water mark: resume the protocol. */
  public boolean shouldResume() {
    if (paused && buffered <= low) {
      paused = false;
      return true;
    }
    return false;
  }
}
