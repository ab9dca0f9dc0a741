package io.jasyncio.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.concurrent.ResultIterator;
import io.jasyncio.multiprocessing.SerializableCallable;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Members that die: one killed mid-run (its calls go to the others and every result arrives once),
 * then all of them (pending calls fail with {@link BrokenCluster} within a minute), and a parent
 * JVM killed with SIGKILL (its members exit by themselves). One cluster for the class, used up in
 * order. No loop is involved, so this class runs under one engine only (see the pom).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFailureTest {
  private static LocalCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = LocalCluster.start(3);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
      assertNoneAlive(cluster.memberPids());
    }
  }

  static void assertNoneAlive(List<Long> pids) {
    for (long pid : pids) {
      assertFalse(
          ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
          "member " + pid + " is still alive");
    }
  }

  /** A few milliseconds of real work, so that calls are in flight when a member dies. */
  static int slowSquare(int x) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(8);
    double sink = 0;
    while (System.nanoTime() < end) {
      sink += Math.sqrt(x + sink);
    }
    return sink < 0 ? -1 : x * x;
  }

  @Test
  @Order(1)
  void aMemberKilledMidRunLosesNoResultAndDuplicatesNone() {
    try (ClusterExecutor executor = cluster.executor()) {
      List<Integer> args = IntStream.range(0, 600).boxed().toList();
      List<Integer> got = new ArrayList<>();
      try (ResultIterator<Integer> it =
          executor.map(ClusterFailureTest::slowSquare, args, 150.0, 1)) {
        while (it.hasNext()) {
          got.add(it.next());
          if (got.size() == 60) {
            cluster.killMember(1);
          }
        }
      }
      assertEquals(args.stream().map(x -> x * x).toList(), got);
      assertTrue(executor.resentCalls() > 0, "no call was resent: " + executor);
      assertFalse(ProcessHandle.of(cluster.memberPids().get(1)).isPresent()
          && ProcessHandle.of(cluster.memberPids().get(1)).get().isAlive());
      assertEquals(2, executor.members());
    }
  }

  @Test
  @Order(2)
  void whenNoMemberIsLeftPendingCallsFailWithinAMinute(@TempDir Path dir) throws Exception {
    String gate = dir.resolve("never-opened").toString();
    ClusterExecutor executor =
        ClusterExecutor.connect(
            cluster.clusterName(), cluster.addresses().toArray(String[]::new));
    try {
      List<CompletableFuture<Object>> fs = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        fs.add(
            executor.submit(
                (SerializableCallable<Object>)
                    () -> {
                      ClusterExecutorTest.waitForGate(gate);
                      return null;
                    }));
      }
      List<Long> pids = cluster.memberPids();
      long start = System.nanoTime();
      cluster.close();
      assertNoneAlive(pids);
      for (CompletableFuture<Object> f : fs) {
        ExecutionException e =
            assertThrows(ExecutionException.class, () -> f.get(90, TimeUnit.SECONDS));
        assertInstanceOf(BrokenCluster.class, e.getCause(), e.toString());
        assertTrue(e.getCause().getMessage().contains(cluster.clusterName()));
      }
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
      assertTrue(seconds < 60, "took " + seconds + " s");
      assertThrows(BrokenCluster.class, () -> executor.submit(() -> 1));
      assertTrue(executor.awaitTermination(30, TimeUnit.SECONDS));
    } finally {
      executor.shutdownNow();
    }
  }

  /** Runs in a JVM of its own: starts a one-member cluster, prints the member's pid, waits. */
  public static final class Parent {
    public static void main(String[] args) throws Exception {
      LocalCluster c = LocalCluster.start(1);
      System.out.println("member-pid " + c.memberPids().get(0));
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE);
    }
  }

  @Test
  @Order(3)
  void membersExitWhenTheirParentIsKilled() throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    ProcessBuilder pb =
        new ProcessBuilder(
            java, "-cp", System.getProperty("java.class.path"), Parent.class.getName());
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process parent = pb.start();
    long memberPid = -1;
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("member-pid ")) {
          memberPid = Long.parseLong(line.substring("member-pid ".length()));
          break;
        }
      }
      assertTrue(memberPid > 0, "the parent printed no member pid");
      ProcessHandle member = ProcessHandle.of(memberPid).orElseThrow();
      parent.destroyForcibly(); // SIGKILL: no shutdown hook runs in the parent
      parent.waitFor();
      member.onExit().get(60, TimeUnit.SECONDS);
      assertFalse(member.isAlive());
    } finally {
      parent.destroyForcibly();
      if (memberPid > 0) {
        ProcessHandle.of(memberPid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }
}
