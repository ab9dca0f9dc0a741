package io.jasyncio.concurrent;

import static io.jasyncio.concurrent.Threads.awaitParked;
import static io.jasyncio.concurrent.Threads.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.TimeoutError;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
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

class FuturesAsCompletedTest {
  private final ExecutorService pool = Executors.newFixedThreadPool(4);
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stopPool() throws InterruptedException {
    release.countDown();
    pool.shutdownNow();
    assertTrue(pool.awaitTermination(Threads.TIMEOUT_S, TimeUnit.SECONDS));
  }

  private Future<Integer> blocked() {
    return pool.submit(
        () -> {
          release.await();
          return -1;
        });
  }

  @Test
  void alreadyDoneFirstInGivenOrderThenCompletionOrder() {
    CompletableFuture<String> a = new CompletableFuture<>();
    CompletableFuture<String> doneB = CompletableFuture.completedFuture("b");
    CompletableFuture<String> c = new CompletableFuture<>();
    CompletableFuture<String> doneD = CompletableFuture.completedFuture("d");
    FutureTask<String> e = new FutureTask<>(() -> "e");
    Iterator<Future<String>> it =
        Futures.asCompleted(List.of(a, doneB, c, doneD, e), null).iterator();
    assertSame(doneB, it.next());
    assertSame(doneD, it.next());
    c.complete("c");
    assertSame(c, it.next());
    e.run();
    assertSame(e, it.next());
    a.complete("a");
    assertTrue(it.hasNext());
    assertSame(a, it.next());
    assertFalse(it.hasNext());
    assertThrows(NoSuchElementException.class, it::next);
  }

  @Test
  void blocksUntilTheNextCompletesInAnotherThread() {
    CountDownLatch go = new CountDownLatch(1);
    Future<Integer> task =
        pool.submit(
            () -> {
              go.await();
              return 1;
            });
    CompletableFuture<Integer> cf = new CompletableFuture<>();
    CountDownLatch gotFirst = new CountDownLatch(1);
    Thread me = Thread.currentThread();
    start(
        "completer",
        () -> {
          awaitParked(me);
          go.countDown();
          assertTrue(gotFirst.await(Threads.TIMEOUT_S, TimeUnit.SECONDS));
          awaitParked(me);
          cf.complete(2);
          return null;
        });
    Iterator<Future<Integer>> it = Futures.asCompleted(List.of(cf, task), null).iterator();
    assertSame(task, it.next());
    gotFirst.countDown();
    assertSame(cf, it.next());
    assertFalse(it.hasNext());
  }

  @Test
  void eachFutureOnceAndFailuresAndCancellationsAreYieldedToo() {
    CompletableFuture<Integer> ok = CompletableFuture.completedFuture(1);
    CompletableFuture<Integer> failed = new CompletableFuture<>();
    CompletableFuture<Integer> cancelled = new CompletableFuture<>();
    Iterable<Future<Integer>> it = Futures.asCompleted(List.of(ok, failed, ok, cancelled, failed));
    Iterator<Future<Integer>> i = it.iterator();
    assertSame(ok, i.next());
    failed.completeExceptionally(new IllegalStateException());
    cancelled.cancel(false);
    List<Future<Integer>> rest = List.of(i.next(), i.next());
    assertTrue(rest.containsAll(List.of(failed, cancelled)), rest.toString());
    assertFalse(i.hasNext());
    IllegalStateException again = assertThrows(IllegalStateException.class, it::iterator);
    assertTrue(again.getMessage().contains("only once"));
  }

  @Test
  void timeoutNamesHowManyAreUnfinishedAndCancelsNothing() {
    CompletableFuture<Integer> done = CompletableFuture.completedFuture(1);
    Future<Integer> p1 = blocked();
    CompletableFuture<Integer> p2 = new CompletableFuture<>();
    Iterator<Future<Integer>> it = Futures.asCompleted(List.of(p1, done, p2), 0.05).iterator();
    assertSame(done, it.next());
    assertTrue(it.hasNext());
    TimeoutError e = assertThrows(TimeoutError.class, it::next);
    assertEquals("2 (of 3) futures unfinished", e.getMessage());
    assertFalse(it.hasNext(), "the iteration ends at the timeout");
    assertFalse(p1.isDone());
    assertFalse(p2.isDone());
  }

  @Test
  void zeroTimeoutYieldsWhatIsDone() {
    CompletableFuture<Integer> a = CompletableFuture.completedFuture(1);
    CompletableFuture<Integer> b = CompletableFuture.completedFuture(2);
    List<Future<Integer>> out = new ArrayList<>();
    Futures.asCompleted(List.of(a, b), 0.0).forEach(out::add);
    assertEquals(List.of(a, b), out);
    CompletableFuture<Integer> pending = new CompletableFuture<>();
    Iterator<Future<Integer>> it = Futures.asCompleted(List.of(pending, a), -1.0).iterator();
    assertSame(a, it.next());
    TimeoutError e = assertThrows(TimeoutError.class, it::next);
    assertEquals("1 (of 2) futures unfinished", e.getMessage());
  }

  @Test
  void aFutureCompletedBeforeIterationStartsIsYielded() {
    CompletableFuture<Integer> a = new CompletableFuture<>();
    Iterable<Future<Integer>> it = Futures.asCompleted(List.of(a), 3600.0);
    a.complete(1);
    List<Future<Integer>> out = new ArrayList<>();
    it.forEach(out::add);
    assertEquals(List.of(a), out);
  }

  @Test
  void emptyInputYieldsNothing() {
    assertFalse(Futures.asCompleted(List.<Future<Integer>>of(), 0.0).iterator().hasNext());
  }

  @Test
  void interruptedIterationThrowsCancellation() throws Exception {
    Future<Integer> pending = blocked();
    Threads.Started<Boolean> waiter =
        start(
            "iterating",
            () -> {
              Iterator<Future<Integer>> it = Futures.asCompleted(List.of(pending)).iterator();
              try {
                it.next();
                return false;
              } catch (CancellationException e) {
                return Thread.currentThread().isInterrupted() && !it.hasNext();
              }
            });
    awaitParked(waiter.thread());
    waiter.thread().interrupt();
    assertTrue(waiter.result());
    assertFalse(pending.isDone());
  }

  @Test
  void badArguments() {
    assertThrows(NullPointerException.class, () -> Futures.asCompleted(null, null));
    assertThrows(
        IllegalArgumentException.class,
        () -> Futures.asCompleted(List.<Future<Integer>>of(), Double.NaN));
  }
}
