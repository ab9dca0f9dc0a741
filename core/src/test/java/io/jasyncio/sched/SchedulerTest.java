package io.jasyncio.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SchedulerTest {
  /** Bound for waits on other threads: only reached when the behaviour is broken. */
  private static final long TIMEOUT_S = 20;

  /** A clock that only moves when run() delays: the single-thread fake of CPython's tests. */
  private static final class StepClock {
    double now;
    final List<Double> delays = new ArrayList<>();

    double time() {
      return now;
    }

    void sleep(double d) {
      delays.add(d);
      now += d;
    }
  }

  /**
   * CPython's test_sched Timer: sleep() may not pass the limit that the test thread sets with
   * advance(), so a test controls exactly how far run() may get.
   */
  private static final class Timer {
    private double time;
    private double stop;

    synchronized double time() {
      return time;
    }

    synchronized void sleep(double t) {
      assertTrue(t >= 0);
      double target = time + t;
      while (stop < target) {
        time = stop;
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new CancellationException("interrupted");
        }
      }
      time = target;
    }

    synchronized void advance(double t) {
      stop += t;
      notifyAll();
    }
  }

  private static Scheduler fake(StepClock c) {
    return new Scheduler(c::time, c::sleep);
  }

  private static <T> T take(BlockingQueue<T> q) throws InterruptedException {
    T v = q.poll(TIMEOUT_S, TimeUnit.SECONDS);
    assertNotNull(v, "nothing arrived within " + TIMEOUT_S + " s");
    return v;
  }

  // scenarios: sched 1
  @Test
  void enterRunsInTimeOrder() {
    StepClock c = new StepClock();
    Scheduler s = fake(c);
    List<Double> log = new ArrayList<>();
    for (double x : new double[] {.5, .4, .3, .2, .1}) {
      s.enter(x, 1, () -> log.add(x));
    }
    assertNull(s.run(true));
    assertEquals(List.of(.1, .2, .3, .4, .5), log);
    assertEquals(.5, c.now, 1e-9);
  }

  // scenarios: sched 1
  @Test
  void enterabsRunsInTimeOrder() {
    StepClock c = new StepClock();
    c.now = 100;
    Scheduler s = fake(c);
    List<Double> log = new ArrayList<>();
    for (double x : new double[] {.05, .04, .03, .02, .01}) {
      s.enterabs(100 + x, 1, () -> log.add(x));
    }
    s.run();
    assertEquals(List.of(.01, .02, .03, .04, .05), log);
  }

  // scenarios: sched 2
  @Test
  void priorityBreaksTimeTiesThenInsertionOrder() {
    StepClock c = new StepClock();
    Scheduler s = fake(c);
    List<String> log = new ArrayList<>();
    int[] priorities = {1, 2, 3, 2, 1};
    for (int i = 0; i < priorities.length; i++) {
      int p = priorities[i];
      String tag = p + "/" + i;
      s.enterabs(0.01, p, () -> log.add(tag));
    }
    s.run(true);
    assertEquals(List.of("1/0", "1/4", "2/1", "2/3", "3/2"), log);
  }

  // scenarios: sched 4
  @Test
  void cancelRemovesExactlyThatEvent() {
    StepClock c = new StepClock();
    Scheduler s = fake(c);
    List<Double> log = new ArrayList<>();
    ScheduledEvent e1 = s.enterabs(.01, 1, () -> log.add(.01));
    s.enterabs(.02, 1, () -> log.add(.02));
    s.enterabs(.03, 1, () -> log.add(.03));
    s.enterabs(.04, 1, () -> log.add(.04));
    ScheduledEvent e5 = s.enterabs(.05, 1, () -> log.add(.05));
    s.cancel(e1);
    s.cancel(e5);
    s.run(true);
    assertEquals(List.of(.02, .03, .04), log);
  }

  @Test
  void secondCancelAndForeignEventAreRejected() {
    StepClock c = new StepClock();
    Scheduler s = fake(c);
    Runnable nothing = () -> {};
    ScheduledEvent e = s.enter(1, 1, nothing);
    s.cancel(e);
    IllegalArgumentException twice =
        assertThrows(IllegalArgumentException.class, () -> s.cancel(e));
    assertTrue(twice.getMessage().contains("not in the queue"), twice.getMessage());

    // An equal-looking event of another scheduler is not this scheduler's event.
    Scheduler other = fake(new StepClock());
    ScheduledEvent mine = s.enter(1, 1, nothing);
    ScheduledEvent theirs = other.enterabs(mine.time(), 1, nothing);
    assertThrows(IllegalArgumentException.class, () -> s.cancel(theirs));
    assertEquals(List.of(mine), s.queue());

    // An event that already ran is not queued any more either.
    s.run(true);
    assertThrows(IllegalArgumentException.class, () -> s.cancel(mine));
    assertThrows(NullPointerException.class, () -> s.cancel(null));
  }

  @Test
  void eventsWithEqualFieldsAreCancelledOneByOne() {
    Scheduler s = fake(new StepClock());
    Runnable same = () -> {};
    ScheduledEvent a = s.enterabs(5, 1, same);
    ScheduledEvent b = s.enterabs(5, 1, same);
    s.cancel(b);
    assertEquals(List.of(a), s.queue());
    assertSame(a, s.queue().get(0));
  }

  // scenarios: sched 5
  @Test
  void emptyAndQueue() {
    StepClock c = new StepClock();
    Scheduler s = fake(c);
    assertTrue(s.empty());
    assertEquals(List.of(), s.queue());
    Runnable r = () -> {};
    ScheduledEvent e5 = s.enterabs(.05, 1, r);
    ScheduledEvent e1 = s.enterabs(.01, 1, r);
    ScheduledEvent e2 = s.enterabs(.02, 1, r);
    ScheduledEvent e4 = s.enterabs(.04, 1, r);
    ScheduledEvent e3 = s.enterabs(.03, 1, r);
    assertFalse(s.empty());
    assertEquals(List.of(e1, e2, e3, e4, e5), s.queue());
    assertEquals(
        List.of(0L, 1L, 2L, 3L, 4L),
        List.of(e5.sequence(), e1.sequence(), e2.sequence(), e4.sequence(), e3.sequence()));
    assertThrows(UnsupportedOperationException.class, () -> s.queue().clear());
    s.run(true);
    assertTrue(s.empty());
  }

  // scenarios: sched 6
  @Test
  void runNonBlockingRunsNothingAndReturnsTheDelay() {
    StepClock c = new StepClock();
    Scheduler s = fake(c);
    List<String> log = new ArrayList<>();
    s.enter(10, 1, () -> log.add("a"));
    s.enter(9, 1, () -> log.add("b"));
    assertEquals(9.0, s.run(false), 1e-9);
    assertEquals(List.of(), log);
    assertEquals(List.of(), c.delays);
    assertEquals(2, s.queue().size());
  }

  @Test
  void runNonBlockingRunsWhatIsDue() {
    StepClock c = new StepClock();
    Scheduler s = fake(c);
    List<String> log = new ArrayList<>();
    s.enterabs(1, 1, () -> log.add("1"));
    s.enterabs(2, 1, () -> log.add("2"));
    s.enterabs(7, 1, () -> log.add("7"));
    c.now = 2;
    assertEquals(5.0, s.run(false), 1e-9);
    assertEquals(List.of("1", "2"), log);
    c.now = 8;
    assertNull(s.run(false));
    assertEquals(List.of("1", "2", "7"), log);
    assertNull(s.run(false), "an empty queue gives null");
  }

  // scenarios: sched 7
  @Test
  void argumentsReachTheAction() {
    // Python's argument=(1, 2), kwargs={'foo': 3}: in Java the action captures them.
    StepClock c = new StepClock();
    Scheduler s = fake(c);
    List<Object> seen = new ArrayList<>();
    record Call(int a, int b, int foo) {}
    int a = 1;
    int b = 2;
    int foo = 3;
    s.enterabs(0.01, 1, () -> seen.add(new Call(a, b, foo)));
    s.run(true);
    assertEquals(List.of(new Call(1, 2, 3)), seen);
  }

  // scenarios: sched 9
  @Test
  void cancelWhileRunningInAnotherThread() throws Exception {
    BlockingQueue<Integer> q = new LinkedBlockingQueue<>();
    Timer timer = new Timer();
    Scheduler s = new Scheduler(timer::time, timer::sleep);
    double now = timer.time();
    s.enterabs(now + 1, 1, () -> q.add(1));
    ScheduledEvent e2 = s.enterabs(now + 2, 1, () -> q.add(2));
    s.enterabs(now + 4, 1, () -> q.add(4));
    ScheduledEvent e5 = s.enterabs(now + 5, 1, () -> q.add(5));
    s.enterabs(now + 3, 1, () -> q.add(3));
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t = Thread.ofPlatform().name("sched-run").start(() -> runCatching(s, failure));
    timer.advance(1);
    assertEquals(1, take(q));
    assertTrue(q.isEmpty());
    s.cancel(e2);
    s.cancel(e5);
    timer.advance(1);
    assertTrue(q.isEmpty());
    timer.advance(1);
    assertEquals(3, take(q));
    assertTrue(q.isEmpty());
    timer.advance(1);
    assertEquals(4, take(q));
    assertTrue(q.isEmpty());
    timer.advance(1000);
    assertTrue(t.join(java.time.Duration.ofSeconds(TIMEOUT_S)), "run() did not return");
    assertNull(failure.get());
    assertTrue(q.isEmpty());
    assertEquals(4.0, timer.time());
  }

  // CPython test_enter_concurrent
  @Test
  void enterWhileRunningInAnotherThread() throws Exception {
    BlockingQueue<Integer> q = new LinkedBlockingQueue<>();
    Timer timer = new Timer();
    Scheduler s = new Scheduler(timer::time, timer::sleep);
    s.enter(1, 1, () -> q.add(1));
    s.enter(3, 1, () -> q.add(3));
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t = Thread.ofPlatform().name("sched-run").start(() -> runCatching(s, failure));
    timer.advance(1);
    assertEquals(1, take(q));
    assertTrue(q.isEmpty());
    for (int x : new int[] {4, 5, 2}) {
      s.enter(x - 1, 1, () -> q.add(x));
    }
    timer.advance(2);
    assertEquals(2, take(q));
    assertEquals(3, take(q));
    assertTrue(q.isEmpty());
    for (int x = 0; x < 2; x++) {
      timer.advance(1);
      assertEquals(4 + x, take(q));
      assertTrue(q.isEmpty());
    }
    assertTrue(t.join(java.time.Duration.ofSeconds(TIMEOUT_S)), "run() did not return");
    assertNull(failure.get());
    assertEquals(5.0, timer.time());
  }

  private static void runCatching(Scheduler s, AtomicReference<Throwable> failure) {
    try {
      s.run(true);
    } catch (Throwable e) {
      failure.set(e);
    }
  }

  @Test
  void actionsEnterAndCancelEventsWhileRunning() {
    StepClock c = new StepClock();
    Scheduler s = fake(c);
    List<String> log = new ArrayList<>();
    ScheduledEvent[] later = new ScheduledEvent[1];
    later[0] = s.enterabs(5, 1, () -> log.add("cancelled one ran"));
    s.enterabs(
        1,
        1,
        () -> {
          log.add("1");
          s.enter(1, 1, () -> log.add("2 (entered by 1)"));
          s.enterabs(1, 0, () -> log.add("due now (entered by 1)"));
          s.cancel(later[0]);
        });
    s.enterabs(3, 1, () -> log.add("3"));
    s.run(true);
    assertEquals(List.of("1", "due now (entered by 1)", "2 (entered by 1)", "3"), log);
    assertEquals(3.0, c.now);
  }

  @Test
  void throwingActionPropagatesAndLeavesTheQueueConsistent() {
    StepClock c = new StepClock();
    Scheduler s = fake(c);
    List<String> log = new ArrayList<>();
    IllegalStateException boom = new IllegalStateException("boom");
    s.enterabs(1, 1, () -> log.add("1"));
    ScheduledEvent bad =
        s.enterabs(
            2,
            1,
            () -> {
              throw boom;
            });
    ScheduledEvent e3 = s.enterabs(3, 1, () -> log.add("3"));
    ScheduledEvent e4 = s.enterabs(4, 1, () -> log.add("4"));
    IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> s.run(true));
    assertSame(boom, thrown);
    assertEquals(List.of("1"), log);
    assertEquals(List.of(e3, e4), s.queue());
    assertThrows(IllegalArgumentException.class, () -> s.cancel(bad));
    assertNull(s.run(true));
    assertEquals(List.of("1", "3", "4"), log);
    assertTrue(s.empty());
  }

  @Test
  void errorsFromActionsPropagateUnchanged() {
    Scheduler s = fake(new StepClock());
    AssertionError err = new AssertionError("err");
    s.enter(
        0,
        1,
        () -> {
          throw err;
        });
    assertSame(err, assertThrows(AssertionError.class, () -> s.run(false)));
    assertTrue(s.empty());
  }

  @Test
  void delayFunctionGetsZeroAfterEachAction() {
    StepClock c = new StepClock();
    Scheduler s = fake(c);
    s.enterabs(2, 1, () -> {});
    s.enterabs(2, 2, () -> {});
    s.run(true);
    assertEquals(List.of(2.0, 0.0, 0.0), c.delays);
  }

  @Test
  void badArguments() {
    Scheduler s = fake(new StepClock());
    assertThrows(IllegalArgumentException.class, () -> s.enterabs(Double.NaN, 1, () -> {}));
    assertThrows(IllegalArgumentException.class, () -> s.enter(Double.NaN, 1, () -> {}));
    NullPointerException npe = assertThrows(NullPointerException.class, () -> s.enter(1, 1, null));
    assertEquals("action", npe.getMessage());
    assertThrows(NullPointerException.class, () -> new Scheduler(null, d -> {}));
    assertThrows(NullPointerException.class, () -> new Scheduler(() -> 0, null));
    assertTrue(s.empty());
  }

  @Test
  void defaultClockRunsDueEventsAndCountsSeconds() {
    Scheduler s = new Scheduler();
    List<String> log = new ArrayList<>();
    s.enter(0, 2, () -> log.add("b"));
    s.enter(-1, 1, () -> log.add("a"));
    s.run(true);
    assertEquals(List.of("a", "b"), log);
    s.enter(3600, 1, () -> log.add("later"));
    double delay = s.run(false);
    assertTrue(delay > 3500 && delay <= 3600, "delay " + delay);
  }

  @Test
  void enteringAnEarlierEventWakesARunWaitingInAnotherThread() throws Exception {
    Scheduler s = new Scheduler();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch early = new CountDownLatch(1);
    List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
    ScheduledEvent late = s.enter(3600, 1, () -> log.add("late"));
    s.enter(
        0,
        1,
        () -> {
          log.add("first");
          started.countDown();
        });
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t = Thread.ofPlatform().name("sched-run").start(() -> runCatching(s, failure));
    assertTrue(started.await(TIMEOUT_S, TimeUnit.SECONDS));
    awaitState(t, Thread.State.TIMED_WAITING);
    s.enter(
        0,
        1,
        () -> {
          log.add("early");
          s.cancel(late);
          early.countDown();
        });
    assertTrue(early.await(TIMEOUT_S, TimeUnit.SECONDS), "the waiting run() was not woken");
    assertTrue(t.join(java.time.Duration.ofSeconds(TIMEOUT_S)), "run() did not return");
    assertNull(failure.get());
    assertEquals(List.of("first", "early"), log);
  }

  @Test
  void cancellingTheAwaitedEventLetsABlockingRunReturn() throws Exception {
    Scheduler s = new Scheduler();
    ScheduledEvent late = s.enter(3600, 1, () -> {});
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t = Thread.ofPlatform().name("sched-run").start(() -> runCatching(s, failure));
    awaitState(t, Thread.State.TIMED_WAITING);
    s.cancel(late);
    assertTrue(t.join(java.time.Duration.ofSeconds(TIMEOUT_S)), "run() did not return");
    assertNull(failure.get());
  }

  @Test
  void interruptingAWaitingRunThrowsCancellationAndKeepsTheQueue() throws Exception {
    Scheduler s = new Scheduler();
    ScheduledEvent late = s.enter(3600, 1, () -> {});
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicReference<Boolean> flag = new AtomicReference<>();
    Thread t =
        Thread.ofPlatform()
            .name("sched-run")
            .start(
                () -> {
                  runCatching(s, failure);
                  flag.set(Thread.currentThread().isInterrupted());
                });
    awaitState(t, Thread.State.TIMED_WAITING);
    t.interrupt();
    assertTrue(t.join(java.time.Duration.ofSeconds(TIMEOUT_S)), "run() did not return");
    assertTrue(failure.get() instanceof CancellationException, String.valueOf(failure.get()));
    assertTrue(flag.get());
    assertEquals(List.of(late), s.queue());
  }

  /** Waits (bounded) until {@code t} is parked in a timed wait: run() is waiting. */
  private static void awaitState(Thread t, Thread.State state) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
    while (t.getState() != state) {
      assertTrue(System.nanoTime() < deadline, "thread never reached " + state);
      Thread.onSpinWait();
    }
  }
}
