package io.jasyncio.locks;

/**
 * A held lock or semaphore, released by {@link #close()}: the try-with-resources form of Python's
 * {@code async with lock:}. Returned by {@link Lock#hold()}, {@link Condition#hold()} and {@link
 * Semaphore#hold()}; closing it a second time does nothing.
 *
 * <p>Close it on the loop thread of the primitive, as its {@code release()}.
 *
 * {@snippet class=io.jasyncio.locks.LocksSnippetsTest region=held}
 */
public interface Held extends AutoCloseable {
  /** Releases what {@code hold()} acquired; a second call does nothing. */
  @Override
  void close();
}
