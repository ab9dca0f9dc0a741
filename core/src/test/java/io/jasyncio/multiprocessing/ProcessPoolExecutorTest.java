package io.jasyncio.multiprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.ReturnWhen;
import io.jasyncio.TimeoutError;
import io.jasyncio.concurrent.FutureWaitResult;
import io.jasyncio.concurrent.Futures;
import io.jasyncio.concurrent.ResultIterator;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One shared two-worker pool for the behaviours that leave it usable. */
@Timeout(120)
class ProcessPoolExecutorTest {
  static ProcessPoolExecutor pool;

  @BeforeAll
  static void start() {
    pool = new ProcessPoolExecutor(2);
  }

  @AfterAll
  static void stop() {
    pool.shutdown(true, true);
    assertTrue(pool.isTerminated());
  }

  static long pid() {
    return ProcessHandle.current().pid();
  }

  @Test
  void submitRunsInAnotherProcess() throws Exception {
    CompletableFuture<Long> f = pool.submit(ProcessPoolExecutorTest::pid);
    assertNotEquals(pid(), f.get());
    assertEquals(pid(), pool.submit(Process::parentPid).get());
    assertTrue(pool.submit(Process::currentName).get().startsWith("ProcessPoolExecutor-"));
    SerializableFunction<Integer, Integer> square = x -> x * x;
    assertEquals(49, pool.submit(square, 7).get());
  }

  @Test
  void exceptionComesBackUnchangedWithRemoteTraceback() {
    CompletableFuture<Integer> f = pool.submit(() -> Integer.parseInt("x"));
    ExecutionException e = assertThrows(ExecutionException.class, f::get);
    NumberFormatException nfe = assertInstanceOf(NumberFormatException.class, e.getCause());
    assertEquals("For input string: \"x\"", nfe.getMessage());
    RemoteTraceback tb = assertInstanceOf(RemoteTraceback.class, nfe.getCause());
    assertTrue(tb.trace().contains("java.lang.NumberFormatException"), tb.trace());
    assertTrue(tb.trace().contains("ProcessPoolExecutorTest"), tb.trace());
  }

  static final class Checked extends Exception {
    private static final long serialVersionUID = 1L;

    Checked(String m, Throwable cause) {
      super(m, cause);
    }
  }

  @Test
  void checkedExceptionKeepsItsCauseAndAwaitThrowsItDirectly() throws Exception {
    SerializableCallable<String> fails =
        () -> {
          throw new Checked("outer", new IllegalStateException("inner"));
        };
    try (EventLoop loop = EventLoop.create()) {
      Checked c =
          assertThrows(
              Checked.class, () -> loop.runUntilComplete(() -> Asyncio.await(pool.submit(fails))));
      assertEquals("inner", c.getCause().getMessage());
      assertTrue(RemoteTraceback.find(c).isPresent());
    }
  }

  static final class Unportable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings({"unused", "serial"})
    private final Object lock = new Object();

