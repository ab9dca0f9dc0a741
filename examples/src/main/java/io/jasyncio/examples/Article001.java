package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.WaitResult;
import io.jasyncio.generators.Generator;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * The programs of article 001, "coroutines": a producer/consumer with {@code send}, tasks made
 * two ways, done callbacks, {@code wait}, why a coroutine must not block, five ways to collect the
 * results of 200 tasks, cancelling every task on Ctrl-C, and concurrency on one thread.
 *
 * <p>Each public static method taking an {@link Env} is one program; call it from one thread at a
 * time. The article's Chinese messages are printed in English.
 *
 * {@snippet class=io.jasyncio.examples.ExamplesSnippetsTest region=article001}
 */
public final class Article001 {
  /** How many tasks the collecting and concurrency programs start (the article's 200). */
  public static final int TASKS = 200;

  private Article001() {}

  // ---- produce / consume --------------------------------------------------------------------

  /** {@code def consume(): while True: res = yield; print(...)}. */
  public static Generator<Void, Integer, Void> consume(PrintStream out) {
    return Generator.of(
        y -> {
          while (true) {
            int res = y.yield(null);
            out.println("consumer consumed product " + res);
          }
        });
  }

  /** {@code produce(c)}: primes the consumer with send(None), then sends it ten products. */
  public static void produce(PrintStream out, Generator<Void, Integer, Void> c) {
    c.send(null);
    for (int i = 0; i < 10; i++) {
      out.println("producer produced product " + i);
      c.send(i);
    }
  }

  /** The producer and the consumer take turns in one thread, ten times. */
  public static void produceConsume(Env env) {
    try (Generator<Void, Integer, Void> c = consume(env.out())) {
      produce(env.out(), c);
    }
  }

  // ---- tasks, callbacks, wait ---------------------------------------------------------------

  /** {@code async def foo(): print("foo"); await asyncio.sleep(2); return "foo"}. Suspends. */
  static String foo(PrintStream out) {
    out.println("foo");
    Asyncio.sleep(2);
    return "foo";
  }

  /**
   * A coroutine is a value that does nothing until a loop runs it; {@code ensureFuture} and
   * {@code loop.createTask} both wrap it in a task of the thread's loop.
   */
  public static void createTask(Env env) {
    PrintStream out = env.out();
    Coroutine<String> coroutine = () -> foo(out);
    out.println("foo as a value: a " + Coroutine.class.getSimpleName() + " (nothing ran yet)");
    try (EventLoop loop = env.newLoop()) {
      Asyncio.setEventLoop(loop);
      try {
        Task<String> task1 = Asyncio.ensureFuture(coroutine); // way one
        out.println("ensureFuture(foo) gives a " + task1.getClass().getSimpleName());
        Task<String> task2 = loop.createTask(coroutine); // way two
        out.println("loop.createTask(foo) gives a " + task2.getClass().getSimpleName());
        env.runUntilComplete(loop, () -> Asyncio.wait(List.of(task1, task2)));
      } finally {
        Asyncio.setEventLoop(null);
      }
    }
  }

  /** {@code def done(future): print("I am done, result: %s" % future.result())}. */
  static void done(PrintStream out, Future<?> future) {
    out.println("I am done, result: " + future.result());
  }

  /** A done callback receives the finished task and reads its result. */
  public static void doneCallback(Env env) {
    PrintStream out = env.out();
    try (EventLoop loop = env.newLoop()) {
      Task<String> task1 = loop.createTask(() -> foo(out));
      task1.addDoneCallback(f -> done(out, f));
      env.runUntilComplete(loop, task1);
    }
  }

  /**
   * Two tasks (one with a done callback) run together under {@code wait}: both print foo at once,
   * and both finish two seconds later, not four.
   */
  public static void waitTasks(Env env) {
    PrintStream out = env.out();
    try (EventLoop loop = env.newLoop()) {
      double start = env.time();
      Task<String> task1 = loop.createTask(() -> foo(out));
      task1.addDoneCallback(f -> done(out, f));
      Task<String> task2 = loop.createTask(() -> foo(out));
      env.runUntilComplete(loop, () -> Asyncio.wait(List.of(task1, task2)));
      out.printf(Locale.ROOT, "both done after %.1f seconds%n", env.time() - start);
    }
  }

  // ---- blocking vs await --------------------------------------------------------------------

