package io.jasyncio;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * asyncio.wait: suspends until some or all of a set of futures are done, or a timeout passes.
 *
 * <p>It never cancels the futures, neither on timeout nor when the waiting task is cancelled. A
 * future given twice counts once. Every callback it registers is removed before it returns.
 */
final class Waiting {
  private Waiting() {}

  static <T> WaitResult<T> wait(
      Collection<? extends Future<T>> fs, Double timeoutOrNull, ReturnWhen when) {
    Objects.requireNonNull(fs, "futures");
    Objects.requireNonNull(when, "when");
    Task<?> task = Task.require("wait");
    if (fs.isEmpty()) {
      throw new IllegalArgumentException("Set of Tasks/Futures is empty.");
    }
    if (timeoutOrNull != null && timeoutOrNull.isNaN()) {
      throw new IllegalArgumentException("wait() needs a timeout in seconds or null, not NaN");
    }
    Set<Future<T>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Future<T>> unique = new ArrayList<>(fs.size());
    for (Future<T> f : fs) {
      Objects.requireNonNull(f, "fs contains null");
      if (f.loop != task.loop) {
        throw new IllegalArgumentException(
            "wait() got " + f + " attached to a different loop than the running one");
      }
      if (seen.add(f)) {
        unique.add(f);
      }
    }
    if (!satisfied(unique, when)) {
      suspendUntil(task, unique, timeoutOrNull, when);
    }
    Set<Future<T>> done = new LinkedHashSet<>();
    Set<Future<T>> pending = new LinkedHashSet<>();
    for (Future<T> f : unique) {
      (f.done() ? done : pending).add(f);
    }
    return new WaitResult<>(done, pending);
  }

  /** Whether {@code when} already holds, so that wait() returns without suspending. */
  private static boolean satisfied(List<? extends Future<?>> fs, ReturnWhen when) {
    int done = 0;
    for (Future<?> f : fs) {
      if (f.done()) {
        done++;
        if (when == ReturnWhen.FIRST_COMPLETED
            || (when == ReturnWhen.FIRST_EXCEPTION && failed(f))) {
          return true;
        }
      }
    }
    return done == fs.size();
  }

  private static boolean failed(Future<?> f) {
    return !f.cancelled() && f.exceptionOrNull() != null;
  }

  private static <T> void suspendUntil(
      Task<?> task, List<Future<T>> fs, Double timeoutOrNull, ReturnWhen when) {
    SelectorEventLoop loop = task.loop;
    Future<Void> waiter = new Future<>(loop);
    int[] remaining = {0};
    for (Future<T> f : fs) {
      if (!f.done()) {
        remaining[0]++;
      }
    }
    Consumer<Future<T>> onCompletion =
        f -> {
          remaining[0]--;
          if (remaining[0] <= 0
              || when == ReturnWhen.FIRST_COMPLETED
              || (when == ReturnWhen.FIRST_EXCEPTION && failed(f))) {
            if (!waiter.done()) {
              waiter.completeResult(null);
            }
          }
        };
    TimerHandle timer =
        timeoutOrNull == null
            ? null
            : loop.callLater(
                timeoutOrNull,
                () -> {
                  if (!waiter.done()) {
                    waiter.completeResult(null);
                  }
                });
    for (Future<T> f : fs) {
      if (!f.done()) {
        f.addDoneCallback(onCompletion);
      }
    }
    try {
      task.await(waiter);
    } finally {
      if (timer != null) {
        timer.cancel();
      }
      for (Future<T> f : fs) {
        f.removeDoneCallback(onCompletion);
      }
    }
  }
}
