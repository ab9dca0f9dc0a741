package io.jasyncio.examples;

import io.jasyncio.ReturnWhen;
import io.jasyncio.concurrent.FutureWaitResult;
import io.jasyncio.concurrent.Futures;
import io.jasyncio.multiprocessing.JoinableProcessQueue;
import io.jasyncio.multiprocessing.Pool;
import io.jasyncio.multiprocessing.Process;
import io.jasyncio.multiprocessing.ProcessPoolExecutor;
import io.jasyncio.multiprocessing.ProcessQueue;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * The process programs of article 003, "concurrency in Python": {@code os.fork()} (as a {@link
 * Process}: the JVM has no fork), {@code multiprocessing.Process}, {@code Pool.apply}, {@code
 * ProcessPoolExecutor} with {@code as_completed} and with {@code wait}, and worker processes around
 * a {@code JoinableQueue}.
 *
 * <p>Every child here is a new JVM. What a child prints goes to the same stdout as its parent's
 * (as in Python), but it would not reach the {@link Env}'s stream that tests capture: so the
 * children hand their lines back (through a {@link ProcessQueue} or as results) and the parent
 * prints them.
 *
 * {@snippet class=io.jasyncio.examples.ExamplesSnippetsTest region=article003Processes}
 */
public final class Article003Processes {
  private Article003Processes() {}

  /** The article's {@code my_flow}: 1 + ... + (n - 1), reported as the article prints it. */
  static String myFlow(long n) {
    long total = 0;
    for (long i = 0; i < n; i++) {
      total += i;
    }
    return "1+...+" + n + "=" + total;
  }

  /** {@code os.fork()}: the nearest the JVM has is a Process whose target is the child branch. */
  public static void forkAsProcess(Env env) {
    PrintStream out = env.out();
    out.println("current process id: " + Process.currentPid());
    ProcessQueue<String> childSays = new ProcessQueue<>();
    Process child =
        new Process(
            () ->
                childSays.put(
                    "this is the child, id: " + Process.currentPid() + ", its parent's id: "
                        + Process.parentPid()));
    child.start();
    out.println("this is the parent, id: " + Process.currentPid());
    out.println(childSays.get());
    child.join();
  }

  /** {@code Process(target=run_proc, args=('test',))}, started and joined. */
  public static void runProc(Env env) {
    PrintStream out = env.out();
    out.println("current (parent) process id: " + Process.currentPid());
    ProcessQueue<String> childSays = new ProcessQueue<>();
    String name = "test";
    Process p =
        new Process(() -> childSays.put("child process " + name + ", id: " + Process.currentPid()));
    p.start();
    p.join();
    out.println(childSays.get());
    out.println("child process done, back in the main process " + Process.currentPid());
  }

  /** {@code my_flow(5000000)} and {@code my_flow(6000000)} in two processes at once. */
  public static void myFlowProcesses(Env env) {
    myFlowProcesses(env, 5_000_000, 6_000_000);
  }

  /** {@link #myFlowProcesses(Env)} with other sizes. */
  public static void myFlowProcesses(Env env, long n1, long n2) {
    PrintStream out = env.out();
    out.println("main process run...");
    ProcessQueue<String> lines = new ProcessQueue<>();
    Process p1 = new Process(() -> lines.put(myFlow(n1)));
    Process p2 = new Process(() -> lines.put(myFlow(n2)));
    p1.start();
    p2.start();
    p1.join();
    p2.join();
    out.println(lines.get()); // in the order the two finished
    out.println(lines.get());
    out.println("main process runned all lines...");
  }

  /** {@code multiprocessing.Pool(processes=3)} and a blocking {@code apply} per task. */
  public static void poolApply(Env env) {
    PrintStream out = env.out();
    try (Pool pool = new Pool(3)) {
      for (long i : new long[] {500_000, 600_000}) {
        out.println("task " + i);
        out.println(pool.apply(() -> myFlow(i)));
      }
      pool.close();
      pool.join();
    }
  }

