package io.jasyncio;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * asyncio.wait_for, as Python 3.12 writes it: an await under a {@link Timeout}.
 *
 * <p>At the deadline the waiting task is cancelled, which cancels the future it awaits; the task
 * then waits until that future (an inner task, typically) has really finished. If the inner task
 * ends cancelled, the caller gets {@link TimeoutError} (cause: the {@link CancelledError}); if it
 * swallows the cancellation and returns a value, or fails with another exception, the caller gets
 * that value or that exception. Cancelling the caller cancels the inner future the same way.
 */
final class WaitFor {
  private WaitFor() {}

  static <T> T waitFor(Future<T> f, double timeout) {
    Objects.requireNonNull(f, "future");
    Task<?> task = Task.require("waitFor");
    return waitOn(task, f, timeout);
  }

  static <T> T waitFor(Coroutine<T> c, double timeout) {
    Objects.requireNonNull(c, "coroutine");
    Task<?> task = Task.require("waitFor");
    checkTimeout(timeout);
    return waitOn(task, task.loop.createTask(c), timeout);
  }

  private static void checkTimeout(double timeout) {
    if (Double.isNaN(timeout)) {
      throw new IllegalArgumentException("waitFor() needs a timeout in seconds, not NaN");
    }
  }

  private static <T> T waitOn(Task<?> task, Future<T> f, double timeout) {
    checkTimeout(timeout);
    if (timeout == Double.POSITIVE_INFINITY) {
      return task.await(f);
    }
    if (timeout <= 0) {
      if (f.done()) {
        return f.result();
      }
      cancelAndWait(task, f);
      try {
        return f.result();
      } catch (CancelledError e) {
        throw new TimeoutError("waitFor() timed out", e);
      }
    }
    return Timeout.after(timeout).run(t -> task.await(f));
  }

  /** Cancels {@code f} and waits until it is done (asyncio's _cancel_and_wait). */
  private static void cancelAndWait(Task<?> task, Future<?> f) {
    Future<Void> waiter = new Future<>(task.loop);
    Consumer<Future<?>> release =
        x -> {
          if (!waiter.done()) {
            waiter.completeResult(null);
          }
        };
    f.addDoneCallback(release);
    try {
      f.cancel();
      task.await(waiter);
    } finally {
      f.removeDoneCallback(release);
    }
  }
}
