package io.jasyncio.internal.util;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;

/**
 * The check every suspending method of the locks and queues packages makes first: it runs inside a
 * coroutine, on the loop its object is bound to. An object is bound to the loop of the first
 * coroutine that calls one of its suspending methods. Built on the public API only.
 */
public final class LoopBinding {
  private LoopBinding() {}

  /**
   * The loop of the running task. Throws {@link IllegalStateException} naming {@code method} when
   * no task runs on this thread, or when {@code bound} (the loop {@code owner} was first used on,
   * or null) is another loop.
   */
  public static EventLoop check(Object owner, EventLoop bound, String method) {
    EventLoop loop = Coroutines.require(method).getLoop();
    if (bound != null && bound != loop) {
      throw new IllegalStateException(
          owner + " is bound to a different event loop than the one running " + method + "()");
    }
    return loop;
  }

  /**
   * In debug mode, a call of a loop-bound method ({@code method} of {@code owner}) from a thread
   * other than the one running {@code bound} throws {@link IllegalStateException}, as asyncio's
   * debug mode does for {@code call_soon}; a loop that does not run may be set up from any thread.
   * With debug mode off (or {@code owner} not bound yet) it costs a null check and a field read.
   */
  public static void checkThread(EventLoop bound, Object owner, String method) {
    if (bound != null
        && bound.getDebug()
        && bound.isRunning()
        && Asyncio.getRunningLoopOrNull() != bound) {
      throw new IllegalStateException(
          "Non-thread-safe operation "
              + method
              + "() of "
              + owner
              + " invoked from a thread other than its event loop's: use"
              + " loop.callSoonThreadsafe()");
    }
  }
}
