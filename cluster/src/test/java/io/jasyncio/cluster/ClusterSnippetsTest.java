package io.jasyncio.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.concurrent.ResultIterator;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The examples of the cluster package's javadoc ({@code {@snippet class=... region=...}}): each
 * region compiles here; the one on a local cluster runs, and prints what its comment says. The two
 * that need a cluster on other machines, or one that lost every member, are compiled only (their
 * behaviour is tested by {@code ClusterExecutorTest} and {@code ClusterFailureTest}).
 */
@Timeout(180)
class ClusterSnippetsTest {

  /** Stands for the work of the examples. */
  static final class Sums {
    static double getSum(int n) {
      double s = 0;
      for (int i = 1; i < n; i++) {
        s += Math.sqrt(i);
      }
      return s;
    }
  }

  static double crunch() {
    return Sums.getSum(20_000);
  }

  /** Compiled, not run: the members live on other machines. */
  static void clusterExecutor() {
    // @start region="clusterExecutor"
    try (ClusterExecutor cluster = ClusterExecutor.connect("prod", "10.0.0.5:5701", "10.0.0.6:5701")) {
      CompletableFuture<Double> one = cluster.submit(() -> Sums.getSum(20_000));
      try (ResultIterator<Double> all = cluster.map(Sums::getSum, List.of(1, 2, 3), 60.0, 1)) {
        all.forEachRemaining(System.out::println);
      }
    }
    // @end
  }

  /** Compiled, not run: it needs a cluster whose members all died. */
  static void brokenCluster(ClusterExecutor executor) {
    // @start region="brokenCluster"
    try {
      executor.submit(() -> crunch()).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof BrokenCluster b) {   // "no member of cluster jasyncio-1a2b3c4d ..."
        System.err.println(b.getMessage());
      }
    }
    // @end
  }

  @Test
  void localCluster() {
    PrintStream before = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      // @start region="localCluster"
      try (LocalCluster cluster = LocalCluster.start(2);
          ClusterExecutor executor = cluster.executor()) {
        CompletableFuture<Integer> f = executor.submit(() -> 6 * 7);
        System.out.println(f.join());   // 42, computed in another JVM
      }
      // @end
    } finally {
      System.setOut(before);
    }
    assertEquals("42", bytes.toString(StandardCharsets.UTF_8).strip());
  }
}