    Unportable() {
      super("holds a lock");
    }
  }

  @Test
  void exceptionThatCannotTravelIsRemoteError() {
    SerializableCallable<String> fails =
        () -> {
          throw new Unportable();
        };
    ExecutionException e = assertThrows(ExecutionException.class, () -> pool.submit(fails).get());
    RemoteError r = assertInstanceOf(RemoteError.class, e.getCause());
    assertEquals(Unportable.class.getName(), r.remoteClassName());
    assertEquals("holds a lock", r.remoteMessage());
    assertTrue(RemoteTraceback.find(r).orElseThrow().trace().contains("holds a lock"));
  }

  @Test
  void notSerializableTaskFailsInTheCaller() {
    Object notSerializable = new Object();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> pool.submit(() -> notSerializable.hashCode()));
    assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
    Callable<Integer> plain = () -> 1;
    IllegalArgumentException p =
        assertThrows(IllegalArgumentException.class, () -> pool.submit(plain));
    assertTrue(p.getMessage().contains("SerializableCallable"), p.getMessage());
    Runnable plainRunnable = () -> {};
    assertThrows(IllegalArgumentException.class, () -> pool.execute(plainRunnable));
  }

  @Test
  void resultThatCannotTravelFailsTheFuture() {
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> pool.submit(() -> new Object()).get());
    IllegalArgumentException iae = assertInstanceOf(IllegalArgumentException.class, e.getCause());
    assertTrue(iae.getMessage().contains("java.lang.Object"), iae.getMessage());
  }

  @Test
  void mapKeepsArgumentOrder() {
    List<Integer> args = IntStream.range(0, 50).boxed().toList();
    for (int chunksize : new int[] {1, 7}) {
      List<Integer> out = new ArrayList<>();
      try (ResultIterator<Integer> it = pool.map(x -> x * 10, args, null, chunksize)) {
        it.forEachRemaining(out::add);
      }
      assertEquals(args.stream().map(x -> x * 10).toList(), out, "chunksize " + chunksize);
    }
  }

  @Test
  void mapRethrowsAndTimesOut() {
    try (ResultIterator<Integer> it = pool.map(x -> 10 / x, List.of(1, 0, 2), null, 1)) {
      assertEquals(10, it.next());
      assertThrows(ArithmeticException.class, it::next);
    }
    ProcessEvent never = new ProcessEvent();
    try (ResultIterator<Boolean> it = pool.map(x -> never.await(null), List.of(1), 0.2, 1)) {
      assertThrows(TimeoutError.class, it::next);
    }
    never.set();
  }

  @Test
  void cancelOnlyWhileWaitingForAWorker() throws Exception {
    ProcessEvent go = new ProcessEvent();
    ProcessQueue<Integer> started = new ProcessQueue<>();
    List<CompletableFuture<Boolean>> busy = new ArrayList<>();
    for (int i = 0; i < 4; i++) { // 2 workers x (running + prefetched)
      int n = i;
      busy.add(
          pool.submit(
              () -> {
                started.put(n);
                return go.await(null);
              }));
    }
    CompletableFuture<Integer> waiting = pool.submit(() -> 5);
    started.get();
    started.get(); // both workers run one call each; two more are prefetched
    assertTrue(waiting.cancel(false));
    assertTrue(waiting.isCancelled());
    assertFalse(busy.get(0).cancel(false));
    go.set();
    for (CompletableFuture<Boolean> f : busy) {
      assertTrue(f.get());
    }
  }

  /** Counts the calls a worker JVM has run (one counter per JVM). */
  static final java.util.concurrent.atomic.AtomicLong RUN = new java.util.concurrent.atomic.AtomicLong();

  /** The pid of the worker and its count of calls run so far. */
  static long[] runStamp() {
    return new long[] {pid(), RUN.incrementAndGet()};
  }

  @Test
  void callsFromManySubmittersRunOnceEachInTheOrderEachWorkerWasGivenThem() throws Exception {
    int threads = 4;
    int calls = 300;
    List<List<CompletableFuture<long[]>>> perThread = new ArrayList<>();
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    List<Thread> submitters = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      List<CompletableFuture<long[]>> mine = new ArrayList<>();
      perThread.add(mine);
      Thread th =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < calls; i++) {
                  mine.add(pool.submit(ProcessPoolExecutorTest::runStamp));
                }
              });
      submitters.add(th);
      th.start();
    }
    go.countDown();
    for (Thread th : submitters) {
      th.join();
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (List<CompletableFuture<long[]>> mine : perThread) {
      assertEquals(calls, mine.size());
      java.util.Map<Long, Long> lastPerWorker = new java.util.HashMap<>();
      for (CompletableFuture<long[]> f : mine) {
        long[] stamp = f.get();
        assertNotEquals(pid(), stamp[0]);
        assertTrue(seen.add(stamp[0] + ":" + stamp[1]), "each run is one call's");
        Long last = lastPerWorker.put(stamp[0], stamp[1]);
        assertTrue(last == null || last < stamp[1],
            "one submitter's calls run in submission order on each worker");
      }
    }
    assertEquals(threads * calls, seen.size());
  }

  @Test
  void futuresWaitAsCompletedAndMapWork() throws Exception {
    List<CompletableFuture<Integer>> fs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      int n = i;
      fs.add(pool.submit(() -> n * n));
    }
    FutureWaitResult<Integer> r = Futures.wait(fs, 60.0, ReturnWhen.ALL_COMPLETED);
    assertEquals(5, r.done().size());
    int sum = 0;
    for (Future<Integer> f : Futures.asCompleted(fs, 60.0)) {
      sum += f.get();
    }
    assertEquals(30, sum);
    SerializableFunction<Integer, Integer> plusOne = x -> x + 1;
    List<Integer> out = new ArrayList<>();
    try (ResultIterator<Integer> it = Futures.map(pool, plusOne, List.of(1, 2, 3), 60.0)) {
      it.forEachRemaining(out::add);
    }
    assertEquals(List.of(2, 3, 4), out);
  }

  @Test
  void runInExecutorHandsTheTaskOverAsItIs() {
    try (EventLoop loop = EventLoop.create()) {
      SerializableCallable<Long> task = ProcessPoolExecutorTest::pid;
      long child = loop.runUntilComplete(() -> Asyncio.await(loop.runInExecutor(pool, task)));
      assertNotEquals(pid(), child);
    }
  }

  @Test
  void invokeAllAndInvokeAny() throws Exception {
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      int n = i;
      tasks.add((Callable<Integer> & Serializable) () -> n);
    }
    int sum = 0;
    for (Future<Integer> f : pool.invokeAll(tasks)) {
      sum += f.get();
    }
    assertEquals(6, sum);
    assertTrue(List.of(1, 2, 3).contains(pool.invokeAny(tasks)));
  }

  @Test
  void submitAfterShutdownIsRejected() {
    ProcessPoolExecutor p = new ProcessPoolExecutor(1);
    p.shutdown(true, false);
    assertThrows(RejectedExecutionException.class, () -> p.submit(() -> 1));
    assertTrue(p.isTerminated());
  }

  @Test
  void shutdownWithCancelFutures() throws Exception {
    ProcessPoolExecutor p = new ProcessPoolExecutor(1);
    ProcessEvent go = new ProcessEvent();
    ProcessQueue<String> started = new ProcessQueue<>();
    CompletableFuture<Boolean> running =
        p.submit(
            () -> {
              started.put("running");
              return go.await(null);
            });
    List<CompletableFuture<Integer>> queued = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      int n = i;
      queued.add(p.submit(() -> n));
    }
    assertEquals("running", started.get());
    Thread t = new Thread(() -> p.shutdown(true, true));
    t.start();
    // the prefetched call (queued.get(0)) runs; the others are cancelled
    while (!queued.get(4).isDone()) {
      Thread.onSpinWait();
    }
    go.set();
    t.join();
    assertTrue(running.get());
    assertEquals(0, queued.get(0).get());
    for (int i = 1; i < 5; i++) {
      assertTrue(queued.get(i).isCancelled(), "call " + i);
      CompletableFuture<Integer> f = queued.get(i);
      assertThrows(CancellationException.class, f::get);
    }
    assertTrue(p.isTerminated());
  }
}
