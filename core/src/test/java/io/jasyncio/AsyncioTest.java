package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The non-combinator functions of {@link Asyncio}: sleeping, foreign futures, threads. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AsyncioTest extends TestBase {
  private final EventLoop loop = EventLoop.create(Clock.virtual());
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void cleanUp() {
    loop.close();
    pool.shutdownNow();
    Asyncio.setEventLoop(null);
  }

  // ---- sleep --------------------------------------------------------------------------------

  @Test
  void sleepVariants() {
    double[] times = new double[4];
    String r =
        loop.runUntilComplete(
            () -> {
              Asyncio.sleep(1.5);
              times[0] = loop.time();
              Asyncio.sleep(Duration.ofMillis(500));
              times[1] = loop.time();
              String v = Asyncio.sleep(2, "value");
              times[2] = loop.time();
              Asyncio.sleep(-5);
              times[3] = loop.time();
              return v;
            });
    assertEquals("value", r);
    assertEquals(1.5, times[0]);
    assertEquals(2.0, times[1]);
    assertEquals(4.0, times[2]);
    assertEquals(4.0, times[3], "a negative sleep is sleep(0)");
  }

  @Test
  void sleepOfAHugeDurationDoesNotOverflow() {
    Task<Void> t = loop.createTask(() -> { Asyncio.sleep(Duration.ofDays(365L * 1_000_000)); return null; });
    loop.runUntilComplete(() -> Asyncio.sleep(1, null));
    assertFalse(t.done());
    t.cancel();
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
  }

  @Test
  void cancelledSleepLeavesNoTimerBehind() {
    Task<Void> t = loop.createTask(() -> Asyncio.sleep(1000, null));
    loop.runUntilComplete(() -> Asyncio.sleep(0, null));
    t.cancel();
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
    // No timer is left: an idle virtual loop with nothing to do but a short sleep ends at 1.
    loop.runUntilComplete(() -> Asyncio.sleep(1, null));
    assertEquals(1.0, loop.time());
  }

  // ---- await(CompletionStage) ---------------------------------------------------------------

  @Test
  void awaitForeignFutureDeliversOnTheLoop() {
    CompletableFuture<String> foreign = new CompletableFuture<>();
    AtomicReference<Thread> completer = new AtomicReference<>();
    List<String> order = new ArrayList<>();
    String r =
        loop.runUntilComplete(
            () -> {
              pool.execute(
                  () -> {
                    completer.set(Thread.currentThread());
                    foreign.complete("from a thread");
                  });
              String v = Asyncio.await(foreign);
              order.add("resumed");
              assertNotSame(completer.get(), Thread.currentThread());
              assertSame(loop, Asyncio.getRunningLoop());
              return v;
            });
    assertEquals("from a thread", r);
    assertEquals(List.of("resumed"), order);
  }

  @Test
  void awaitForeignFutureThatIsAlreadyDoneDoesNotSuspend() {
    CompletableFuture<Integer> done = CompletableFuture.completedFuture(4);
    loop.runUntilComplete(
        () -> {
          expect(1);
          loop.callSoon(() -> expect(3));
          assertEquals(4, Asyncio.await(done));
          expect(2);
          Asyncio.sleep(0);
          finish(4);
          return null;
        });
  }

  @Test
  void awaitForeignFailureRethrowsTheCause() {
    IOException boom = new IOException("foreign");
    CompletableFuture<String> failed = CompletableFuture.failedFuture(boom);
    assertSame(
        boom,
        assertThrows(IOException.class, () -> loop.runUntilComplete(() -> Asyncio.await(failed))));
    CompletableFuture<String> later = new CompletableFuture<>();
    CompletionStage<String> dependent = later.thenApply(s -> s + "!");
    pool.execute(() -> later.completeExceptionally(boom));
    assertSame(
        boom,
        assertThrows(IOException.class, () -> loop.runUntilComplete(() -> Asyncio.await(dependent))));
  }

  @Test
  void foreignCancellationBecomesCancelledError() {
    CompletableFuture<String> cancelled = new CompletableFuture<>();
    cancelled.cancel(false);
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(() -> Asyncio.await(cancelled)));
    CompletableFuture<String> later = new CompletableFuture<>();
    Task<String> t = loop.createTask(() -> Asyncio.await(later));
    loop.runUntilComplete(() -> Asyncio.sleep(0, null));
    pool.execute(() -> later.cancel(false));
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
    assertTrue(t.cancelled());
  }

  @Test
  void cancellingTheAwaitingTaskCancelsTheForeignFuture() {
    CompletableFuture<String> foreign = new CompletableFuture<>();
    Task<String> t = loop.createTask(() -> Asyncio.await(foreign));
    loop.runUntilComplete(() -> Asyncio.sleep(0, null));
    assertTrue(t.cancel());
    assertTrue(foreign.isCancelled(), "at once");
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
  }

  @Test
  void awaitOfAStageThatIsNotAFuture() {
    CompletableFuture<Integer> source = new CompletableFuture<>();
    CompletionStage<Integer> stage = source.minimalCompletionStage();
    pool.execute(() -> source.complete(9));
    assertEquals(9, loop.runUntilComplete(() -> Asyncio.await(stage)));

    CompletableFuture<Integer> never = new CompletableFuture<>();
    Task<Integer> t = loop.createTask(() -> Asyncio.await(never.minimalCompletionStage()));
    loop.runUntilComplete(() -> Asyncio.sleep(0, null));
    assertTrue(t.cancel(), "a stage that cannot be cancelled is left alone");
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
    assertFalse(never.isDone());
  }

  // ---- wrapFuture ---------------------------------------------------------------------------

  @Test
  void wrapACompletableFuture() {
    Asyncio.setEventLoop(loop);
    CompletableFuture<String> foreign = new CompletableFuture<>();
    Future<String> f = Asyncio.wrapFuture(foreign);
    assertSame(loop, f.getLoop());
    AtomicReference<Thread> callbackThread = new AtomicReference<>();
    AtomicReference<Thread> loopThread = new AtomicReference<>();
    f.addDoneCallback(x -> callbackThread.set(Thread.currentThread()));
    loop.callSoon(() -> loopThread.set(Thread.currentThread()));
    pool.execute(() -> foreign.complete("v"));
    assertEquals("v", loop.runUntilComplete(f));
    loop.runUntilComplete(() -> Asyncio.sleep(0, null));
    assertSame(loopThread.get(), callbackThread.get(), "callbacks run on the loop thread");
  }

  @Test
  void wrapAPlainFuture() throws Exception {
    Asyncio.setEventLoop(loop);
    CountDownLatch go = new CountDownLatch(1);
    java.util.concurrent.Future<Integer> job = pool.submit(() -> { go.await(); return 11; });
    Future<Integer> f = Asyncio.wrapFuture(job);
    go.countDown();
    assertEquals(11, loop.runUntilComplete(f));

    IOException boom = new IOException("job failed");
    java.util.concurrent.Future<Integer> failing = pool.submit(() -> { throw boom; });
    assertSame(boom, assertThrows(IOException.class, () -> loop.runUntilComplete(Asyncio.wrapFuture(failing))));
  }

  @Test
  void cancellingTheWrapperCancelsTheForeignFuture() throws Exception {
    Asyncio.setEventLoop(loop);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    java.util.concurrent.Future<Integer> job =
        pool.submit(
            () -> {
              started.countDown();
              try {
                new CountDownLatch(1).await();
              } catch (InterruptedException e) {
                interrupted.countDown();
              }
              return 0;
            });
    Future<Integer> f = Asyncio.wrapFuture(job);
    assertTrue(started.await(10, TimeUnit.SECONDS));
    assertTrue(f.cancel());
    assertTrue(job.isCancelled(), "at once");
    assertTrue(interrupted.await(10, TimeUnit.SECONDS), "the running job was interrupted");
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(f));

    CompletableFuture<String> cf = new CompletableFuture<>();
    Future<String> g = Asyncio.wrapFuture(cf);
    assertTrue(g.cancel());
    assertTrue(cf.isCancelled());
  }

  @Test
  void cancellingTheForeignFutureCancelsTheWrapper() {
    Asyncio.setEventLoop(loop);
    CompletableFuture<String> cf = new CompletableFuture<>();
    Future<String> g = Asyncio.wrapFuture(cf);
    pool.execute(() -> cf.cancel(true));
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(g));
    assertTrue(g.cancelled());

    CountDownLatch never = new CountDownLatch(1);
    java.util.concurrent.Future<Integer> job = pool.submit(() -> { never.await(); return 1; });
    Future<Integer> f = Asyncio.wrapFuture(job);
    job.cancel(true);
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(f));
    assertTrue(f.cancelled());
  }

  @Test
  void wrapFutureInsideACoroutineUsesTheRunningLoop() {
    CompletableFuture<Integer> cf = CompletableFuture.completedFuture(3);
    int v =
        loop.runUntilComplete(
            () -> {
              Future<Integer> f = Asyncio.wrapFuture(cf);
              assertSame(Asyncio.getRunningLoop(), f.getLoop());
              return Asyncio.await(f);
            });
    assertEquals(3, v);
  }

  // ---- toThread, ensureFuture ---------------------------------------------------------------

  @Test
  void toThreadRunsInTheDefaultExecutor() {
    String name =
        loop.runUntilComplete(
            () -> Asyncio.await(Asyncio.toThread(() -> Thread.currentThread().getName())));
    assertTrue(name.startsWith("jasyncio-executor-"), name);
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Asyncio.toThread(() -> 1));
    assertEquals(
        "toThread() needs a running event loop: call it from a coroutine or a callback",
        e.getMessage());
  }

  @Test
  void ensureFuture() {
    Future<String> f = loop.createFuture();
    assertSame(f, Asyncio.ensureFuture(f));
    Task<String> t =
        loop.runUntilComplete(
            () -> {
              Task<String> inner = Asyncio.ensureFuture(() -> "wrapped");
              assertSame(loop, inner.getLoop());
              Asyncio.await(inner);
              return inner;
            });
    assertEquals("wrapped", t.result());
    assertInstanceOf(Task.class, t);
  }

  @Test
  void createTaskWithAName() {
    String name =
        loop.runUntilComplete(
            () -> {
              Task<String> t = Asyncio.createTask(() -> Asyncio.currentTask().getName(), "named");
              return Asyncio.await(t);
            });
    assertEquals("named", name);
  }
}
