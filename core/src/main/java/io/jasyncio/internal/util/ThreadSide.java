package io.jasyncio.internal.util;

import io.jasyncio.Asyncio;

/**
 * The check every blocking thread-side method makes before it blocks: it never runs on a thread
 * that runs an event loop (a callback, or a coroutine on either engine), where blocking would stop
 * every task of that loop, and forever when only that loop could end the wait. Built on the public
 * API only.
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
}