  /**
   * Why not {@code time.sleep(2)}: the same two tasks, first with {@code Asyncio.sleep} (two
   * seconds in all), then with a blocking sleep (four seconds: the loop thread is stuck and the
   * other task cannot run). Debug mode reports each blocking step as a slow callback (a WARNING of
   * System.Logger "io.jasyncio"); the threshold is the real duration standing for 0.1 s.
   */
  public static void blockingSleep(Env env) {
    PrintStream out = env.out();
    out.println("with Asyncio.sleep(2):");
    double start = env.time();
    env.run(() -> twoTasks(out, () -> Asyncio.sleep(2)));
    out.printf(Locale.ROOT, "elapsed %.1f seconds%n", env.time() - start);

    out.println("with a blocking sleep of 2 seconds, in debug mode:");
    start = env.time();
    env.run(
        () -> {
          Asyncio.getRunningLoop().setSlowCallbackDuration(env.realSeconds(0.1));
          return twoTasks(out, () -> env.sleepThread(2));
        },
        true);
    out.printf(Locale.ROOT, "elapsed %.1f seconds%n", env.time() - start);
  }

  private static Void twoTasks(PrintStream out, Runnable pause) {
    List<Task<String>> tasks = new ArrayList<>();
    for (int i = 1; i <= 2; i++) {
      String name = "foo-" + i;
      tasks.add(
          Asyncio.createTask(
              () -> {
                out.println(name + " starts");
                pause.run();
                out.println(name + " ends");
                return name;
              },
              name));
    }
    Asyncio.wait(tasks);
    return null;
  }

  // ---- collecting results -------------------------------------------------------------------

  /** The article's five ways to collect the results of nested coroutines. */
  public enum Collect {
    /** {@code dones, pendings = await asyncio.wait(tasks)} inside main. */
    WAIT,
    /** {@code results = await asyncio.gather(*tasks)} inside main. */
    GATHER,
    /** {@code return await asyncio.gather(*tasks)}; the caller prints. */
    GATHER_RETURNED,
    /** {@code return await asyncio.wait(tasks)}; the caller prints the done ones. */
    WAIT_RETURNED,
    /** {@code for task in asyncio.as_completed(tasks): print(await task)}. */
    AS_COMPLETED
  }

  /** {@code async def do_some_work(x)}: announces, sleeps x seconds, returns str(x). Suspends. */
  static String doSomeWork(PrintStream out, int x) {
    out.println("I must wait " + x + " seconds");
    Asyncio.sleep(x);
    return Integer.toString(x);
  }

