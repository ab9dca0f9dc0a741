package io.jasyncio.internal.util;

import io.jasyncio.Asyncio;
import java.util.concurrent.CancellationException;

/**
 * What every blocking thread-side method shares: the check it makes before it blocks (it never
 * runs on a thread that runs an event loop, a callback or a coroutine on either engine, where
 * blocking would stop every task of that loop, and forever when only that loop could end the
 * wait); a timeout in seconds as nanoseconds; and the exception of an interrupted wait. Built on
 * the public API only.
 */
public final class ThreadSide {
  private ThreadSide() {}

  /**
   * Throws {@link IllegalStateException} naming {@code method} and {@code instead} (what to call
   * from a coroutine) when an event loop runs on the calling thread.
   */
  public static void checkMayBlock(String method, String instead) {
    if (Asyncio.getRunningLoopOrNull() != null) {
      throw new IllegalStateException(
          method
              + " would block the event loop running on this thread (a callback or a coroutine of"
              + " that loop): "
              + instead);
    }
  }

  /**
   * A timeout in seconds as nanoseconds for a timed wait: rounded up, 0 for a negative one, at most
   * {@code Long.MAX_VALUE / 4} (about 73 years), so that a deadline {@code System.nanoTime() +}
   * this never overflows. NaN is an {@link IllegalArgumentException}.
   */
  public static long toNanos(double seconds) {
    if (Double.isNaN(seconds)) {
      throw new IllegalArgumentException("timeout must be a number of seconds, not NaN");
    }
    if (seconds <= 0) {
      return 0;
    }
    double nanos = Math.ceil(seconds * 1e9);
    return nanos >= Long.MAX_VALUE / 4 ? Long.MAX_VALUE / 4 : (long) nanos;
  }

  /**
   * A thread interrupted while it waited in {@code what} (a method's name with its parentheses,
   * or words): sets the thread's interrupt status again and returns the {@link
   * CancellationException} to throw, caused by {@code e}.
   */
  public static CancellationException interrupted(String what, InterruptedException e) {
    Thread.currentThread().interrupt();
    CancellationException ce = new CancellationException("interrupted while waiting " + what);
    ce.initCause(e);
    return ce;
  }
}
