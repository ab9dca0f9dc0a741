package io.jasyncio.multiprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Pools that are closed, terminated or lose workers: one per test. No loop: one engine. */
@Timeout(120)
@EnabledIfSystemProperty(named = "jasyncio.engine", matches = "continuation")
class PoolLifecycleTest {
  @Test
  void killedWorkerFailsOnlyItsTaskAndIsReplaced() {
    Pool pool = new Pool(1);
    ProcessQueue<Long> pids = new ProcessQueue<>();
    ProcessEvent never = new ProcessEvent();
    AsyncResult<Boolean> doomed =
        pool.applyAsync(
            () -> {
              pids.put(ProcessHandle.current().pid());
              return never.await(null);
            });
    AsyncResult<Integer> prefetched = pool.applyAsync(() -> 7);
    long victim = pids.get();
    ProcessHandle.of(victim).orElseThrow().destroyForcibly();
    WorkerLostError e = assertThrows(WorkerLostError.class, doomed::get);
    assertTrue(e.getMessage().contains(String.valueOf(victim)), e.getMessage());
    assertEquals(7, prefetched.get(), "the prefetched task ran on the new worker");
    long fresh = pool.apply(() -> ProcessHandle.current().pid());
    assertNotEquals(victim, fresh);
    pool.close();
    pool.join();
  }

  @Test
  void workerDeadOfOutOfMemoryFailsItsTaskAndIsReplaced() {
    Pool pool = new Pool(1, null, 0, List.of("-Xmx48m", "-XX:+ExitOnOutOfMemoryError"));
    long victim = pool.apply(() -> ProcessHandle.current().pid());
    WorkerLostError e =
        assertThrows(WorkerLostError.class, () -> pool.apply(ProcessPoolFaultTest::exhaustMemory));
    assertTrue(e.getMessage().contains(String.valueOf(victim)), e.getMessage());
    assertTrue(e.getMessage().contains("exited with code 3"), e.getMessage());
    long fresh = pool.apply(() -> ProcessHandle.current().pid());
    assertNotEquals(victim, fresh);
    pool.close();
    pool.join();
  }

  @Test
  void maxTasksPerChildChangesTheWorker() {
    Pool pool = new Pool(1, null, 1);
    long a = pool.apply(() -> ProcessHandle.current().pid());
    long b = pool.apply(() -> ProcessHandle.current().pid());
    assertNotEquals(a, b);
    pool.close();
    pool.join();
  }

  @Test
  void failingInitializerFailsTasksInsteadOfHanging() {
    Pool pool =
        new Pool(
            1,
            () -> {
              throw new IllegalStateException("bad init");
            },
            0);
    BrokenProcessPool e = assertThrows(BrokenProcessPool.class, () -> pool.apply(() -> 1));
    assertInstanceOf(IllegalStateException.class, e.getCause());
    pool.terminate();
    pool.join();
  }

  @Test
  void closeLetsQueuedTasksFinishAndRefusesNewOnes() {
    Pool pool = new Pool(2);
    List<AsyncResult<Integer>> rs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      int n = i;
      rs.add(pool.applyAsync(() -> n));
    }
    assertThrows(IllegalStateException.class, pool::join, "join before close");
    pool.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.apply(() -> 1));
    assertEquals("Pool not running", e.getMessage());
    pool.join();
    for (int i = 0; i < 10; i++) {
      assertEquals(i, rs.get(i).get());
    }
  }

  @Test
  void terminateStopsNowAndFailsUnfinishedResults() {
    Pool pool = new Pool(1);
    ProcessEvent never = new ProcessEvent();
    ProcessQueue<String> started = new ProcessQueue<>();
    AsyncResult<Boolean> r =
        pool.applyAsync(
            () -> {
              started.put("in");
              return never.await(null);
            });
    assertEquals("in", started.get());
    pool.terminate();
    assertThrows(CancellationException.class, r::get);
    pool.join();
    assertThrows(IllegalStateException.class, () -> pool.apply(() -> 1));
  }

  @Test
  void aPoolWhoseWorkerJvmsCannotBeStartedIsBroken() {
    // a NUL character in a command line: the JDK refuses to start the process at all
    Pool pool = new Pool(3, null, 0, List.of("-Dbad=\0"));
    BrokenProcessPool e = assertThrows(BrokenProcessPool.class, () -> pool.apply(() -> 1));
    assertEquals(
        "cannot start a worker JVM: java.io.IOException: invalid null character in command",
        e.getMessage());
    assertInstanceOf(java.io.IOException.class, e.getCause());
    assertEquals(List.of(), pool.workerPids());
    pool.close();
    pool.join();
  }
}
