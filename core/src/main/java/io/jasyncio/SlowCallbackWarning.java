package io.jasyncio;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.List;

/**
 * Debug mode's warning about a callback or task step that held the loop too long (asyncio's
 * {@code Executing <Handle> took 0.105 seconds}): what ran, for how long, and for a task step the
 * task, where its coroutine comes from and where the task waits now, with a hint at the usual cause.
 *
 * <p>Loop thread only; nothing here runs unless debug mode is on.
 */
final class SlowCallbackWarning {
  private static final Logger LOG = System.getLogger("io.jasyncio");

  private SlowCallbackWarning() {}

  /**
   * Logs that {@code r} ran for {@code seconds}; {@code coroutine} and {@code site} are what a task
   * step knew before it ran (a step that finishes its task forgets them).
   */
  static void log(Runnable r, double seconds, Coroutine<?> coroutine, Throwable site) {
    String what = r.toString();
    Throwable where = null;
    String source = "";
    if (r instanceof Task<?>.Step step) {
      source =
          "; coroutine "
              + coroutineSource(coroutine, site)
              + "; blocking call inside a coroutine? use Asyncio.toThread";
      Task<?> task = step.task();
      what = "step of " + task;
      List<StackTraceElement> stack = task.getStack();
      if (!stack.isEmpty()) {
        // A step that finished its task leaves no stack: then there is nothing to show.
        where = new Throwable("task " + task.getName() + " now waits at");
        where.setStackTrace(stack.toArray(new StackTraceElement[0]));
      }
    }
    String msg = String.format("Executing %s took %.3f seconds", what, seconds) + source;
    if (where != null) {
      LOG.log(Level.WARNING, msg, where);
    } else {
      LOG.log(Level.WARNING, msg);
    }
  }

  /**
   * Where a task's coroutine comes from: the class that wrote it (a lambda's enclosing class) and,
   * when debug mode recorded it, the first frame outside jasyncio of where the task was created.
   */
  static String coroutineSource(Coroutine<?> coroutine, Throwable site) {
    String cls = coroutine == null ? "?" : coroutine.getClass().getName();
    int lambda = cls.indexOf("$$Lambda");
    if (lambda > 0) {
      cls = cls.substring(0, lambda);
    }
    if (site != null) {
      for (StackTraceElement f : site.getStackTrace()) {
        if (!isCreationFrame(f)) {
          return cls + " (task created at " + f + ")";
        }
      }
    }
    return cls;
  }

  private static boolean isCreationFrame(StackTraceElement f) {
    String c = f.getClassName();
    if (!c.startsWith("io.jasyncio.") || c.indexOf('.', "io.jasyncio.".length()) >= 0) {
      return false;
    }
    return switch (f.getMethodName()) {
      case "<init>", "createTask", "ensureFuture", "gatherCoroutines", "runUntilComplete",
          "run", "runVirtual", "waitFor", "timeout" -> true;
      default -> false;
    };
  }
}
