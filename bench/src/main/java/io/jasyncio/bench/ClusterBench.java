package io.jasyncio.bench;

import io.jasyncio.cluster.ClusterExecutor;
import io.jasyncio.cluster.LocalCluster;
import io.jasyncio.concurrent.ResultIterator;
import io.jasyncio.multiprocessing.ProcessPoolExecutor;
import io.jasyncio.multiprocessing.SerializableFunction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.IntStream;

/**
 * Cluster figures for docs/PERFORMANCE.md and the scaling model of docs/cluster.md, beside the
 * process pool's in the same run: the round trip of a no-op task (one at a time, and many in
 * flight), and the articles' CPU job ({@code getSum(num)} for num = 1 .. N-1) in this JVM alone,
 * on a 2-worker {@link ProcessPoolExecutor} and on a local cluster.
 *
 * {@snippet lang=sh :
 * flock /tmp/jasyncio-bench.lock ./jasyncio run io.jasyncio.bench.ClusterBench 3 5000
 * }
 *
 * <p>Arguments: cluster members (default 3), N of the CPU job (default 5000), process pool
 * workers (default 2).
 */
public final class ClusterBench {
  /** Kept strongly, so that the level holds: the client logs its connections at INFO. */
  private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

  private ClusterBench() {}

  /** The articles' getSum: {@code 1/x + sqrt x + sin x + cos x} for x = 1 .. num - 1. */
  static double getSum(int num) {
    double total = 0.0;
    for (int x = 1; x < num; x++) {
      total += 1.0 / x + Math.sqrt(x) + Math.sin(x) + Math.cos(x);
    }
    return total;
  }

  static int noop(int x) {
    return x;
  }

  /** What both executors offer: submit of a function with its argument, and an ordered map. */
  interface Target {
    <R> CompletableFuture<R> submit(SerializableFunction<Integer, R> fn, int arg);

    <R> ResultIterator<R> map(SerializableFunction<Integer, R> fn, List<Integer> args, int chunk);
  }

  public static void main(String[] args) throws Exception {
    HAZELCAST_LOG.setLevel(Level.WARNING);
    int members = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
    int workers = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    List<Integer> nums = IntStream.range(1, n).boxed().toList();

    // The best of three runs in this JVM: the first one also pays for the JIT.
    double oneProcess = Double.MAX_VALUE;
    double local = 0;
    for (int run = 0; run < 3; run++) {
      long t0 = System.nanoTime();
      local = 0;
      for (int num : nums) {
        local += getSum(num);
      }
      oneProcess = Math.min(oneProcess, secs(t0));
    }
    long terms = (long) n * (n - 1) / 2;
    print("cpu job N=%d in this JVM, 1 thread, best of 3: %.3f s (%.2f ns per term)",
        n, oneProcess, oneProcess * 1e9 / terms);

    long t0 = System.nanoTime();
    try (ProcessPoolExecutor pool = new ProcessPoolExecutor(workers)) {
      pool.submit(ClusterBench::noop, 0).join();
      print("%d-worker process pool up in %.1f s", workers, secs(t0));
      measure(
          workers + "-worker process pool",
          new Target() {
            @Override
            public <R> CompletableFuture<R> submit(SerializableFunction<Integer, R> fn, int arg) {
              return pool.submit(fn, arg);
            }

            @Override
            public <R> ResultIterator<R> map(
                SerializableFunction<Integer, R> fn, List<Integer> a, int chunk) {
              return pool.map(fn, a, null, chunk);
            }
          },
          nums, oneProcess, local);
    }

    t0 = System.nanoTime();
    try (LocalCluster cluster = LocalCluster.start(members);
        ClusterExecutor ex = cluster.executor()) {
      print("%d-member local cluster up and connected in %.1f s", members, secs(t0));
      measure(
          members + "-member cluster",
          new Target() {
            @Override
            public <R> CompletableFuture<R> submit(SerializableFunction<Integer, R> fn, int arg) {
              return ex.submit(fn, arg);
            }

            @Override
            public <R> ResultIterator<R> map(
                SerializableFunction<Integer, R> fn, List<Integer> a, int chunk) {
              return ex.map(fn, a, null, chunk);
            }
          },
          nums, oneProcess, local);
      print("calls per member: %s", ex.completedByMember());
    }
  }

  private static void measure(
      String label, Target t, List<Integer> nums, double oneProcess, double expected) {
    // Warm-up: the workers' JIT, the connections.
    drain(t.map(ClusterBench::noop, IntStream.range(0, 5000).boxed().toList(), 1));
    drain(t.map(ClusterBench::getSum, nums, 50));

    int seq = 1000;
    long[] rtt = new long[seq];
    long t0 = System.nanoTime();
    for (int i = 0; i < seq; i++) {
      long a = System.nanoTime();
      t.submit(ClusterBench::noop, i).join();
      rtt[i] = System.nanoTime() - a;
    }
    double s = secs(t0);
    Arrays.sort(rtt);
    print("%s: no-op round trip one at a time: mean %.0f us, min %.0f, median %.0f, p90 %.0f",
        label, s * 1e6 / seq, rtt[0] / 1e3, rtt[seq / 2] / 1e3, rtt[seq * 9 / 10] / 1e3);

    int many = 20_000;
    t0 = System.nanoTime();
    List<CompletableFuture<Integer>> fs = new ArrayList<>(many);
    for (int i = 0; i < many; i++) {
      fs.add(t.submit(ClusterBench::noop, i));
    }
    for (CompletableFuture<Integer> f : fs) {
      f.join();
    }
    s = secs(t0);
    print("%s: no-op submit, %d at once: %.0f tasks/s", label, many, many / s);
    for (int chunk : new int[] {1, 100}) {
      t0 = System.nanoTime();
      drain(t.map(ClusterBench::noop, IntStream.range(0, many).boxed().toList(), chunk));
      s = secs(t0);
      print("%s: no-op map chunksize %d: %.0f tasks/s", label, chunk, many / s);
    }
    int n = nums.size() + 1;
    for (int chunk : new int[] {1, 10, 50}) {
      t0 = System.nanoTime();
      double total = 0;
      try (ResultIterator<Double> it = t.map(ClusterBench::getSum, nums, chunk)) {
        while (it.hasNext()) {
          total += it.next();
        }
      }
      s = secs(t0);
      print("%s: cpu job N=%d, map chunksize %d: %.3f s (x%.2f of 1 thread; totals %s)",
          label, n, chunk, s, oneProcess / s, total == expected ? "equal" : "DIFFER");
    }
  }

  private static <T> void drain(ResultIterator<T> it) {
    try (it) {
      while (it.hasNext()) {
        it.next();
      }
    }
  }

  private static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static void print(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }
}
