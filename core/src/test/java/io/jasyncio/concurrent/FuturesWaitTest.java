package io.jasyncio.concurrent;

import static io.jasyncio.concurrent.Threads.awaitParked;
import static io.jasyncio.concurrent.Threads.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.ReturnWhen;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FuturesWaitTest {
  private final ExecutorService pool = Executors.newFixedThreadPool(4);
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stopPool() throws InterruptedException {
    release.countDown();
    pool.shutdownNow();
    assertTrue(pool.awaitTermination(Threads.TIMEOUT_S, TimeUnit.SECONDS));
  }

  /** A pool task (a FutureTask: no callback) that runs until the test ends. */
  private Future<Integer> blocked() {
    return pool.submit(
        () -> {
          release.await();
          return -1;
        });
  }

  @SafeVarargs
  private static <T> Set<Future<T>> set(Future<T>... fs) {
    Set<Future<T>> out = new java.util.LinkedHashSet<>();
    for (Future<T> f : fs) {
      out.add(f);
    }
    return out;
  }

  /** Runs {@code action} in another thread once {@code waiter} is parked (inside wait()). */
  private static void whenParked(Thread waiter, Runnable action) {
    start(
        "completer",
        () -> {
          awaitParked(waiter);
          action.run();
          return null;
        });
  }

  // scenarios: futures 6
  @Test
  void firstExceptionReturnsWhenOneFails() throws Exception {
    Future<Integer> mul = pool.submit(() -> 21 * 2);
    assertEquals(42, mul.get());
    CountDownLatch fail = new CountDownLatch(1);
    Future<Integer> raiser =
        pool.submit(
            () -> {
              fail.await();
              throw new IllegalStateException("raised");
            });
    Future<Integer> sleeper = blocked();
    whenParked(Thread.currentThread(), fail::countDown);
    FutureWaitResult<Integer> r =
        Futures.wait(List.of(mul, raiser, sleeper), null, ReturnWhen.FIRST_EXCEPTION);
    assertEquals(set(mul, raiser), r.done());
    assertEquals(set(sleeper), r.notDone());
  }

  // scenarios: futures 6
  @Test
  void firstExceptionWithOneAlreadyFailedReturnsAtOnce() {
    CompletableFuture<Integer> failed = CompletableFuture.failedFuture(new RuntimeException("x"));
    Future<Integer> pending = blocked();
    FutureWaitResult<Integer> r =
        Futures.wait(List.of(pending, failed), null, ReturnWhen.FIRST_EXCEPTION);
    assertEquals(set(failed), r.done());
    assertEquals(set(pending), r.notDone());
  }

  @Test
  void firstExceptionWithoutFailureWaitsForAll() throws Exception {
    CompletableFuture<Integer> a = new CompletableFuture<>();
    Future<Integer> b = pool.submit(() -> 2);
    CompletableFuture<Integer> cancelled = new CompletableFuture<>();
    cancelled.cancel(false);
    whenParked(Thread.currentThread(), () -> a.complete(1));
    FutureWaitResult<Integer> r =
        Futures.wait(List.of(a, b, cancelled), null, ReturnWhen.FIRST_EXCEPTION);
    assertEquals(set(a, b, cancelled), r.done());
    assertEquals(Set.of(), r.notDone());
  }

  @Test
  void cancelledIsDoneButNotAnException() {
    CompletableFuture<Integer> cancelled = new CompletableFuture<>();
    cancelled.cancel(true);
    Future<Integer> pending = blocked();
    FutureWaitResult<Integer> r =
        Futures.wait(List.of(cancelled, pending), 0.0, ReturnWhen.FIRST_EXCEPTION);
    assertEquals(set(cancelled), r.done());
    assertEquals(set(pending), r.notDone());
    FutureWaitResult<Integer> first =
        Futures.wait(List.of(pending, cancelled), null, ReturnWhen.FIRST_COMPLETED);
    assertEquals(set(cancelled), first.done());
  }

  @Test
  void firstCompletedReturnsWhenAnyCompletes() {
    Future<Integer> slow = blocked();
    FutureTask<Integer> quick = new FutureTask<>(() -> 7); // run by hand: no pool, no callback
    whenParked(Thread.currentThread(), quick);
    FutureWaitResult<Integer> r =
        Futures.wait(List.of(slow, quick), null, ReturnWhen.FIRST_COMPLETED);
    assertEquals(set(quick), r.done());
    assertEquals(set(slow), r.notDone());
    assertEquals(7, quick.resultNow());
  }

  @Test
  void firstCompletedSeesACancellation() {
    Future<Integer> slow = blocked();
    Future<Integer> victim = blocked();
    whenParked(Thread.currentThread(), () -> victim.cancel(true));
    FutureWaitResult<Integer> r =
        Futures.wait(List.of(slow, victim), null, ReturnWhen.FIRST_COMPLETED);
    assertEquals(set(victim), r.done());
    assertTrue(victim.isCancelled());
  }

  // scenarios: futures 7
  @Test
  void allCompletedWithTimeoutReturnsWhatIsDone() throws Exception {
    Future<Integer> ok = pool.submit(() -> 1);
    Future<Integer> failed =
        pool.submit(
            () -> {
              throw new IllegalArgumentException("bad");
            });
    assertEquals(1, ok.get());
    assertThrows(java.util.concurrent.ExecutionException.class, failed::get);
    Future<Integer> running = blocked();
    FutureWaitResult<Integer> r =
        Futures.wait(List.of(ok, failed, running), 0.05, ReturnWhen.ALL_COMPLETED);
    assertEquals(set(ok, failed), r.done());
    assertEquals(set(running), r.notDone());
  }

  // scenarios: futures 7
  @Test
  void duplicatesCountOnce() {
    CompletableFuture<Integer> f = CompletableFuture.completedFuture(5);
    FutureWaitResult<Integer> r = Futures.wait(List.of(f, f));
    assertEquals(set(f), r.done());
    assertEquals(1, r.done().size());
  }

  @Test
  void allCompletedWaitsForEveryKindOfFuture() throws Exception {
    CompletableFuture<Integer> cf = new CompletableFuture<>();
    CountDownLatch go = new CountDownLatch(1);
    Future<Integer> task =
        pool.submit(
            () -> {
              go.await();
              return 2;
            });
    FutureTask<Integer> manual = new FutureTask<>(() -> 3);
    whenParked(
        Thread.currentThread(),
        () -> {
          cf.complete(1);
          go.countDown();
          manual.run();
        });
    FutureWaitResult<Integer> r = Futures.wait(List.of(cf, task, manual));
    assertEquals(set(cf, task, manual), r.done());
    assertEquals(Set.of(), r.notDone());
    assertEquals(List.of(1, 2, 3), List.of(cf.resultNow(), task.resultNow(), manual.resultNow()));
  }

  /** A FutureTask that records which thread calls get(), and in what order. */
  private static final class RecordingTask extends FutureTask<Integer> {
    private final List<String> calls;
    private final String name;

    RecordingTask(String name, int value, List<String> calls) {
      super(() -> value);
      this.name = name;
      this.calls = calls;
    }

    @Override
    public Integer get() throws InterruptedException, java.util.concurrent.ExecutionException {
      calls.add(name + "@" + Thread.currentThread().getName());
      return super.get();
    }
  }

  @Test
  void allCompletedWaitsForEachFutureInTurnOnTheCallingThread() throws Exception {
    List<String> calls = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    RecordingTask a = new RecordingTask("a", 1, calls);
    RecordingTask b = new RecordingTask("b", 2, calls);
    RecordingTask c = new RecordingTask("c", 3, calls);
    Thread caller = Thread.currentThread();
    // Completed in the given order while the caller waits for the last one: it wakes once, and
    // never asks a or b, done by then.
    start(
        "completer",
        () -> {
          awaitParked(caller);
          a.run();
          b.run();
          c.run();
          return null;
        });
    FutureWaitResult<Integer> r = Futures.wait(List.of(a, b, c));
    assertEquals(set(a, b, c), r.done());
    assertEquals(List.of("c@" + caller.getName()), calls);
  }

  @Test
  void allCompletedTimeoutStillSeesTheOthersDone() {
    CompletableFuture<Integer> later = new CompletableFuture<>();
    // A future that never completes; the other one completes while the caller waits on it.
    FutureTask<Integer> never =
        new FutureTask<>(() -> -1) {
          @Override
          public Integer get(long timeout, TimeUnit unit)
              throws java.util.concurrent.TimeoutException {
            later.complete(7);
            throw new java.util.concurrent.TimeoutException();
          }
        };
    FutureWaitResult<Integer> r =
        Futures.wait(List.of(later, never), 30.0, ReturnWhen.ALL_COMPLETED);
    assertEquals(set(later), r.done());
    assertEquals(set(never), r.notDone());
  }

  @Test
  void resultSetsKeepInputOrderAndAreReadOnly() {
    CompletableFuture<Integer> a = CompletableFuture.completedFuture(1);
    CompletableFuture<Integer> b = new CompletableFuture<>();
    CompletableFuture<Integer> c = CompletableFuture.completedFuture(3);
    FutureWaitResult<Integer> r = Futures.wait(List.of(c, b, a), 0.0, ReturnWhen.ALL_COMPLETED);
    assertEquals(List.of(c, a), List.copyOf(r.done()));
    assertEquals(List.of(b), List.copyOf(r.notDone()));
    assertThrows(UnsupportedOperationException.class, () -> r.done().clear());
  }

  @Test
  void emptyCollectionReturnsAtOnce() {
    FutureWaitResult<Integer> r = Futures.wait(List.of(), null, ReturnWhen.FIRST_COMPLETED);
    assertEquals(Set.of(), r.done());
    assertEquals(Set.of(), r.notDone());
  }

  @Test
  void negativeTimeoutDoesNotWait() {
    Future<Integer> pending = blocked();
    FutureWaitResult<Integer> r = Futures.wait(List.of(pending), -1.0, ReturnWhen.ALL_COMPLETED);
    assertEquals(set(pending), r.notDone());
  }

  @Test
  void badArguments() {
    assertThrows(
        NullPointerException.class, () -> Futures.wait(null, null, ReturnWhen.ALL_COMPLETED));
    assertThrows(NullPointerException.class, () -> Futures.wait(List.of(), null, null));
    List<Future<Integer>> withNull = Arrays.asList(CompletableFuture.completedFuture(1), null);
    assertThrows(NullPointerException.class, () -> Futures.wait(withNull));
    IllegalArgumentException nan =
        assertThrows(
            IllegalArgumentException.class,
            () -> Futures.wait(List.of(), Double.NaN, ReturnWhen.ALL_COMPLETED));
    assertTrue(nan.getMessage().contains("NaN"));
  }

  @Test
  void interruptedWaitThrowsCancellationAndKeepsTheFlag() throws Exception {
    Future<Integer> pending = blocked();
    Threads.Started<Boolean> waiter =
        start(
            "waiter",
            () -> {
              try {
                Futures.wait(List.of(pending));
                return false;
              } catch (CancellationException e) {
                return Thread.currentThread().isInterrupted();
              }
            });
    awaitParked(waiter.thread());
    waiter.thread().interrupt();
    assertTrue(waiter.result());
    assertTrue(!pending.isDone());
  }
}
