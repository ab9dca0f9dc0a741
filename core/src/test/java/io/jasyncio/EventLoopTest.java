package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EventLoopTest extends TestBase {
  private final EventLoop loop = EventLoop.create(Clock.virtual());

  @AfterEach
  void closeLoop() {
    loop.close();
    Asyncio.setEventLoop(null);
  }

  private void tick() {
    loop.stop();
    loop.runForever();
  }

  // ---- ordering -----------------------------------------------------------------------------

  @Test
  void callSoonIsFifo() {
    List<Integer> got = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      int n = i;
      loop.callSoon(() -> got.add(n));
    }
    tick();
    List<Integer> want = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      want.add(i);
    }
    assertEquals(want, got);
  }

  // scenarios: events 1
  @Test
  void callSoonThreadsafeThenCallSoonOnTheSameThread() {
    List<String> got = new ArrayList<>();
    loop.callSoonThreadsafe(() -> got.add("hello"));
    loop.callSoon(() -> got.add("world"));
    tick();
    assertEquals(List.of("hello", "world"), got);
  }

  // scenarios: events 4
  @Test
  void timersRunByDeadlineAfterQueuedCallbacks() {
    List<String> got = new ArrayList<>();
    loop.callLater(-1, () -> got.add("a"));
    loop.callLater(-2, () -> got.add("b"));
    loop.callSoon(() -> got.add("soon"));
    tick();
    assertEquals(List.of("soon", "b", "a"), got);
  }

  @Test
  void timersRunByDeadline() {
    List<Double> got = new ArrayList<>();
    List<Double> whens = new ArrayList<>();
    Random r = new Random(42);
    for (int i = 0; i < 200; i++) {
      whens.add(Math.floor(r.nextDouble() * 1000) / 10);
    }
    for (double w : whens) {
      loop.callAt(w, () -> got.add(w));
    }
    loop.callAt(200, loop::stop);
    loop.runForever();
    Collections.sort(whens);
    assertEquals(whens, got);
    assertEquals(200.0, loop.time());
  }

  // scenarios: events 5
  @Test
  void equalDeadlinesRunInSchedulingOrder() {
    List<Integer> got = new ArrayList<>();
    double w = loop.time() + 1;
    for (int i = 0; i < 10; i++) {
      int n = i;
      loop.callAt(w, () -> got.add(n));
    }
    loop.callAt(w + 1, loop::stop);
    loop.runForever();
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), got);
  }

  @Test
  void callbackScheduledDuringAnIterationRunsInTheNextAndStopFinishesTheBatch() {
    List<String> got = new ArrayList<>();
    loop.callSoon(
        () -> {
          got.add("a");
          loop.callSoon(() -> got.add("c"));
          loop.stop();
        });
    loop.callSoon(() -> got.add("b"));
    loop.runForever();
    assertEquals(List.of("a", "b"), got, "stop() lets the batch finish, c waits");
    tick();
    assertEquals(List.of("a", "b", "c"), got);
  }

  @Test
  void stopBeforeRunDoesOneIteration() {
    List<String> got = new ArrayList<>();
    loop.callSoon(
        () -> {
          got.add("first");
          loop.callSoon(() -> got.add("second"));
        });
    loop.stop();
    loop.runForever();
    assertEquals(List.of("first"), got);
    assertFalse(loop.isRunning());
  }

  @Test
  void dueTimersJoinTheIterationAndNewTimersWait() {
    List<String> got = new ArrayList<>();
    loop.callLater(
        0,
        () -> {
          got.add("t1");
          loop.callLater(0, () -> got.add("t2"));
        });
    tick();
    assertEquals(List.of("t1"), got);
    tick();
    assertEquals(List.of("t1", "t2"), got);
  }

  // scenarios: events 7
  @Test
  void cancelledHandlesNeverRun() {
    List<String> got = new ArrayList<>();
    Handle h = loop.callSoon(() -> got.add("soon"));
    TimerHandle t = loop.callLater(1, () -> got.add("timer"));
    Handle ts = loop.callSoonThreadsafe(() -> got.add("threadsafe"));
    assertFalse(h.cancelled());
    h.cancel();
    t.cancel();
    ts.cancel();
    assertTrue(h.cancelled());
    assertTrue(t.cancelled());
    assertTrue(ts.cancelled());
    assertEquals(1.0, t.when());
    loop.callLater(2, loop::stop);
    loop.runForever();
    assertEquals(List.of(), got);
  }

  @Test
  void manyCancelledTimersAreDroppedAndTheRestRunInOrder() {
    List<Integer> got = new ArrayList<>();
    List<TimerHandle> hs = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      int n = i;
      hs.add(loop.callLater(1 + i, () -> got.add(n)));
    }
    for (int i = 0; i < 300; i++) {
      if (i % 3 != 0) {
        hs.get(i).cancel();
      }
    }
    hs.get(3).cancel(); // twice: no effect
    hs.get(1).cancel();
    loop.callLater(1000, loop::stop);
    loop.runForever();
    List<Integer> want = new ArrayList<>();
    for (int i = 0; i < 300; i += 3) {
      if (i != 3) {
        want.add(i);
      }
    }
    assertEquals(want, got);
  }

  @Test
  void cancellingATimerThatAlreadyRanHasNoEffect() {
    List<String> got = new ArrayList<>();
    TimerHandle t = loop.callLater(1, () -> got.add("ran"));
    loop.callLater(2, loop::stop);
    loop.runForever();
    t.cancel();
    assertTrue(t.cancelled());
    assertEquals(List.of("ran"), got);
  }

  // scenarios: events 6 (arguments)
  @Test
  void badArguments() {
    IllegalArgumentException a =
        assertThrows(IllegalArgumentException.class, () -> loop.callLater(Double.NaN, () -> {}));
    assertTrue(a.getMessage().contains("NaN"), a.getMessage());
    assertThrows(IllegalArgumentException.class, () -> loop.callAt(Double.NaN, () -> {}));
    assertEquals("callback", assertThrows(NullPointerException.class, () -> loop.callSoon(null)).getMessage());
    assertEquals("callback", assertThrows(NullPointerException.class, () -> loop.callLater(1, null)).getMessage());
    assertEquals("callback", assertThrows(NullPointerException.class, () -> loop.callAt(1, null)).getMessage());
    assertEquals(
        "callback", assertThrows(NullPointerException.class, () -> loop.callSoonThreadsafe(null)).getMessage());
    assertEquals(
        "future", assertThrows(NullPointerException.class, () -> loop.runUntilComplete((Future<?>) null)).getMessage());
    assertEquals(
        "coroutine", assertThrows(NullPointerException.class, () -> loop.runUntilComplete((Coroutine<?>) null)).getMessage());
    assertEquals("coroutine", assertThrows(NullPointerException.class, () -> loop.createTask(null)).getMessage());
    assertEquals(
        "function", assertThrows(NullPointerException.class, () -> loop.runInExecutor(null, null)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> loop.setSlowCallbackDuration(-1));
    assertThrows(IllegalArgumentException.class, () -> loop.setSlowCallbackDuration(Double.NaN));
  }

  // ---- real time ----------------------------------------------------------------------------

  // scenarios: events 6
  @Test
  void callAtOnTheRealClock() {
    try (EventLoop real = EventLoop.create()) {
      double t0 = real.time();
      long n0 = System.nanoTime();
      TimerHandle h = real.callAt(t0 + 0.1, real::stop);
      assertEquals(t0 + 0.1, h.when());
      real.runForever();
      double took = (System.nanoTime() - n0) / 1e9;
      assertTrue(took >= 0.09 && took < 5, "took " + took);
      assertTrue(real.time() - t0 >= 0.099, "loop time moved " + (real.time() - t0));
    }
  }

  // scenarios: events 6
  @Test
  void runUntilCompleteOfASleepOnTheRealClock() {
    try (EventLoop real = EventLoop.create()) {
      long n0 = System.nanoTime();
      real.runUntilComplete(() -> Asyncio.sleep(0.1, null));
      double took = (System.nanoTime() - n0) / 1e9;
      assertTrue(took >= 0.08 && took < 5, "took " + took);
    }
  }

  @Test
  void callSoonThreadsafeWakesALoopBlockedInSelect() throws Exception {
    try (EventLoop real = EventLoop.create()) {
      Future<String> f = real.createFuture();
      CountDownLatch running = new CountDownLatch(1);
      AtomicReference<Thread> loopThread = new AtomicReference<>();
      real.callSoon(
          () -> {
            loopThread.set(Thread.currentThread());
            running.countDown();
          });
      // A watchdog: if the wake-up were lost, the loop would stop here instead of hanging.
      real.callLater(20, real::stop);
      Thread poster =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      if (running.await(20, TimeUnit.SECONDS)) {
                        real.callSoonThreadsafe(
                            () -> f.setResult("woken on " + Thread.currentThread().getName()));
                      }
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  });
      long n0 = System.nanoTime();
      String r = real.runUntilComplete(f);
      assertTrue((System.nanoTime() - n0) / 1e9 < 15, "woken long before the watchdog");
      assertEquals("woken on " + loopThread.get().getName(), r);
      poster.join(10_000);
    }
  }

  @Test
  void callSoonThreadsafeFromManyThreadsLosesNothingAndKeepsEachThreadsOrder() throws Exception {
    int threads = 4;
    int perThread = 5000;
    try (EventLoop real = EventLoop.create()) {
      List<List<Integer>> seen = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        seen.add(new ArrayList<>());
      }
      Future<Void> all = real.createFuture();
      int[] total = {0};
      real.callLater(20, real::stop); // watchdog: a lost item or wake-up stops the run early
      List<Thread> posters = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int id = i;
        posters.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      for (int k = 0; k < perThread; k++) {
                        int n = k;
                        real.callSoonThreadsafe(
                            () -> {
                              seen.get(id).add(n);
                              if (++total[0] == threads * perThread) {
                                all.setResult(null);
                              }
                            });
                      }
                    }));
      }
      real.runUntilComplete(all);
      for (Thread t : posters) {
        t.join(10_000);
      }
      List<Integer> want = new ArrayList<>();
      for (int k = 0; k < perThread; k++) {
        want.add(k);
      }
      for (List<Integer> got : seen) {
        assertEquals(want, got);
      }
    }
  }

  // ---- runUntilComplete / runForever --------------------------------------------------------

  @Test
  void runUntilCompleteReturnsTheResultOrRethrowsUnchanged() {
    Future<String> ok = loop.createFuture();
    loop.callLater(3, () -> ok.setResult("done"));
    assertEquals("done", loop.runUntilComplete(ok));
    assertEquals(3.0, loop.time());

    Future<String> bad = loop.createFuture();
    IOException boom = new IOException("checked");
    loop.callSoon(() -> bad.setException(boom));
    assertSame(boom, assertThrows(IOException.class, () -> loop.runUntilComplete(bad)));

    Future<String> already = loop.createFuture();
    already.setResult("already");
    assertEquals("already", loop.runUntilComplete(already));
  }

  @Test
  void stoppedBeforeTheFutureCompleted() {
    Future<String> f = loop.createFuture();
    loop.callSoon(loop::stop);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(f));
    assertEquals("Event loop stopped before Future completed", e.getMessage());
    loop.callSoon(() -> f.setResult("later"));
    assertEquals("later", loop.runUntilComplete(f));
  }

  @Test
  void stopRequestDoesNotLeakIntoTheNextRun() {
    Future<String> f = loop.createFuture();
    loop.callSoon(
        () -> {
          f.setResult("x");
          loop.stop();
        });
    assertEquals("x", loop.runUntilComplete(f));
    // The future's stopper was queued when the run ended; it must not stop this run.
    List<String> got = new ArrayList<>();
    loop.callSoon(() -> loop.callSoon(() -> { got.add("f"); loop.stop(); }));
    loop.runForever();
    assertEquals(List.of("f"), got);
  }

  // scenarios: events 9
  @Test
  void runningARunningLoop() {
    AtomicReference<Throwable> fromCallback = new AtomicReference<>();
    loop.callSoon(
        () -> {
          try {
            loop.runForever();
          } catch (Throwable t) {
            fromCallback.set(t);
          }
        });
    tick();
    assertEquals("This event loop is already running", fromCallback.get().getMessage());
    IllegalStateException inTask =
        assertThrows(
            IllegalStateException.class,
            () -> loop.runUntilComplete(() -> loop.runUntilComplete(() -> 1)));
    assertEquals("This event loop is already running", inTask.getMessage());
    try (EventLoop other = EventLoop.create(Clock.virtual())) {
      IllegalStateException nested =
          assertThrows(
              IllegalStateException.class,
              () -> loop.runUntilComplete(() -> other.runUntilComplete(() -> 1)));
      assertEquals("Cannot run the event loop while another loop is running", nested.getMessage());
    }
  }

  // scenarios: events 9
  @Test
  void runUntilCompleteOfAFutureOfAnotherLoop() {
    try (EventLoop other = EventLoop.create(Clock.virtual())) {
      Future<String> f = other.createFuture();
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> loop.runUntilComplete(f));
      assertTrue(e.getMessage().contains("different loop"), e.getMessage());
    }
  }

  // scenarios: events 11
  @Test
  void fatalErrorFromRunUntilCompleteLeavesNoStopBehind() {
    OutOfMemoryError oom = new OutOfMemoryError("pretend");
    Task<Void> t = loop.createTask(() -> { throw oom; });
    assertSame(oom, assertThrows(OutOfMemoryError.class, () -> loop.runUntilComplete(t)));
    assertFalse(loop.isRunning());
    List<String> got = new ArrayList<>();
    loop.callSoon(() -> loop.callSoon(() -> { got.add("f"); loop.stop(); }));
    loop.runForever();
    assertEquals(List.of("f"), got);
  }

  @Test
  void fatalErrorFromACallbackStopsTheLoopAndTheRestOfTheBatchRunsNextTime() {
    List<String> got = new ArrayList<>();
    OutOfMemoryError oom = new OutOfMemoryError("pretend");
    loop.callSoon(() -> { throw oom; });
    loop.callSoon(() -> got.add("next"));
    assertSame(oom, assertThrows(OutOfMemoryError.class, loop::runForever));
    assertEquals(List.of(), got);
    tick();
    assertEquals(List.of("next"), got);
  }

  // ---- closed loop --------------------------------------------------------------------------

  // scenarios: events 12
  @Test
  void everyMethodOfAClosedLoop() {
    Future<String> f = loop.createFuture();
    loop.close();
    loop.close(); // twice is fine
    assertTrue(loop.isClosed());
    assertFalse(loop.isRunning());
    List<Executable> calls =
        List.of(
            () -> loop.callSoon(() -> {}),
            () -> loop.callLater(1, () -> {}),
            () -> loop.callAt(1, () -> {}),
            () -> loop.callSoonThreadsafe(() -> {}),
            () -> loop.createFuture(),
            () -> loop.createTask(() -> 1),
            () -> loop.createTask(() -> 1, "n"),
            () -> loop.runInExecutor(null, () -> 1),
            () -> loop.runForever(),
            () -> loop.runUntilComplete(f),
            () -> loop.runUntilComplete(() -> 1),
            () -> loop.setDefaultExecutor(Executors.newSingleThreadExecutor()));
    for (Executable call : calls) {
      IllegalStateException e = assertThrows(IllegalStateException.class, call);
      assertEquals("Event loop is closed", e.getMessage());
    }
  }

  @Test
  void closingARunningLoop() {
    AtomicReference<Throwable> got = new AtomicReference<>();
    loop.callSoon(
        () -> {
          try {
            loop.close();
          } catch (Throwable t) {
            got.set(t);
          }
        });
    tick();
    assertEquals("Cannot close a running event loop", got.get().getMessage());
    assertFalse(loop.isClosed());
  }

  @Test
  void closeDropsPendingCallbacks() {
    List<String> got = new ArrayList<>();
    loop.callSoon(() -> got.add("never"));
    loop.close();
    assertEquals(List.of(), got);
  }

  // ---- exception handler --------------------------------------------------------------------

  // scenarios: events 10
  @Test
  void failingCallbackGoesToTheHandlerAndTheLoopGoesOn() {
    List<Map<String, Object>> contexts = new ArrayList<>();
    List<EventLoop> loops = new ArrayList<>();
    loop.setExceptionHandler(
        (l, ctx) -> {
          loops.add(l);
          contexts.add(ctx);
        });
    List<String> got = new ArrayList<>();
    IllegalStateException boom = new IllegalStateException("boom");
    Handle h = loop.callSoon(() -> { throw boom; });
    loop.callSoon(() -> got.add("next"));
    tick();
    assertEquals(List.of("next"), got);
    assertEquals(1, contexts.size());
    Map<String, Object> ctx = contexts.get(0);
    assertSame(boom, ctx.get("exception"));
    assertSame(h, ctx.get("handle"));
    assertTrue(String.valueOf(ctx.get("message")).startsWith("Exception in callback"), ctx.toString());
    assertSame(loop, loops.get(0));
  }

  // scenarios: events 10
  @Test
  void failingHandlerIsLoggedAndTheLoopGoesOn() throws Exception {
    try (LogCapture log = new LogCapture()) {
      loop.setExceptionHandler((l, ctx) -> { throw new IllegalArgumentException("handler broke"); });
      List<String> got = new ArrayList<>();
      loop.callSoon(() -> { throw new IllegalStateException("cb broke"); });
      loop.callSoon(() -> got.add("next"));
      tick();
      assertEquals(List.of("next"), got);
      TestLoggerFinder.Entry e = log.await("Unhandled error in exception handler", 5);
      assertNotNull(e);
      assertEquals(System.Logger.Level.ERROR, e.level());
      assertEquals("handler broke", e.thrown().getMessage());
      assertTrue(e.message().contains("cb broke"), e.message());
    }
  }

  @Test
  void defaultHandlerLogsTheContext() throws Exception {
    try (LogCapture log = new LogCapture()) {
      loop.setExceptionHandler((l, ctx) -> { throw new AssertionError("replaced below"); });
      loop.setExceptionHandler(null);
      IllegalStateException boom = new IllegalStateException("default boom");
      loop.callSoon(() -> { throw boom; });
      tick();
      TestLoggerFinder.Entry e = log.await("Exception in callback", 5);
      assertNotNull(e);
      assertSame(boom, e.thrown());
      assertTrue(e.message().contains("handle: Handle["), e.message());
      loop.callExceptionHandler(Map.of("message", "by hand", "custom", 7));
      TestLoggerFinder.Entry byHand = log.await("by hand", 5);
      assertTrue(byHand.message().contains("custom: 7"), byHand.message());
    }
    assertEquals(
        "context",
        assertThrows(NullPointerException.class, () -> loop.callExceptionHandler(null)).getMessage());
  }

  // ---- executors ----------------------------------------------------------------------------

  // scenarios: events 12
  @Test
  void runInExecutorRunsOnADaemonThreadAndReportsOnTheLoop() {
    AtomicReference<Thread> loopThread = new AtomicReference<>();
    AtomicReference<Thread> worker = new AtomicReference<>();
    AtomicReference<Thread> callbackThread = new AtomicReference<>();
    loop.callSoon(() -> loopThread.set(Thread.currentThread()));
    String r =
        loop.runUntilComplete(
            () -> {
              Future<String> f =
                  Asyncio.getRunningLoop()
                      .runInExecutor(
                          null,
                          () -> {
                            worker.set(Thread.currentThread());
                            return "from " + Thread.currentThread().getName();
                          });
              f.addDoneCallback(x -> callbackThread.set(Thread.currentThread()));
              return Asyncio.await(f);
            });
    assertNotSame(loopThread.get(), worker.get());
    assertTrue(worker.get().getName().startsWith("jasyncio-executor-"), worker.get().getName());
    assertTrue(worker.get().isDaemon());
    assertFalse(worker.get().isVirtual());
    assertEquals("from " + worker.get().getName(), r);
    assertSame(loopThread.get(), callbackThread.get());
  }

  @Test
  void runInExecutorExceptionComesBackUnchanged() {
    IOException boom = new IOException("in thread");
    IOException got =
        assertThrows(
            IOException.class,
            () ->
                loop.runUntilComplete(
                    () -> Asyncio.await(loop.runInExecutor(null, () -> { throw boom; }))));
    assertSame(boom, got);
  }

  @Test
  void runInExecutorOnAGivenExecutorAndCancelledBeforeItStarts() {
    List<Runnable> held = new ArrayList<>();
    List<String> ran = new ArrayList<>();
    Future<String> f =
        loop.runInExecutor(held::add, () -> { ran.add("ran"); return "x"; });
    assertEquals(1, held.size());
    assertTrue(f.cancel());
    held.get(0).run(); // the executor gets to it only now: the job was cancelled
    assertEquals(List.of(), ran);
    tick();
    assertTrue(f.cancelled());
  }

  @Test
  void setDefaultExecutorAndToThread() {
    ExecutorService ex =
        Executors.newSingleThreadExecutor(r -> new Thread(r, "my-default"));
    try {
      loop.setDefaultExecutor(ex);
      String name =
          loop.runUntilComplete(
              () -> Asyncio.await(Asyncio.toThread(() -> Thread.currentThread().getName())));
      assertEquals("my-default", name);
      assertEquals(
          "executor", assertThrows(NullPointerException.class, () -> loop.setDefaultExecutor(null)).getMessage());
    } finally {
      ex.shutdownNow();
    }
  }

  // ---- Asyncio.run, getEventLoop ------------------------------------------------------------

  @Test
  void asyncioRunCancelsAndAwaitsLeftoversThenCloses() {
    List<String> log = new ArrayList<>();
    AtomicReference<EventLoop> used = new AtomicReference<>();
    AtomicReference<Task<?>> leftover = new AtomicReference<>();
    String r =
        Asyncio.runVirtual(
            () -> {
              used.set(Asyncio.getRunningLoop());
              leftover.set(
                  Asyncio.createTask(
                      () -> {
                        try {
                          Asyncio.sleep(3600);
                        } finally {
                          log.add("finally ran");
                          Asyncio.sleep(1); // may still await while being cancelled
                          log.add("cleanup done");
                        }
                        return null;
                      }));
              Asyncio.sleep(0);
              return "main done";
            });
    assertEquals("main done", r);
    assertEquals(List.of("finally ran", "cleanup done"), log);
    assertTrue(leftover.get().cancelled());
    assertTrue(used.get().isClosed());
  }

  @Test
  void asyncioRunReportsLeftoverFailures() throws Exception {
    try (LogCapture log = new LogCapture()) {
      Asyncio.runVirtual(
          () -> {
            Asyncio.createTask(
                () -> {
                  try {
                    Asyncio.sleep(10);
                  } catch (CancelledError e) {
                    throw new IllegalStateException("failed while cancelled");
                  }
                  return null;
                });
            Asyncio.sleep(0);
            return null;
          });
      TestLoggerFinder.Entry e = log.await("unhandled exception during Asyncio.run() shutdown", 5);
      assertNotNull(e);
      assertEquals("failed while cancelled", e.thrown().getMessage());
    }
  }

  @Test
  void asyncioRunInsideARunningLoop() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> Asyncio.runVirtual(() -> Asyncio.run(() -> 1)));
    assertEquals("Asyncio.run() cannot be called from a running event loop", e.getMessage());
    AtomicReference<Throwable> fromCallback = new AtomicReference<>();
    loop.callSoon(
        () -> {
          try {
            Asyncio.run(() -> 1);
          } catch (Throwable t) {
            fromCallback.set(t);
          }
        });
    tick();
    assertEquals(
        "Asyncio.run() cannot be called from a running event loop",
        fromCallback.get().getMessage());
  }

  @Test
  void asyncioRunReturnsAndRethrows() throws Exception {
    assertEquals(5, Asyncio.run(() -> 5));
    IOException boom = new IOException("x");
    assertSame(boom, assertThrows(IOException.class, () -> Asyncio.run(() -> { throw boom; })));
    assertEquals(
        "main", assertThrows(NullPointerException.class, () -> Asyncio.run(null)).getMessage());
  }

  @Test
  void asyncioRunShutsDownTheDefaultExecutor() throws Exception {
    AtomicReference<Thread> worker = new AtomicReference<>();
    Asyncio.runVirtual(
        () -> Asyncio.await(Asyncio.toThread(() -> { worker.set(Thread.currentThread()); return 1; })));
    // An idle worker of a pool that was not shut down would live on for a minute.
    worker.get().join(10_000);
    assertFalse(worker.get().isAlive(), "the executor's threads have ended");
  }

  @Test
  void getEventLoopAndSetEventLoop() {
    Asyncio.setEventLoop(null);
    EventLoop a = Asyncio.getEventLoop();
    assertSame(a, Asyncio.getEventLoop(), "created once and set");
    assertEquals(7, a.runUntilComplete(() -> {
      assertSame(a, Asyncio.getEventLoop(), "the running loop");
      assertSame(a, Asyncio.getRunningLoop());
      return 7;
    }));
    a.close();
    EventLoop b = Asyncio.getEventLoop();
    assertNotSame(a, b, "a closed loop is replaced");
    b.close();
    Asyncio.setEventLoop(loop);
    assertSame(loop, Asyncio.getEventLoop());
    loop.runUntilComplete(() -> { assertSame(loop, Asyncio.getEventLoop()); return null; });
    Asyncio.setEventLoop(null);
    EventLoop c = Asyncio.getEventLoop();
    assertNotSame(loop, c);
    c.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, Asyncio::getRunningLoop);
    assertEquals("no running event loop", e.getMessage());
  }

  @Test
  void mainThreadStyleOfTheArticles() {
    Asyncio.setEventLoop(null);
    EventLoop l = Asyncio.getEventLoop();
    try {
      Task<String> t = Asyncio.ensureFuture(() -> Asyncio.sleep(0.01, "ran"));
      assertSame(l, t.getLoop());
      assertEquals("ran", l.runUntilComplete(t));
    } finally {
      l.close();
    }
  }

  @Test
  void newEventLoopIsNotSetAsTheThreadsLoop() {
    Asyncio.setEventLoop(null);
    try (EventLoop fresh = Asyncio.newEventLoop()) {
      EventLoop current = Asyncio.getEventLoop();
      assertNotSame(fresh, current);
      current.close();
      assertFalse(fresh.isClosed());
      assertTrue(fresh.time() >= 0);
    }
  }

  @Test
  void toStringShowsTheState() {
    assertTrue(loop.toString().startsWith("EventLoop[idle"), loop.toString());
    AtomicReference<String> running = new AtomicReference<>();
    loop.callSoon(() -> running.set(loop.toString()));
    tick();
    assertTrue(running.get().startsWith("EventLoop[running"), running.get());
    loop.close();
    assertTrue(loop.toString().startsWith("EventLoop[closed"), loop.toString());
  }

  @Test
  void doneCallbacksAreConsumersOfTheFuture() {
    Future<Integer> f = loop.createFuture();
    List<Integer> got = new ArrayList<>();
    Consumer<Future<Integer>> cb = x -> got.add(x.result());
    f.addDoneCallback(cb);
    f.setResult(3);
    tick();
    assertEquals(List.of(3), got);
  }
}
