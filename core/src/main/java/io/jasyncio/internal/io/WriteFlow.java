package io.jasyncio.internal.io;

/**
 * A transport's write-side flow control: how many bytes are buffered, the high- and low-water
 * marks, and whether the protocol was told to pause. The protocol is paused when the buffer goes
 * above the high-water mark and resumed when it drains to the low-water mark. Loop-bound; shared
 * by the socket and pipe transports.
 */
public final class WriteFlow {
  private long buffered;
  private int low = Transport.DEFAULT_HIGH_WATER / 4;
  private int high = Transport.DEFAULT_HIGH_WATER;
  private boolean paused;

  /** {@code n} more bytes wait to be written; pauses {@code protocol} above the high-water mark. */
  public void added(long n, Protocol protocol) {
    buffered += n;
    maybePause(protocol);
  }

  /**
   * {@code n} bytes were written. The caller then calls {@link #resumeIfDrained} once its own
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

  /** As {@link Transport#setWriteBufferLimits}; pauses or resumes {@code protocol} as needed. */
  public void setLimits(Integer high, Integer low, Protocol protocol) {
    int[] lh = Transport.checkLimits(high, low);
    this.low = lh[0];
    this.high = lh[1];
    maybePause(protocol);
    resumeIfDrained(protocol);
  }

  /** {low, high}, as {@link Transport#getWriteBufferLimits}. */
  public int[] limits() {
    return new int[] {low, high};
  }

  private void maybePause(Protocol protocol) {
    if (!paused && buffered > high) {
      paused = true;
      protocol.pauseWriting();
    }
  }

  /** Resumes {@code protocol} if it was paused and the buffer is at the low-water mark. */
  public void resumeIfDrained(Protocol protocol) {
    if (paused && buffered <= low) {
      paused = false;
      protocol.resumeWriting();
    }
  }
}
