package io.jasyncio.multiprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Pools that end broken or change their workers: one pool per test, by necessity. No event loop
 * here: runs under one engine only.
 */
@Timeout(120)
@EnabledIfSystemProperty(named = "jasyncio.engine", matches = "continuation")
class ProcessPoolFaultTest {
  @Test
  void killedWorkerBreaksThePoolForRunningAndPendingCalls() throws Exception {
    ProcessPoolExecutor pool = new ProcessPoolExecutor(2);
    ProcessQueue<Long> pids = new ProcessQueue<>();
    ProcessEvent never = new ProcessEvent();
    List<CompletableFuture<Boolean>> fs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      fs.add(
          pool.submit(
              () -> {
                pids.put(ProcessHandle.current().pid());
                return never.await(null);
              }));
    }
    long victim = pids.get();
    pids.get(); // both workers are inside a call
    ProcessHandle.of(victim).orElseThrow().destroyForcibly(); // kill -9
    for (CompletableFuture<Boolean> f : fs) {
      ExecutionException e = assertThrows(ExecutionException.class, f::get);
      BrokenProcessPool b = assertInstanceOf(BrokenProcessPool.class, e.getCause());
      assertTrue(b.getMessage().contains(String.valueOf(victim)), b.getMessage());
      assertTrue(b.getMessage().contains("signal 9"), b.getMessage());
    }
    assertThrows(BrokenProcessPool.class, () -> pool.submit(() -> 1));
    pool.shutdown(true, false);
    assertTrue(pool.isTerminated());
  }

  /** Fills the heap until the JVM gives up. */
  static int exhaustMemory() {
    List<long[]> hog = new ArrayList<>();
    while (true) {
      hog.add(new long[1 << 20]);
    }
  }

  @Test
  void workerOutOfMemory() throws Exception {
    // An OutOfMemoryError is the task's exception: the worker lives on (the heap is freed).
    try (ProcessPoolExecutor pool =
        ProcessPoolExecutor.builder().maxWorkers(1).jvmOptions(List.of("-Xmx48m")).build()) {
      long pid = pool.submit(() -> ProcessHandle.current().pid()).get();
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> pool.submit(ProcessPoolFaultTest::exhaustMemory).get());
      assertInstanceOf(OutOfMemoryError.class, e.getCause());
      assertEquals(pid, pool.submit(() -> ProcessHandle.current().pid()).get());
    }
    // A worker that dies of it (-XX:+ExitOnOutOfMemoryError) breaks the pool, never a hang.
    ProcessPoolExecutor pool =
        ProcessPoolExecutor.builder()
            .maxWorkers(1)
            .jvmOptions(List.of("-Xmx48m", "-XX:+ExitOnOutOfMemoryError"))
            .build();
    long pid = pool.submit(() -> ProcessHandle.current().pid()).get();
    CompletableFuture<Integer> running = pool.submit(ProcessPoolFaultTest::exhaustMemory);
    CompletableFuture<Integer> pending = pool.submit(() -> 1);
    for (CompletableFuture<Integer> f : List.of(running, pending)) {
      ExecutionException e = assertThrows(ExecutionException.class, f::get);
      BrokenProcessPool b = assertInstanceOf(BrokenProcessPool.class, e.getCause());
      assertTrue(b.getMessage().contains(String.valueOf(pid)), b.getMessage());
      assertTrue(b.getMessage().contains("exited with code 3"), b.getMessage());
    }
    assertThrows(BrokenProcessPool.class, () -> pool.submit(() -> 1));
    pool.shutdown(true, false);
    assertTrue(pool.isTerminated());
  }

  @Test
  void systemExitInATaskBreaksThePool() {
    try (ProcessPoolExecutor pool = new ProcessPoolExecutor(1)) {
      CompletableFuture<Integer> f =
          pool.submit(
              () -> {
                System.exit(3);
                return 0;
              });
      ExecutionException e = assertThrows(ExecutionException.class, f::get);
      assertTrue(e.getCause().getMessage().contains("exited with code 3"), e.getCause().getMessage());
    }
  }

  @Test
  void failingInitializerBreaksThePool() {
    ProcessPoolExecutor pool =
        ProcessPoolExecutor.builder()
            .maxWorkers(2)
            .initializer(
                () -> {
                  throw new IllegalStateException("no config");
                })
            .build();
    CompletableFuture<Integer> f = pool.submit(() -> 1);
    ExecutionException e = assertThrows(ExecutionException.class, f::get);
    BrokenProcessPool b = assertInstanceOf(BrokenProcessPool.class, e.getCause());
    assertTrue(b.getMessage().contains("initializer"), b.getMessage());
    IllegalStateException cause = assertInstanceOf(IllegalStateException.class, b.getCause());
    assertEquals("no config", cause.getMessage());
    assertThrows(BrokenProcessPool.class, () -> pool.submit(() -> 2));
    pool.shutdown(true, false);
  }

  static final StringBuilder INITIALIZED = new StringBuilder();

  @Test
  void initializerRunsInEachWorkerAndMaxTasksPerChildReplacesIt() throws Exception {
    try (ProcessPoolExecutor pool =
        ProcessPoolExecutor.builder()
            .maxWorkers(1)
            .maxTasksPerChild(2)
            .initializer(() -> INITIALIZED.append("yes"))
            .build()) {
      List<Long> pids = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        SerializableCallable<String> task =
            () -> ProcessHandle.current().pid() + ":" + INITIALIZED;
        String[] r = pool.submit(task).get().split(":");
        assertEquals("yes", r[1]);
        pids.add(Long.parseLong(r[0]));
      }
      assertEquals(pids.get(0), pids.get(1));
      assertNotEquals(pids.get(1), pids.get(2));
      assertEquals(pids.get(2), pids.get(3));
      assertNotEquals(pids.get(3), pids.get(4));
      Set<Long> distinct = new HashSet<>(pids);
      assertEquals(3, distinct.size());
    }
  }

  @Test
  void rejectedClassIsReportedByName() {
    try (ProcessPoolExecutor pool =
        ProcessPoolExecutor.builder()
            .maxWorkers(1)
            .jvmOptions(List.of("-Djasyncio.serialFilter=!java.util.ArrayList"))
            .build()) {
      SerializableFunction<List<Integer>, Integer> size = List::size;
      ExecutionException e =
          assertThrows(
              ExecutionException.class,
              () -> pool.submit(size, new ArrayList<>(List.of(1, 2))).get());
      IllegalArgumentException iae = assertInstanceOf(IllegalArgumentException.class, e.getCause());
      assertTrue(iae.getMessage().contains("java.util.ArrayList"), iae.getMessage());
      assertTrue(iae.getMessage().contains("rejected"), iae.getMessage());
      assertEquals(2, pool.submit(size, List.of(1, 2)).join(), "the pool goes on");
    }
  }
}
