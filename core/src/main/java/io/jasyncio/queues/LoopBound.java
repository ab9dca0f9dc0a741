package io.jasyncio.queues;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;

/**
 * The check every suspending method of this package makes first: it runs inside a coroutine, on the
 * loop its queue is bound to. A queue is bound to the loop of the first coroutine that calls one of
 * its suspending methods.
 */
final class LoopBound {
  private LoopBound() {}

  /**
   * The loop of the running task. Throws {@link IllegalStateException} naming {@code method} when
   * no task runs on this thread, or when {@code bound} (the loop {@code owner} was first used on,
   * or null) is another loop.
   */
  static EventLoop check(Object owner, EventLoop bound, String method) {
    Task<?> task = Asyncio.currentTask();
    if (task == null) {
      throw new IllegalStateException(
          method + "() must be called from a coroutine running on an event loop");
    }
    EventLoop loop = task.getLoop();
    if (bound != null && bound != loop) {
      throw new IllegalStateException(
          owner + " is bound to a different event loop than the one running " + method + "()");
    }
    return loop;
  }
}
