package io.jasyncio.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.ReturnWhen;
import io.jasyncio.TimeoutError;
import io.jasyncio.concurrent.FutureWaitResult;
import io.jasyncio.concurrent.Futures;
import io.jasyncio.concurrent.ResultIterator;
import io.jasyncio.multiprocessing.RemoteError;
import io.jasyncio.multiprocessing.RemoteTraceback;
import io.jasyncio.multiprocessing.SerializableCallable;
import io.jasyncio.multiprocessing.SerializableFunction;
import io.jasyncio.multiprocessing.SerializableRunnable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A three-member cluster of separate JVMs on loopback, shared by the whole class (starting one
 * costs seconds); every test leaves it as it found it. Runs under both engines: the coroutine
 * tests await cluster futures on a loop.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterExecutorTest {
  private static LocalCluster cluster;
  private static ClusterExecutor executor;

  @BeforeAll
  static void startCluster() {
    cluster = LocalCluster.start(3);
    executor = cluster.executor();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster == null) {
      return;
    }
    List<Long> pids = cluster.memberPids();
    executor.close();
    assertTrue(executor.isTerminated());
    cluster.close();
    for (long pid : pids) {
      assertFalse(
          ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
          "member " + pid + " still alive after close()");
    }
  }

  /** The result of a task: which JVM ran it. */
  static long pid() {
    return ProcessHandle.current().pid();
  }

  static int square(int x) {
    return x * x;
  }

  /** A checked exception of the test's own, to see class and message come back. */
  static final class CrunchFailed extends Exception {
    private static final long serialVersionUID = 1L;

    CrunchFailed(String message) {
      super(message);
    }
  }

  static int crunch(int x) throws CrunchFailed {
    if (x == 13) {
      throw new CrunchFailed("unlucky " + x);
    }
    return x;
  }

  /** Blocks a member thread until the gate file exists (the test opens it). */
  static void waitForGate(String gate) {
    Path p = Path.of(gate);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(p) && System.nanoTime() < end) {
      Thread.onSpinWait();
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  static void touch(String file) {
    try {
      Files.createFile(Path.of(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void onALoopThreadAPendingFutureRefusesToBlock(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    String gate = dir.resolve("gate").toString();
    CompletableFuture<Integer> f =
        executor.submit(
            (SerializableCallable<Integer>)
                () -> {
                  waitForGate(gate);
                  return 7;
                });
    List<String> messages =
        Asyncio.runVirtual(
            () -> {
              List<String> m = new ArrayList<>();
              m.add(assertThrows(IllegalStateException.class, f::get).getMessage());
              m.add(assertThrows(IllegalStateException.class, () -> f.get(1, TimeUnit.HOURS))
                  .getMessage());
              m.add(assertThrows(IllegalStateException.class, f::join).getMessage());
              return m;
            });
    assertEquals(
        "the cluster future's get() would block the event loop running on this thread (a callback"
            + " or a coroutine of that loop): in a coroutine, Asyncio.await(future) instead",
        messages.get(0));
    assertEquals(3, messages.size());
    touch(gate);
    assertEquals(7, f.get(60, TimeUnit.SECONDS));   // off the loop it waits as before
  }

  @Test
  void submitRunsTheTaskInAnotherJvm() throws Exception {
    CompletableFuture<Long> f = executor.submit(ClusterExecutorTest::pid);
    long memberPid = f.get(60, TimeUnit.SECONDS);
    assertNotEquals(ProcessHandle.current().pid(), memberPid);
    assertTrue(cluster.memberPids().contains(memberPid), "ran on " + memberPid);
    assertEquals(3, executor.members());
    assertEquals(49, executor.submit(ClusterExecutorTest::square, 7).get(60, TimeUnit.SECONDS));
  }

  @Test
  void mapReturnsAThousandResultsInArgumentOrder() {
    List<Integer> args = IntStream.range(0, 1000).boxed().toList();
    for (int chunksize : new int[] {1, 7}) {
      List<Integer> got = new ArrayList<>();
      try (ResultIterator<Integer> it =
          executor.map(ClusterExecutorTest::square, args, 120.0, chunksize)) {
        it.forEachRemaining(got::add);
      }
      assertEquals(args.stream().map(x -> x * x).toList(), got, "chunksize " + chunksize);
    }
  }

  @Test
  void callsAreSpreadOverEveryMember() throws Exception {
    Map<String, Long> before = executor.completedByMember();
    List<Future<Long>> fs = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      fs.add(executor.submit(ClusterExecutorTest::pid));
    }
    Set<Long> pids = new HashSet<>();
    for (Future<Long> f : fs) {
      pids.add(f.get(60, TimeUnit.SECONDS));
    }
    assertEquals(new HashSet<>(cluster.memberPids()), pids);
    Map<String, Long> after = executor.completedByMember();
    for (String member : cluster.addresses()) {
      long done = after.getOrDefault(member, 0L) - before.getOrDefault(member, 0L);
      // Most free room first: no member may be left with a small share while others work.
      assertTrue(done >= 300 / 3 / 3, member + " ran only " + done + " of 300: " + after);
    }
  }

  @Test
  void aTasksExceptionComesBackWithClassMessageAndRemoteTraceback() {
    CompletableFuture<Integer> f = executor.submit(() -> crunch(13));
    ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(60, TimeUnit.SECONDS));
    CrunchFailed cause = assertInstanceOf(CrunchFailed.class, e.getCause());
    assertEquals("unlucky 13", cause.getMessage());
    String trace = RemoteTraceback.find(cause).orElseThrow().trace();
    assertTrue(trace.contains("ClusterExecutorTest.crunch"), trace);

    ArithmeticException div =
        assertThrows(
            ArithmeticException.class,
            () -> {
              try (ResultIterator<Integer> it =
                  executor.map(x -> 10 / x, List.of(5, 0, 1), 60.0, 1)) {
                assertEquals(2, it.next());
                it.next();
              }
            });
    assertEquals("/ by zero", div.getMessage());
  }

  /** An exception that holds something that cannot be serialized. */
  static final class HoldsAThread extends RuntimeException {
    private static final long serialVersionUID = 1L;
    @SuppressWarnings("unused")
    private final Object thread = Thread.currentThread();

    HoldsAThread(String message) {
      super(message);
    }
  }

  @Test
  void anUnserializableExceptionComesBackAsRemoteError() {
    SerializableCallable<Integer> task =
        () -> {
          throw new HoldsAThread("cannot travel");
        };
    ExecutionException e =
        assertThrows(
            ExecutionException.class, () -> executor.submit(task).get(60, TimeUnit.SECONDS));
    RemoteError r = assertInstanceOf(RemoteError.class, e.getCause());
    assertEquals(HoldsAThread.class.getName(), r.remoteClassName());
    assertEquals("cannot travel", r.remoteMessage());
  }

  @Test
  void aNonSerializableTaskFailsAtOnceNamingTheClass() {
    Callable<Integer> plain = () -> 1;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> executor.submit(plain));
    assertTrue(e.getMessage().contains(plain.getClass().getName()), e.getMessage());
    assertTrue(e.getMessage().contains("SerializableCallable"), e.getMessage());

    Thread notSerializable = Thread.currentThread();
    SerializableCallable<String> capturing = () -> notSerializable.getName();
    IllegalArgumentException e2 =
        assertThrows(IllegalArgumentException.class, () -> executor.submit(capturing));
    assertTrue(e2.getMessage().contains("java.lang.Thread"), e2.getMessage());

    IllegalArgumentException e3 =
        assertThrows(
            IllegalArgumentException.class,
            () -> executor.map(x -> x, List.<Object>of(1, new Object()), null, 1));
    assertTrue(e3.getMessage().contains("argument 1"), e3.getMessage());
    assertTrue(e3.getMessage().contains("java.lang.Object"), e3.getMessage());
  }

  @Test
  void cancelBeforeTheCallIsSentRemovesIt(@TempDir Path dir) throws Exception {
    String gate = dir.resolve("gate").toString();
    String ran = dir.resolve("ran").toString();
    // Fill every member's room (twice its threads) with calls that wait for the gate.
    List<CompletableFuture<?>> blockers = new ArrayList<>();
    SerializableRunnable block = () -> waitForGate(gate);
    for (int i = 0; i < 64; i++) {
      blockers.add(executor.submit(block));
    }
    SerializableRunnable mark = () -> touch(ran);
    CompletableFuture<?> last = executor.submit(mark);
    assertTrue(last.cancel(false), executor.toString());
    assertTrue(last.isCancelled());
    touch(gate);
    for (CompletableFuture<?> b : blockers) {
      b.get(60, TimeUnit.SECONDS);
    }
    // Every call sent before it has finished: had the cancelled one been sent, it would have run.
    assertFalse(Files.exists(Path.of(ran)), "a cancelled call ran");
    assertFalse(blockers.get(0).cancel(false), "a finished call cannot be cancelled");
  }

  @Test
  void mapTimeoutRaisesTimeoutErrorAndClosesTheIterator(@TempDir Path dir) throws Exception {
    String gate = dir.resolve("gate").toString();
    try (ResultIterator<Object> it =
        executor.map(
            x -> {
              waitForGate(gate);
              return x;
            },
            List.of(1, 2, 3),
            0.2,
            1)) {
      assertThrows(TimeoutError.class, it::next);
      assertFalse(it.hasNext());
    } finally {
      touch(gate);
    }
  }

  @Test
  void coroutinesAwaitClusterFuturesAndRunInExecutorSendsTasksToTheCluster() {
    int sum =
        Asyncio.run(
            () -> {
              CompletableFuture<Integer> a = executor.submit(ClusterExecutorTest::square, 3);
              CompletableFuture<Integer> b = executor.submit(ClusterExecutorTest::square, 4);
              return Asyncio.await(a) + Asyncio.await(b);
            });
    assertEquals(25, sum);
    long ran =
        Asyncio.run(
            () -> {
              SerializableCallable<Long> where = ClusterExecutorTest::pid;
              return Asyncio.await(Asyncio.getRunningLoop().runInExecutor(executor, where));
            });
    assertTrue(cluster.memberPids().contains(ran), "runInExecutor ran it in " + ran);
    CrunchFailed e =
        assertThrows(
            CrunchFailed.class,
            () ->
                Asyncio.run(
                    () -> Asyncio.await(executor.submit(() -> crunch(13)))));
    assertEquals("unlucky 13", e.getMessage());
  }

  @Test
  void futuresWaitAsCompletedAndMapWork() throws Exception {
    List<CompletableFuture<Integer>> fs = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      fs.add(executor.submit(ClusterExecutorTest::square, i));
    }
    FutureWaitResult<Integer> r = Futures.wait(fs, 60.0, ReturnWhen.ALL_COMPLETED);
    assertEquals(10, r.done().size());
    int total = 0;
    for (Future<Integer> f : Futures.asCompleted(fs, 60.0)) {
      total += f.get();
    }
    assertEquals(285, total);
    SerializableFunction<Integer, Integer> sq = ClusterExecutorTest::square;
    List<Integer> squares = new ArrayList<>();
    try (ResultIterator<Integer> it = Futures.map(executor, sq, List.of(1, 2, 3), 60.0)) {
      it.forEachRemaining(squares::add);
    }
    assertEquals(List.of(1, 4, 9), squares);
  }

  @Test
  void aSecondClientEndingLeavesTheClusterToTheOthers() throws Exception {
    ClusterExecutor other = cluster.executor();
    assertEquals(4, other.submit(ClusterExecutorTest::square, 2).get(60, TimeUnit.SECONDS));
    other.close();
    assertTrue(other.isTerminated());
    assertThrows(RejectedExecutionException.class, () -> other.submit(ClusterExecutorTest::pid));
    assertEquals(9, executor.submit(ClusterExecutorTest::square, 3).get(60, TimeUnit.SECONDS));
  }
}
