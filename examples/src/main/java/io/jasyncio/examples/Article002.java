package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.ReturnWhen;
import io.jasyncio.Task;
import io.jasyncio.WaitResult;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The programs of article 002, "python asyncio": nested coroutines (compute / print_sum), running
 * a coroutine or a task until complete, and what gather, wait and as_completed return.
 *
 * <p>Each public static method taking an {@link Env} is one program; call it from one thread at a
 * time.
 *
 * {@snippet class=io.jasyncio.examples.ExamplesSnippetsTest region=article002}
 */
public final class Article002 {
  private Article002() {}

  /** {@code async def compute(x, y)}: announces, sleeps a second, returns the sum. Suspends. */
  static int compute(PrintStream out, int x, int y) {
    out.println("Compute " + x + " + " + y + " ...");
    Asyncio.sleep(1.0);
    return x + y;
  }

  /** {@code async def print_sum(x, y)}: awaits compute, which is just a call. Suspends. */
  static Void printSum(PrintStream out, int x, int y) {
    int result = compute(out, x, y);
    out.println(x + " + " + y + " = " + result);
    return null;
  }

  /** {@code loop.run_until_complete(asyncio.Task(print_sum(1, 2)))}. */
  public static void printSum(Env env) {
    try (EventLoop loop = env.newLoop()) {
      Task<Void> task = loop.createTask(() -> printSum(env.out(), 1, 2));
      env.runUntilComplete(loop, task);
    }
  }

  /**
   * The same, handing the loop a task and then the bare coroutine: runUntilComplete wraps a
   * coroutine in a task itself, so both print the same.
   */
  public static void coroutineVsTask(Env env) {
    PrintStream out = env.out();
    try (EventLoop loop = env.newLoop()) {
      out.println("runUntilComplete(a task):");
      env.runUntilComplete(loop, loop.createTask(() -> printSum(out, 1, 2)));
      out.println("runUntilComplete(a coroutine):");
      env.runUntilComplete(loop, () -> printSum(out, 1, 2));
    }
  }

  /** A job that sleeps {@code seconds} and returns its name. Suspends. */
  static String job(PrintStream out, String name, double seconds) {
    Asyncio.sleep(seconds);
    out.println("  " + name + " finished");
    return name;
  }

  /**
   * Three jobs of 3, 1 and 2 seconds under each combinator: gather's results follow the argument
   * order; wait returns the done and pending sets when its condition holds; as_completed hands the
   * results out in finishing order.
   */
  public static void combinators(Env env) {
    PrintStream out = env.out();
    env.run(
        () -> {
          out.println("gather:");
          List<String> gathered =
              Asyncio.await(
                  Asyncio.gather(
                      List.of(
                          Asyncio.createTask(() -> job(out, "slow", 3)),
                          Asyncio.createTask(() -> job(out, "quick", 1)),
                          Asyncio.createTask(() -> job(out, "middle", 2)))));
          out.println("  results " + gathered);

          out.println("wait(FIRST_COMPLETED):");
          List<Task<String>> tasks =
              List.of(
                  Asyncio.createTask(() -> job(out, "slow", 3), "slow"),
                  Asyncio.createTask(() -> job(out, "quick", 1), "quick"),
                  Asyncio.createTask(() -> job(out, "middle", 2), "middle"));
          WaitResult<String> first = Asyncio.wait(tasks, null, ReturnWhen.FIRST_COMPLETED);
          out.println("  done " + names(first.done()) + ", pending " + names(first.pending()));
          WaitResult<String> all = Asyncio.wait(tasks);
          out.println("wait(ALL_COMPLETED):");
          out.println("  done " + names(all.done()) + ", pending " + names(all.pending()));

          out.println("asCompleted:");
          double start = Asyncio.getRunningLoop().time();
          for (Future<String> next :
              Asyncio.asCompleted(
                  List.of(
                      Asyncio.createTask(() -> Asyncio.sleep(3, "slow")),
                      Asyncio.createTask(() -> Asyncio.sleep(1, "quick")),
                      Asyncio.createTask(() -> Asyncio.sleep(2, "middle"))),
                  null)) {
            String name = Asyncio.await(next);
            out.printf(
                Locale.ROOT,
                "  %s after %.0f s%n",
                name,
                Asyncio.getRunningLoop().time() - start);
          }
          return null;
        });
  }

  /** The names of the tasks, sorted (a set has no order). */
  private static List<String> names(Set<Future<String>> fs) {
    return fs.stream().map(f -> ((Task<?>) f).getName()).sorted(Comparator.naturalOrder()).toList();
  }
}
