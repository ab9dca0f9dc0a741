package io.jasyncio.bench;

import io.jasyncio.cluster.ClusterExecutor;
import io.jasyncio.cluster.LocalCluster;
import io.jasyncio.concurrent.ResultIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

/**
 * Cluster figures for docs/PERFORMANCE.md and the scaling model of docs/cluster.md: the round trip
 * of a no-op task on a local cluster (one at a time, and many in flight), and the articles' CPU
 * job ({@code getSum(num)} for num = 1 .. N-1) in this JVM alone and on the cluster.
 *
 * {@snippet lang=sh :
 * flock /tmp/jasyncio-bench.lock ./jasyncio run io.jasyncio.bench.ClusterBench 3 5000
 * }
 *
 * <p>Arguments: members (default 3), N of the CPU job (default 5000, the experiments' quick
 * scale).
 */
public final class ClusterBench {
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

  /** Kept strongly, so that the level holds: the client logs its connections at INFO. */
  private static final java.util.logging.Logger HAZELCAST_LOG =
      java.util.logging.Logger.getLogger("com.hazelcast");

  public static void main(String[] args) throws Exception {
    HAZELCAST_LOG.setLevel(java.util.logging.Level.WARNING);
    int members = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
    List<Integer> nums = IntStream.range(1, n).boxed().toList();

    // The best of three runs in this JVM: the first one also pays for the JIT.
    double oneProcess = Double.MAX_VALUE;
    double local = 0;
    long t0;
    for (int run = 0; run < 3; run++) {
      t0 = System.nanoTime();
      local = 0;
      for (int num : nums) {
        local += getSum(num);
      }
      oneProcess = Math.min(oneProcess, secs(t0));
    }
    long terms = (long) n * (n - 1) / 2;
    print("cpu job N=%d in this JVM, 1 thread, best of 3: %.3f s (%.2f ns per term, checksum %.6f)",
        n, oneProcess, oneProcess * 1e9 / terms, local);

    t0 = System.nanoTime();
    try (LocalCluster cluster = LocalCluster.start(members);
        ClusterExecutor ex = cluster.executor()) {
      print("%d-member local cluster up and connected in %.1f s", members, secs(t0));
      // Warm-up: the members' JIT, the connections.
      drain(ex.map(ClusterBench::noop, IntStream.range(0, 5000).boxed().toList(), null, 1));
      drain(ex.map(ClusterBench::getSum, nums, null, 50));

      int seq = 1000;
      long[] rtt = new long[seq];
      t0 = System.nanoTime();
      for (int i = 0; i < seq; i++) {
        long a = System.nanoTime();
        ex.submit(ClusterBench::noop, i).join();
        rtt[i] = System.nanoTime() - a;
      }
      double s = secs(t0);
      java.util.Arrays.sort(rtt);
      print("no-op round trip, one at a time: mean %.0f us, min %.0f, median %.0f, p90 %.0f us (%d tasks)",
          s * 1e6 / seq, rtt[0] / 1e3, rtt[seq / 2] / 1e3, rtt[seq * 9 / 10] / 1e3, seq);

      int many = 20_000;
      t0 = System.nanoTime();
      List<CompletableFuture<Integer>> fs = new ArrayList<>(many);
      for (int i = 0; i < many; i++) {
        fs.add(ex.submit(ClusterBench::noop, i));
      }
      for (CompletableFuture<Integer> f : fs) {
        f.join();
      }
      s = secs(t0);
      print("no-op submit, %d in flight at once: %.0f tasks/s (%.0f us per task)",
          many, many / s, s * 1e6 / many);

      for (int chunk : new int[] {1, 100}) {
        t0 = System.nanoTime();
        drain(ex.map(ClusterBench::noop, IntStream.range(0, many).boxed().toList(), null, chunk));
        s = secs(t0);
        print("no-op map, chunksize %d: %.0f tasks/s", chunk, many / s);
      }

      for (int chunk : new int[] {1, 10, 50}) {
        t0 = System.nanoTime();
        double total = 0;
        try (ResultIterator<Double> it = ex.map(ClusterBench::getSum, nums, null, chunk)) {
          while (it.hasNext()) {
            total += it.next();
          }
        }
        s = secs(t0);
        print("cpu job N=%d on the %d-member cluster, map chunksize %d: %.3f s (x%.2f; checksum %s)",
            n, members, chunk, s, oneProcess / s, total == local ? "equal" : "DIFFERS " + total);
      }
      print("calls per member: %s", ex.completedByMember());
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
