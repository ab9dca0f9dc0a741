package io.jasyncio.locks;

/**
 * A {@link Semaphore} that may not be released above its initial value: asyncio's {@code
 * BoundedSemaphore}. An extra {@link #release()} throws {@link IllegalStateException} (Python's
 * ValueError), which catches a release without a matching acquire.
 *
 * <p><b>Threads.</b> Loop-bound and not thread-safe, as {@link Semaphore}.
 *
 * {@snippet class=io.jasyncio.locks.LocksSnippetsTest region=bounded}
 */
public final class BoundedSemaphore extends Semaphore {
  private final int bound;

  /** A bounded semaphore with one permit. */
  public BoundedSemaphore() {
    this(1);
  }

  /**
   * A bounded semaphore with {@code value} permits, never more; negative: {@link
   * IllegalArgumentException}.
   */
  public BoundedSemaphore(int value) {
    super(value);
    this.bound = value;
  }

  /** Gives a permit back; {@link IllegalStateException} if all permits are already free. */
  @Override
  public void release() {
    if (value() >= bound) {
      throw new IllegalStateException("BoundedSemaphore released too many times");
    }
    super.release();
  }
}
