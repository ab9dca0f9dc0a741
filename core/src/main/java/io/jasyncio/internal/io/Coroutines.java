package io.jasyncio.internal.io;

import io.jasyncio.Asyncio;

/** Checks shared by the suspending methods of the I/O packages. */
public final class Coroutines {
  private Coroutines() {}

  /**
   * The running loop, or {@link IllegalStateException} naming {@code method} when not called from
   * a coroutine.
   */
  public static IoLoop require(String method) {
    if (Asyncio.currentTask() == null) {
      throw new IllegalStateException(
          method + "() must be called from a coroutine running on an event loop");
    }
    return (IoLoop) Asyncio.getRunningLoop();
  }
}
