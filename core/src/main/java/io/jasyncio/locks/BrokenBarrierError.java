package io.jasyncio.locks;

/**
 * Raised by {@link Barrier#await()} when the barrier is aborted, or reset while the task waits
 * (Python's {@code asyncio.BrokenBarrierError}).
 *
 * {@snippet class=io.jasyncio.locks.LocksSnippetsTest region=broken}
 */
public class BrokenBarrierError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Without a message. */
  public BrokenBarrierError() {
    super();
  }

  /** With a message saying what was attempted. */
  public BrokenBarrierError(String message) {
    super(message);
  }
}