  /** {@code ProcessPoolExecutor(max_workers=3)}, {@code submit} and {@code as_completed}. */
  public static void processPoolAsCompleted(Env env) {
    PrintStream out = env.out();
    List<CompletableFuture<long[]>> futureTasks = new ArrayList<>();
    try (ProcessPoolExecutor executor = new ProcessPoolExecutor(3)) {
      for (long item : new long[] {500_000}) {
        futureTasks.add(
            executor.submit(
                () -> {
                  long total = 0;
                  for (long i = 0; i < item; i++) {
                    total += i;
                  }
                  return new long[] {item, total};
                }));
      }
    }
    for (Future<long[]> r : Futures.asCompleted(futureTasks, null)) {
      if (r.isDone()) {
        long[] nt = r.resultNow();
        out.println("1+...+" + nt[0] + "=" + nt[1]);
        out.println("(" + nt[0] + ", " + nt[1] + ")");
      }
    }
  }

  static final long[][] NUMBERS = {
    {1963309, 2265973}, {1879675, 2493670}, {2030677, 3814172},
    {1551645, 2229620}, {1988912, 4736670}, {2198964, 7876293}
  };

  /** The article's {@code gcd}: counts down from the smaller number. */
  static long gcd(long a, long b) {
    for (long i = Math.min(a, b); i > 0; i--) {
      if (a % i == 0 && b % i == 0) {
        return i;
      }
    }
    return 0;
  }

  /** gcd of six pairs on two worker processes, then {@code wait(..., ALL_COMPLETED)}. */
  public static void gcdWait(Env env) {
    gcdWait(env, 2.0);
  }

  /** {@link #gcdWait(Env)} with another timeout (null: as long as it takes, for tests). */
  public static void gcdWait(Env env, Double timeout) {
    PrintStream out = env.out();
    try (ProcessPoolExecutor pool = new ProcessPoolExecutor(2)) {
      List<CompletableFuture<Long>> futures = new ArrayList<>();
      for (long[] pair : NUMBERS) {
        long a = pair[0];
        long b = pair[1];
        futures.add(pool.submit(() -> gcd(a, b)));
      }
      for (CompletableFuture<Long> f : futures) {
        out.println("done: " + f.isDone());
      }
      out.println("#### divider ####");
      FutureWaitResult<Long> r = Futures.wait(futures, timeout, ReturnWhen.ALL_COMPLETED);
      for (CompletableFuture<Long> d : futures) {
        if (r.done().contains(d)) {
          out.println("done: " + d.isDone());
          out.println(d.resultNow());
        }
      }
    }
  }

  /**
   * Worker processes around a {@code JoinableQueue} of jobs and a {@code Queue} of results: the
   * article's picture downloader, with gcd jobs instead of downloads.
   */
  public static void queueProcesses(Env env) {
    PrintStream out = env.out();
    int concurrency = 2;
    JoinableProcessQueue<long[]> jobs = new JoinableProcessQueue<>();
    ProcessQueue<String> results = new ProcessQueue<>();
    List<Process> workers = new ArrayList<>();
    for (int w = 0; w < concurrency; w++) {
      Process process =
          new Process(
              () -> {
                while (true) {
                  long[] job = jobs.get();
                  try {
                    results.put("gcd(" + job[0] + ", " + job[1] + ") = " + gcd(job[0], job[1]));
                  } finally {
                    jobs.taskDone();
                  }
                }
              });
      process.setDaemon(true);
      process.start();
      workers.add(process);
    }
    int todo = 0;
    for (long[] pair : NUMBERS) {
      jobs.put(pair);
      todo++;
    }
    jobs.join();
    List<String> done = new ArrayList<>();
    while (!results.empty()) {
      done.add(results.getNowait());
    }
    done.stream().sorted().forEach(out::println);
    out.println("todo: " + todo + ", success: " + done.size());
    // daemon workers end with the program; this one may run inside a longer-lived JVM
    workers.forEach(Process::terminate);
    workers.forEach(Process::join);
  }
}
