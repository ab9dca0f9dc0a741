package io.jasyncio;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What runs behind {@link Asyncio#run} and {@link Asyncio#runVirtual} (asyncio's {@code Runner}):
 * set the loop as the thread's loop, run the main coroutine to completion, then cancel the tasks
 * still pending and wait for them, report what they raised, shut the default executor down, close
 * the loop and give the thread its previous loop back — in that order, whatever fails. While it
 * runs, the first Ctrl-C cancels the main task, and the run then ends with {@link
 * KeyboardInterrupt} (see {@link SignalHandlers#installRunnerSigint}).
 *
 * <p>Runs on the calling thread, which must not run a loop already.
 */
final class Runner {
  private static final Logger LOG = System.getLogger("io.jasyncio");

  private Runner() {}

  /** Runs {@code main} on {@code loop} (a new loop, closed when this returns). */
  static <T> T run(SelectorEventLoop loop, Coroutine<T> main, boolean debug) {
    if (Asyncio.runningLoopOrNull() != null) {
      loop.close();
      throw new IllegalStateException("Asyncio.run() cannot be called from a running event loop");
    }
    EventLoop previous = Asyncio.threadLoopOrNull();
    loop.setDebug(debug);
    Asyncio.setEventLoop(loop);
    AtomicInteger interrupts = null;
    try {
      Task<T> task = loop.createTask(main);
      interrupts = SignalHandlers.installRunnerSigint(loop, task);
      try {
        return loop.runUntilComplete(task);
      } catch (CancelledError e) {
        if (interrupts != null && interrupts.get() > 0 && task.uncancel() == 0) {
          throw new KeyboardInterrupt(e);
        }
        throw e;
      }
    } finally {
      try {
        cancelAllTasks(loop);
      } finally {
        try {
          loop.shutdownDefaultExecutor();
        } finally {
          if (interrupts != null) {
            SignalHandlers.removeRunnerSigint(loop);
          }
          Asyncio.setEventLoop(previous);
          loop.close();
        }
      }
    }
  }

  /** Cancels the tasks still pending, runs the loop until they are done, reports their errors. */
  private static void cancelAllTasks(SelectorEventLoop loop) {
    Set<Task<?>> left = loop.liveTasks();
    if (left.isEmpty()) {
      return;
    }
    if (loop.getDebug()) {
      for (Task<?> t : left) {
        LOG.log(
            Level.WARNING,
            "Task still pending when Asyncio.run() ended, cancelling it: " + t,
            t.createdAt());
      }
    }
    for (Task<?> t : left) {
      t.cancel();
    }
    Future<Void> all = new Future<>(loop);
    int[] remaining = {left.size()};
    for (Task<?> t : left) {
      t.addDoneCallback(
          x -> {
            if (--remaining[0] == 0) {
              all.completeResult(null);
            }
          });
    }
    loop.runUntilComplete(all);
    for (Task<?> t : left) {
      Throwable e = t.cancelled() ? null : t.exceptionOrNull();
      if (e != null) {
        t.markRetrieved();
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("message", "unhandled exception during Asyncio.run() shutdown");
        context.put("exception", e);
        context.put("task", t);
        loop.callExceptionHandler(context);
      }
    }
  }
}
