package io.jasyncio.concurrent;

import static io.jasyncio.concurrent.Threads.awaitParked;
import static io.jasyncio.concurrent.Threads.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.TimeoutError;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FuturesMapTest {
  private final ExecutorService pool = Executors.newFixedThreadPool(3);
  private final ThreadPoolExecutor single = (ThreadPoolExecutor) Executors.newFixedThreadPool(1);
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stopPools() throws InterruptedException {
    release.countDown();
    for (ExecutorService ex : List.of(pool, single)) {
      ex.shutdownNow();
      assertTrue(ex.awaitTermination(Threads.TIMEOUT_S, TimeUnit.SECONDS));
    }
  }

  private static <T> List<T> toList(Iterator<T> it) {
    List<T> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  /** Waits for {@code latch} without reacting to interrupts (as a call that cannot be stopped). */
  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        assertTrue(latch.await(Threads.TIMEOUT_S, TimeUnit.SECONDS));
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  // scenarios: futures 9
  @Test
  void resultsComeInArgumentOrder() {
    // Python's map(slow, [.3, .1, .2]): the calls finish in another order than given.
    List<CountDownLatch> gates =
        List.of(new CountDownLatch(1), new CountDownLatch(1), new CountDownLatch(1));
    List<Integer> finished = Collections.synchronizedList(new ArrayList<>());
    ResultIterator<Double> it =
        Futures.map(
            pool,
            (Integer i) -> {
              awaitUninterruptibly(gates.get(i));
              finished.add(i);
              return new double[] {.3, .1, .2}[i];
            },
            List.of(0, 1, 2),
            null);
    gates.get(1).countDown();
    gates.get(2).countDown();
    gates.get(0).countDown();
    assertEquals(List.of(.3, .1, .2), toList(it));
    assertEquals(3, finished.size());
    assertFalse(it.hasNext());
    assertThrows(NoSuchElementException.class, it::next);
  }

  // scenarios: futures 9
  @Test
  void anExceptionIsRethrownUnchangedInItsPosition() {
    // Python's map(divmod, [1, 1, 1, 1], [2, 3, 0, 5]).
    AtomicReference<ArithmeticException> thrown = new AtomicReference<>();
    record Pair(int a, int b) {}
    ResultIterator<List<Integer>> it =
        Futures.map(
            pool,
            (Pair p) -> {
              try {
                return List.of(p.a() / p.b(), p.a() % p.b());
              } catch (ArithmeticException e) {
                thrown.set(e);
                throw e;
              }
            },
            List.of(new Pair(1, 2), new Pair(1, 3), new Pair(1, 0), new Pair(1, 5)),
            null);
    assertEquals(List.of(0, 1), it.next());
    assertEquals(List.of(0, 1), it.next());
    ArithmeticException e = assertThrows(ArithmeticException.class, it::next);
    assertSame(thrown.get(), e);
    assertFalse(it.hasNext(), "an exception ends the iteration, as in Python");
  }

  @Test
  void errorsPassThroughUnchangedToo() {
    AssertionError err = new AssertionError("boom");
    ResultIterator<Integer> it =
        Futures.map(
            pool,
            (Integer x) -> {
              if (x == 1) {
                throw err;
              }
              return x;
            },
            List.of(0, 1),
            null);
    assertEquals(0, it.next());
    assertSame(err, assertThrows(AssertionError.class, it::next));
  }

  // scenarios: futures 10
  @Test
  void timeoutRunsFromTheCall() {
    // Python's map(sleep, [0, 0, 6], timeout=5): two results, then TimeoutError. The executor runs
    // the first two calls before map() returns, so no scheduling delay can make them late.
    AtomicInteger handed = new AtomicInteger();
    ExecutorService inlineThenPool =
        new AbstractExecutorService() {
          @Override
          public void execute(Runnable r) {
            if (handed.getAndIncrement() < 2) {
              r.run();
            } else {
              pool.execute(r);
            }
          }

          @Override
          public void shutdown() {}

          @Override
          public List<Runnable> shutdownNow() {
            return List.of();
          }

          @Override
          public boolean isShutdown() {
            return false;
          }

          @Override
          public boolean isTerminated() {
            return false;
          }

          @Override
          public boolean awaitTermination(long t, TimeUnit u) {
            return false;
          }
        };
    ResultIterator<Void> it =
        Futures.map(
            inlineThenPool,
            (Integer s) -> {
              if (s > 0) {
                awaitUninterruptibly(release);
              }
              return null;
            },
            List.of(0, 0, 6),
            0.2);
    assertNull(it.next());
    assertNull(it.next());
    TimeoutError e = assertThrows(TimeoutError.class, it::next);
    assertTrue(e.getMessage().contains("timeout"), e.getMessage());
    assertFalse(it.hasNext());
  }

  // scenarios: futures 10
  @Test
  void submitsEverythingWithoutIteration() throws Exception {
    CountDownLatch ran = new CountDownLatch(10);
    List<Integer> args = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      args.add(i);
    }
    try (ResultIterator<Integer> it =
        Futures.map(
            pool,
            (Integer x) -> {
              ran.countDown();
              return x;
            },
            args,
            null)) {
      assertTrue(ran.await(Threads.TIMEOUT_S, TimeUnit.SECONDS), "not every call ran");
      assertEquals(args, toList(it));
    }
  }

  @Test
  void closingCancelsWhatHasNotStarted() throws Exception {
    CountDownLatch firstRunning = new CountDownLatch(1);
    List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
    ResultIterator<Integer> it =
        Futures.map(
            single,
            (Integer x) -> {
              ran.add(x);
              if (x == 0) {
                firstRunning.countDown();
                awaitUninterruptibly(release);
              }
              return x;
            },
            List.of(0, 1, 2, 3),
            null);
    assertTrue(firstRunning.await(Threads.TIMEOUT_S, TimeUnit.SECONDS));
    assertEquals(3, single.getQueue().size());
    it.close();
    it.close(); // idempotent
    assertEquals(0, single.getQueue().size(), "cancelled calls leave the pool's queue");
    assertFalse(it.hasNext());
    release.countDown();
    single.shutdown();
    assertTrue(single.awaitTermination(Threads.TIMEOUT_S, TimeUnit.SECONDS));
    assertEquals(List.of(0), ran, "the running call finished, the others never started");
  }

  @Test
  void closingAfterSomeResultsCancelsOnlyTheRest() throws Exception {
    List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch gate = new CountDownLatch(1);
    try (ResultIterator<Integer> it =
        Futures.map(
            single,
            (Integer x) -> {
              ran.add(x);
              if (x == 1) {
                awaitUninterruptibly(gate);
              }
              return x;
            },
            List.of(0, 1, 2),
            null)) {
      assertEquals(0, it.next());
      // Call 1 is running (or about to): closing now cannot stop it, but call 2 never starts.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Threads.TIMEOUT_S);
      while (ran.size() < 2) {
        assertTrue(System.nanoTime() < deadline, "call 1 never started");
        Thread.onSpinWait();
      }
    }
    gate.countDown();
    single.shutdown();
    assertTrue(single.awaitTermination(Threads.TIMEOUT_S, TimeUnit.SECONDS));
    assertEquals(List.of(0, 1), ran);
  }

  @Test
  void anUnreachableIteratorCancelsWhatHasNotStarted() throws Exception {
    CountDownLatch firstRunning = new CountDownLatch(1);
    List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
    startAndDrop(firstRunning, ran);
    assertTrue(firstRunning.await(Threads.TIMEOUT_S, TimeUnit.SECONDS));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Threads.TIMEOUT_S);
    while (!single.getQueue().isEmpty()) {
      assertTrue(System.nanoTime() < deadline, "the dropped iterator was never cleaned");
      System.gc();
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    release.countDown();
    single.shutdown();
    assertTrue(single.awaitTermination(Threads.TIMEOUT_S, TimeUnit.SECONDS));
    assertEquals(List.of(0), ran);
  }

  private void startAndDrop(CountDownLatch firstRunning, List<Integer> ran) {
    CountDownLatch blocker = release;
    Futures.map(
        single,
        (Integer x) -> {
          ran.add(x);
          if (x == 0) {
            firstRunning.countDown();
            awaitUninterruptibly(blocker);
          }
          return x;
        },
        List.of(0, 1, 2),
        null);
  }

  @Test
  void aRejectingExecutorFailsTheCallAndCancelsWhatWasSubmitted() throws Exception {
    single.shutdown();
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> Futures.map(single, (Integer x) -> x, List.of(1, 2), null));
    assertTrue(e.getMessage().contains("cannot schedule"), e.getMessage());
  }

  @Test
  void callsDroppedByShutdownNowEndInCancellation() throws Exception {
    CountDownLatch firstRunning = new CountDownLatch(1);
    ResultIterator<Integer> it =
        Futures.map(
            single,
            (Integer x) -> {
              if (x == 0) {
                firstRunning.countDown();
                awaitUninterruptibly(release);
              }
              return x;
            },
            List.of(0, 1, 2),
            null);
    assertTrue(firstRunning.await(Threads.TIMEOUT_S, TimeUnit.SECONDS));
    assertEquals(2, single.shutdownNow().size());
    release.countDown();
    assertEquals(0, it.next());
    CancellationException e = assertThrows(CancellationException.class, it::next);
    assertTrue(e.getMessage().contains("terminated"), e.getMessage());
    assertFalse(it.hasNext());
  }

  @Test
  void interruptedNextThrowsCancellationAndCancelsTheRest() throws Exception {
    List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch firstRunning = new CountDownLatch(1);
    ResultIterator<Integer> it =
        Futures.map(
            single,
            (Integer x) -> {
              ran.add(x);
              if (x == 0) {
                firstRunning.countDown();
                awaitUninterruptibly(release);
              }
              return x;
            },
            List.of(0, 1),
            null);
    assertTrue(firstRunning.await(Threads.TIMEOUT_S, TimeUnit.SECONDS));
    Threads.Started<Boolean> reader =
        start(
            "reader",
            () -> {
              try {
                it.next();
                return false;
              } catch (CancellationException e) {
                return Thread.currentThread().isInterrupted();
              }
            });
    awaitParked(reader.thread());
    reader.thread().interrupt();
    assertTrue(reader.result());
    assertFalse(it.hasNext());
    release.countDown();
    single.shutdown();
    assertTrue(single.awaitTermination(Threads.TIMEOUT_S, TimeUnit.SECONDS));
    assertEquals(List.of(0), ran);
  }

  @Test
  void worksWithVirtualThreadsAndEmptyInput() {
    try (ExecutorService vt = Executors.newVirtualThreadPerTaskExecutor()) {
      assertEquals(
          List.of(2, 4, 6), toList(Futures.map(vt, (Integer x) -> 2 * x, List.of(1, 2, 3))));
      assertFalse(Futures.map(vt, (Integer x) -> x, List.<Integer>of(), 0.0).hasNext());
    }
  }

  @Test
  void badArguments() {
    assertThrows(NullPointerException.class, () -> Futures.map(null, x -> x, List.of(1), null));
    assertThrows(NullPointerException.class, () -> Futures.map(pool, null, List.of(1), null));
    assertThrows(NullPointerException.class, () -> Futures.map(pool, x -> x, null, null));
    assertThrows(
        IllegalArgumentException.class, () -> Futures.map(pool, x -> x, List.of(1), Double.NaN));
  }
}
