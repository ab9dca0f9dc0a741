package io.jasyncio.internal.util;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;

/**
 * The one "must be called from a coroutine" guard: every suspending method outside the loop
 * proper checks with it first. Built on the public API only.
 */
public final class Coroutines {
  private Coroutines() {}

  /**
   * The running task, or {@link IllegalStateException} naming {@code method} when no task runs
   * on this thread ("{@code read() must be called from a coroutine running on an event loop}").
   */
  public static Task<?> require(String method) {
    Task<?> t = Asyncio.currentTask();
    if (t == null) {
      throw new IllegalStateException(
          method + "() must be called from a coroutine running on an event loop");
    }
    return t;
  }
}