  /** Starts {@code n} do_some_work tasks of 1 to 7 random seconds each. Must run on a loop. */
  static List<Task<String>> startWork(Env env, int n) {
    List<Task<String>> tasks = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int x = 1 + env.random().nextInt(7);
      tasks.add(Asyncio.createTask(() -> doSomeWork(env.out(), x)));
    }
    return tasks;
  }

  /** 200 random sleeps of 1 to 7 seconds, collected the given way: about 7 seconds in all. */
  public static void collect(Env env, Collect way) {
    collect(env, way, TASKS);
  }

  /** {@code n} random sleeps of 1 to 7 seconds, collected the given way. */
  public static void collect(Env env, Collect way, int n) {
    PrintStream out = env.out();
    double start = env.time();
    switch (way) {
      case WAIT ->
          env.run(
              () -> {
                WaitResult<String> r = Asyncio.wait(startWork(env, n));
                r.done().forEach(done -> out.println(done.result()));
                return null;
              });
      case GATHER ->
          env.run(
              () -> {
                List<String> results = Asyncio.await(Asyncio.gather(startWork(env, n)));
                results.forEach(out::println);
                return null;
              });
      case GATHER_RETURNED -> {
        List<String> results = env.run(() -> Asyncio.await(Asyncio.gather(startWork(env, n))));
        results.forEach(out::println);
      }
      case WAIT_RETURNED -> {
        WaitResult<String> r = env.run(() -> Asyncio.wait(startWork(env, n)));
        r.done().forEach(done -> out.println(done.result()));
      }
      case AS_COMPLETED ->
          env.run(
              () -> {
                for (Future<String> next : Asyncio.asCompleted(startWork(env, n), null)) {
                  out.println(Asyncio.await(next));
                }
                return null;
              });
    }
    out.printf(Locale.ROOT, "%d tasks collected after %.1f seconds%n", n, env.time() - start);
  }

  // ---- concurrency --------------------------------------------------------------------------

  /**
   * 200 tasks sleeping 1 to 7 seconds each, several hundred seconds in all, finish in about 7:
   * they wait concurrently, yet no two of them ever run at the same moment (concurrency, not
   * parallelism).
   */
  public static void concurrency(Env env) {
    concurrency(env, TASKS);
  }

  /** {@link #concurrency(Env)} with {@code n} tasks. */
  public static void concurrency(Env env, int n) {
    PrintStream out = env.out();
    double start = env.time();
    int[] allTime = {0};
    int[] running = {0};
    int[] peak = {0};
    List<Task<String>> tasks =
        env.run(
            () -> {
              List<Task<String>> ts = new ArrayList<>();
              for (int i = 0; i < n; i++) {
                int x = 1 + env.random().nextInt(7);
                allTime[0] += x;
                ts.add(
                    Asyncio.createTask(
                        () -> {
                          running[0]++; // plain ints: only one task runs at any moment
                          peak[0] = Math.max(peak[0], running[0]);
                          out.println("I must wait " + x + " seconds");
                          running[0]--;
                          Asyncio.sleep(x);
                          return Integer.toString(x);
                        }));
              }
              Asyncio.wait(ts);
              return ts;
            });
    out.printf(
        Locale.ROOT,
        "%.1f seconds elapsed for %d seconds of waiting; tasks running at once: at most %d%n",
        env.time() - start,
        allTime[0],
        peak[0]);
    for (Task<String> t : tasks) {
      out.println(t.result());
    }
  }

  // ---- cancelling every task on Ctrl-C ------------------------------------------------------

  /**
   * Where a program installs what must happen on Ctrl-C. The real one is the loop's SIGINT handler
   * ({@link #sigint()}); tests install the action some other way and invoke it themselves.
   */
  @FunctionalInterface
  public interface InterruptHook {
    /**
     * Arranges for {@code action} to run on an interrupt of the program that drives {@code loop};
     * closing the result removes the arrangement.
     */
    Installed install(EventLoop loop, Runnable action);

    /** What {@link #install} returns: closing it removes the arrangement. */
    interface Installed extends AutoCloseable {
      @Override
      void close();
    }

    /**
     * Ctrl-C (SIGINT) through the loop's own signal handler ({@link
     * EventLoop#addSignalHandler}): the action runs on the loop's thread, as Python's {@code
     * loop.add_signal_handler(signal.SIGINT, ...)}; closing gives Ctrl-C back to the JVM.
     */
    static InterruptHook sigint() {
      return (loop, action) -> {
        loop.addSignalHandler(EventLoop.SIGINT, action);
        return () -> loop.removeSignalHandler(EventLoop.SIGINT);
      };
    }
  }

  /** Three tasks take numbers 999, 998, ... from a list, one each two seconds, until Ctrl-C. */
  public static void cancelOnInterrupt(Env env) {
    cancelOnInterrupt(env, InterruptHook.sigint());
  }

  /**
   * Three tasks take the numbers 999 down to 0 from a shared list, one each two seconds; an
   * interrupt cancels every task, each runs its finally block, and the program reports how each
   * task ended. The interrupt action may run on any thread: on another one it waits (at most 10
   * seconds) until the tasks have finished and the report is printed.
   */
  public static void cancelOnInterrupt(Env env, InterruptHook hook) {
    PrintStream out = env.out();
    List<Integer> nums = new ArrayList<>(IntStream.range(0, 1000).boxed().toList());
    CountDownLatch finished = new CountDownLatch(1);
    try (EventLoop loop = env.newLoop()) {
      List<Task<Void>> tasks = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        tasks.add(loop.createTask(() -> calList(out, nums), "cal-list-" + i));
      }
      Runnable cancelAll =
          () -> {
            out.println("interrupted: cancelling " + tasks.size() + " tasks");
            for (Task<Void> t : tasks) {
              out.println(t.getName() + ".cancel() -> " + t.cancel());
            }
          };
      Runnable onInterrupt =
          () -> {
            if (runsOn(loop)) { // on the loop itself, as Python's KeyboardInterrupt
              cancelAll.run();
              return;
            }
            try {
              loop.callSoonThreadsafe(cancelAll);
            } catch (IllegalStateException closed) {
              return; // the program has ended already
            }
            try {
              if (!finished.await(10, TimeUnit.SECONDS)) {
                System.err.println("the tasks did not finish within 10 seconds of the interrupt");
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          };
      try (InterruptHook.Installed _ = hook.install(loop, onInterrupt)) {
        env.runUntilComplete(loop, () -> Asyncio.wait(tasks));
        for (Task<Void> t : tasks) {
          out.println(t.getName() + (t.cancelled() ? " was cancelled" : " ran out of numbers"));
        }
      }
    } finally {
      finished.countDown();
    }
  }

  /** Whether the caller is a callback or coroutine of {@code loop}. */
  private static boolean runsOn(EventLoop loop) {
    try {
      return Asyncio.getRunningLoop() == loop;
    } catch (IllegalStateException noLoopRunsHere) {
      return false;
    }
  }

  /** {@code async def cal_list()}: pops and prints a number every two seconds. Suspends. */
  static Void calList(PrintStream out, List<Integer> nums) {
    String name = Objects.requireNonNull(Asyncio.currentTask()).getName();
    try {
      while (!nums.isEmpty()) {
        int a = nums.removeLast();
        out.println(name + ":" + a);
        Asyncio.sleep(2);
      }
      return null;
    } finally {
      out.println(name + ": finally block ran");
    }
  }
}
