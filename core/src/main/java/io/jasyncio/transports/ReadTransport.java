package io.jasyncio.transports;

/**
 * The reading side of a transport (asyncio's {@code ReadTransport}): reading can be paused and
 * resumed, which is how a consumer that falls behind holds the producer back. {@link Transport}
 * extends it; a child process's output pipe is one alone.
 *
 * <p><b>Threads.</b> Loop-bound: call it on the loop thread.
 *
 * {@snippet class=io.jasyncio.transports.TransportsSnippetsTest region=readTransport}
 */
public interface ReadTransport {
  /** Stops reading: no data callback until {@link #resumeReading()}. Idempotent. */
  void pauseReading();

  /** Reads again after {@link #pauseReading()}. Idempotent. */
  void resumeReading();

  /** True while the transport reads (not paused, not closing). */
  boolean isReading();
}
