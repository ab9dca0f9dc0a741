package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class VirtualClockTest extends TestBase {

  @Test
  void oneSimulatedHourOfTimers() {
    try (EventLoop loop = EventLoop.create(Clock.virtual())) {
      List<Double> fired = new ArrayList<>();
      // Scheduled out of order: the loop must still run them by deadline.
      for (int i = 3600; i >= 1; i--) {
        double when = i;
        loop.callAt(when, () -> fired.add(loop.time()));
      }
      loop.callAt(3600.5, loop::stop);
      loop.runForever();
      assertEquals(3600, fired.size());
      for (int i = 0; i < 3600; i++) {
        assertEquals(i + 1.0, fired.get(i));
      }
      assertEquals(3600.5, loop.time());
    }
  }

  @Test
  void anHourOfSleepingTasks() {
    List<String> log = new ArrayList<>();
    double end =
        Asyncio.runVirtual(
            () -> {
              List<Task<Void>> ts = new ArrayList<>();
              for (int i = 0; i < 60; i++) {
                int minute = i;
                ts.add(
                    Asyncio.createTask(
                        () -> {
                          for (int s = 0; s < 60; s++) {
                            Asyncio.sleep(1);
                          }
                          log.add(minute + "@" + Asyncio.getRunningLoop().time());
                          return null;
                        }));
              }
              Asyncio.sleep(3600);
              for (Task<Void> t : ts) {
                Asyncio.await(t);
              }
              return Asyncio.getRunningLoop().time();
            });
    assertEquals(3600.0, end);
    assertEquals(60, log.size());
    assertTrue(log.stream().allMatch(s -> s.endsWith("@60.0")), log.toString());
  }

  @Test
  void loopTimeIsVirtual() {
    try (EventLoop loop = EventLoop.create(Clock.virtual())) {
      assertEquals(0.0, loop.time());
      loop.runUntilComplete(() -> Asyncio.sleep(3600, null));
      assertEquals(3600.0, loop.time());
      loop.runUntilComplete(() -> Asyncio.sleep(0.25, null));
      assertEquals(3600.25, loop.time());
      loop.runUntilComplete(() -> Asyncio.sleep(0, null));
      assertEquals(3600.25, loop.time(), "sleep(0) takes no time");
    }
  }

  @Test
  void eachVirtualClockStartsAtZero() {
    Clock a = Clock.virtual();
    Clock b = Clock.virtual();
    assertEquals(0.0, a.now());
    assertEquals(0.0, b.now());
    assertTrue(a != b);
    assertTrue(a.toString().startsWith("Clock.virtual()"), a.toString());
    double m1 = Clock.monotonic().now();
    double m2 = Clock.monotonic().now();
    assertTrue(m2 >= m1);
    assertEquals("Clock.monotonic()", Clock.monotonic().toString());
  }

  @Test
  void anInfiniteSleepIsNotAJumpToInfinity() {
    try (EventLoop loop = EventLoop.create(Clock.virtual())) {
      Task<Void> forever = loop.createTask(() -> Asyncio.sleep(Double.POSITIVE_INFINITY, null));
      loop.runUntilComplete(() -> Asyncio.sleep(5, null));
      assertEquals(5.0, loop.time());
      assertFalse(forever.done());
      forever.cancel();
      assertTrue(
          assertThrowsCancelled(loop, forever), "the infinite sleeper is cancelled, time stays");
      assertEquals(5.0, loop.time());
    }
  }

  private static boolean assertThrowsCancelled(EventLoop loop, Task<?> t) {
    try {
      loop.runUntilComplete(t);
      return false;
    } catch (CancelledError e) {
      return t.cancelled();
    }
  }

  @Test
  void theClockDoesNotJumpWhileAnExecutorJobIsInFlight() throws Exception {
    try (EventLoop loop = EventLoop.create(Clock.virtual())) {
      CountDownLatch timerFired = new CountDownLatch(1);
      loop.callLater(100, timerFired::countDown);
      double[] timeSeenByJob = new double[1];
      boolean firedDuringJob =
          loop.runUntilComplete(
              () ->
                  Asyncio.await(
                      Asyncio.getRunningLoop()
                          .runInExecutor(
                              null,
                              () -> {
                                // Were the clock to jump, the timer would fire right away.
                                boolean fired = timerFired.await(300, TimeUnit.MILLISECONDS);
                                timeSeenByJob[0] = loop.time();
                                return fired;
                              })));
      assertFalse(firedDuringJob, "the loop jumped over a job in flight");
      assertEquals(0.0, timeSeenByJob[0]);
      assertEquals(0.0, loop.time());
      loop.runUntilComplete(() -> Asyncio.sleep(200, null));
      assertEquals(0, timerFired.getCount());
      assertEquals(200.0, loop.time());
    }
  }

  @Test
  void theClockDoesNotJumpWhileAForeignFutureIsAwaited() throws Exception {
    try (EventLoop loop = EventLoop.create(Clock.virtual())) {
      CountDownLatch timerFired = new CountDownLatch(1);
      loop.callLater(50, timerFired::countDown);
      CompletableFuture<String> foreign = new CompletableFuture<>();
      CountDownLatch awaiting = new CountDownLatch(1);
      Thread completer =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      if (awaiting.await(10, TimeUnit.SECONDS)) {
                        // Were the clock to jump, the timer would fire right away.
                        boolean fired = timerFired.await(300, TimeUnit.MILLISECONDS);
                        foreign.complete("done at " + loop.time() + ", fired " + fired);
                      }
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  });
      String r =
          loop.runUntilComplete(
              () -> {
                awaiting.countDown();
                String v = Asyncio.await(foreign);
                return v + ", then " + timerFired.getCount();
              });
      completer.join(10_000);
      assertEquals("done at 0.0, fired false, then 1", r);
    }
  }

  @Test
  void aCancelledForeignWaitNoLongerHoldsTheClock() {
    try (EventLoop loop = EventLoop.create(Clock.virtual())) {
      CompletableFuture<Integer> never = new CompletableFuture<>();
      Task<Integer> t = loop.createTask(() -> Asyncio.await(never.minimalCompletionStage()));
      loop.runUntilComplete(() -> Asyncio.sleep(0, null));
      t.cancel();
      assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
      loop.runUntilComplete(() -> Asyncio.sleep(3600, null)); // jumps: nothing is in flight
      assertEquals(3600.0, loop.time());
    }
  }

  @Test
  void theClockJumpsAgainOnceTheJobIsDone() {
    double t =
        Asyncio.runVirtual(
            () -> {
              Asyncio.await(Asyncio.toThread(() -> 1));
              Asyncio.sleep(1000);
              return Asyncio.getRunningLoop().time();
            });
    assertEquals(1000.0, t);
  }
}
