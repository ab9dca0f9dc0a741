package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CancellationTest extends TestBase {
  private final EventLoop loop = EventLoop.create(Clock.virtual());

  @AfterEach
  void closeLoop() {
    loop.close();
  }

  private void tick() {
    loop.stop();
    loop.runForever();
  }

  // scenarios: tasks 1
  @Test
  void cancelASleepingTask() {
    Task<Integer> t = loop.createTask(() -> { Asyncio.sleep(10); return 12; });
    loop.callSoon(t::cancel);
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
    assertTrue(t.done());
    assertTrue(t.cancelled());
    assertFalse(t.cancel());
    assertThrows(CancelledError.class, t::result);
    assertThrows(CancelledError.class, t::exception);
    assertEquals(0.0, loop.time(), "the sleep was cut short");
  }

  // scenarios: tasks 2
  @Test
  void cancelBeforeTheFirstStep() {
    List<String> log = new ArrayList<>();
    Task<Void> t = loop.createTask(() -> { log.add("ran"); return null; });
    assertTrue(t.cancel());
    assertEquals(1, t.cancelling());
    assertThrows(
        CancelledError.class, () -> loop.runUntilComplete(() -> Asyncio.await(t)));
    assertTrue(t.cancelled());
    assertEquals(List.of(), log, "the body never runs");
  }

  // scenarios: tasks 3
  @Test
  void cancelReachesTheAwaitedFutureAtOnce() {
    Future<Integer> f = loop.createFuture();
    Task<Integer> t = loop.createTask(() -> Asyncio.await(f));
    tick();
    assertTrue(t.cancel());
    assertTrue(f.cancelled(), "straight away");
    assertFalse(t.done());
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
    assertTrue(t.cancelled());
  }

  // scenarios: tasks 4
  @Test
  void awaitedFutureCancelledCancelsTheTask() {
    Future<Integer> f = loop.createFuture();
    Task<Integer> t = loop.createTask(() -> Asyncio.await(f));
    tick();
    assertTrue(f.cancel());
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
    assertTrue(t.cancelled());
  }

  // scenarios: tasks 4
  @Test
  void cancellingBothTaskAndFuture() {
    Future<Integer> f = loop.createFuture();
    Task<Integer> t = loop.createTask(() -> Asyncio.await(f));
    tick();
    assertTrue(f.cancel());
    assertTrue(t.cancel());
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
    assertTrue(t.cancelled());
    assertTrue(f.cancelled());
  }

  // scenarios: tasks 7
  @Test
  void selfCancelThenAwait() {
    List<String> log = new ArrayList<>();
    Task<Void> t =
        loop.createTask(
            () -> {
              Asyncio.currentTask().cancel();
              try {
                Asyncio.sleep(100);
                log.add("slept");
              } catch (CancelledError e) {
                log.add("cancelled at " + Asyncio.getRunningLoop().time());
                throw e;
              }
              return null;
            });
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
    assertEquals(List.of("cancelled at 0.0"), log);
    assertTrue(t.cancelled());
  }

  // scenarios: tasks 8
  @Test
  void selfCancelThenReturn() {
    Task<Integer> t =
        loop.createTask(
            () -> {
              Asyncio.currentTask().cancel();
              return 12;
            });
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
    assertTrue(t.cancelled(), "the result is thrown away");
  }

  // scenarios: tasks 9
  @Test
  void selfCancelThenAwaitASubtask() {
    Future<Integer> fut = loop.createFuture();
    AtomicReference<Task<Integer>> sub = new AtomicReference<>();
    Task<Integer> t =
        loop.createTask(
            () -> {
              Task<Integer> n = Asyncio.createTask(() -> Asyncio.await(fut));
              sub.set(n);
              Asyncio.sleep(0);
              Asyncio.currentTask().cancel();
              return Asyncio.await(n);
            });
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
    assertTrue(t.cancelled());
    assertTrue(sub.get().cancelled());
    assertTrue(fut.cancelled());
  }

  // scenarios: tasks 12
  @Test
  void cancelCounting() {
    Task<Void> t = loop.createTask(() -> Asyncio.sleep(10, null));
    tick();
    assertEquals(0, t.cancelling());
    assertTrue(t.cancel());
    assertEquals(1, t.cancelling());
    assertTrue(t.cancel(), "a second cancel also succeeds (3.11+)");
    assertEquals(2, t.cancelling());
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
    assertFalse(t.cancel());
    assertEquals(2, t.cancelling());
  }

  @Test
  void uncancelTakesBackARequest() {
    List<String> log = new ArrayList<>();
    Task<String> t =
        loop.createTask(
            () -> {
              try {
                Asyncio.sleep(10);
              } catch (CancelledError e) {
                Task<?> me = Asyncio.currentTask();
                log.add("cancelling=" + me.cancelling());
                log.add("uncancel=" + me.uncancel());
                log.add("again=" + me.uncancel());
              }
              Asyncio.sleep(1);
              return "survived";
            });
    tick();
    t.cancel();
    assertEquals("survived", loop.runUntilComplete(t));
    assertEquals(List.of("cancelling=1", "uncancel=0", "again=0"), log);
    assertFalse(t.cancelled());
  }

  @Test
  void uncancelToZeroDropsAPendingCancellation() {
    Task<String> t =
        loop.createTask(
            () -> {
              Task<?> me = Asyncio.currentTask();
              me.cancel();
              assertEquals(1, me.cancelling());
              assertEquals(0, me.uncancel());
              Asyncio.sleep(1);
              return "not cancelled";
            });
    assertEquals("not cancelled", loop.runUntilComplete(t));
  }

  // scenarios: tasks 14
  @Test
  void cancelMessageReachesTheAwaiter() {
    Task<Void> t = loop.createTask(() -> Asyncio.sleep(10, null));
    tick();
    t.cancel("my message");
    CancelledError e =
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(() -> Asyncio.await(t)));
    assertEquals("my message", e.getMessage());
    assertEquals("my message", assertThrows(CancelledError.class, t::result).getMessage());

    Task<Void> u = loop.createTask(() -> Asyncio.sleep(10, null));
    tick();
    u.cancel();
    CancelledError none =
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(() -> Asyncio.await(u)));
    assertNull(none.getMessage());

    Task<Void> v = loop.createTask(() -> null);
    v.cancel("before start");
    assertEquals(
        "before start",
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(v)).getMessage());
  }

  @Test
  void cancelMessageSeenInsideTheCoroutine() {
    AtomicReference<String> seen = new AtomicReference<>();
    Task<Void> t =
        loop.createTask(
            () -> {
              try {
                Asyncio.sleep(10);
              } catch (CancelledError e) {
                seen.set(e.getMessage());
                throw e;
              }
              return null;
            });
    tick();
    t.cancel("inside");
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
    assertEquals("inside", seen.get());
  }

  // scenarios: tasks 15
  @Test
  void fatalErrorDuringCancel() {
    OutOfMemoryError oom = new OutOfMemoryError("pretend");
    Task<Void> t =
        loop.createTask(
            () -> {
              try {
                Asyncio.sleep(10);
              } catch (CancelledError e) {
                throw oom;
              }
              return null;
            });
    loop.callSoon(t::cancel);
    assertSame(oom, assertThrows(OutOfMemoryError.class, () -> loop.runUntilComplete(t)));
    assertTrue(t.done());
    assertFalse(t.cancelled());
    assertSame(oom, t.exception());
    assertFalse(loop.isRunning());
  }

  @Test
  void catchCleanUpAwaitAgainAndReturn() {
    List<String> log = new ArrayList<>();
    Task<String> t =
        loop.createTask(
            () -> {
              try {
                Asyncio.sleep(10);
                return "slept";
              } catch (CancelledError e) {
                log.add("caught");
                Asyncio.sleep(1); // awaiting again after a cancellation is allowed
                log.add("cleaned up");
                return "recovered";
              } finally {
                log.add("finally");
              }
            });
    tick();
    t.cancel();
    assertEquals("recovered", loop.runUntilComplete(t));
    assertFalse(t.cancelled());
    assertEquals(List.of("caught", "cleaned up", "finally"), log);
    assertEquals(1.0, loop.time());
  }

  @Test
  void aSecondCancelWhileCleaningUp() {
    List<String> log = new ArrayList<>();
    Task<String> t =
        loop.createTask(
            () -> {
              try {
                Asyncio.sleep(10);
              } catch (CancelledError e) {
                log.add("first");
              }
              try {
                Asyncio.sleep(10);
              } catch (CancelledError e) {
                log.add("second");
                throw e;
              }
              return "unreachable";
            });
    tick();
    t.cancel();
    tick();
    tick();
    t.cancel();
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
    assertEquals(List.of("first", "second"), log);
    assertEquals(2, t.cancelling());
  }

  @Test
  void catchExceptionDoesNotSwallowCancellation() {
    List<String> log = new ArrayList<>();
    Task<Void> t =
        loop.createTask(
            () -> {
              try {
                Asyncio.sleep(10);
              } catch (Exception e) {
                log.add("swallowed");
              }
              return null;
            });
    tick();
    t.cancel();
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
    assertEquals(List.of(), log);
  }

  @Test
  void cancelTaskWaitingOnATaskThatIgnoresTheCancel() {
    Future<String> gate = loop.createFuture();
    Task<String> stubborn =
        loop.createTask(
            () -> {
              try {
                return Asyncio.await(gate);
              } catch (CancelledError e) {
                return "ignored";
              }
            });
    Task<String> outer = loop.createTask(() -> Asyncio.await(stubborn));
    tick();
    tick();
    assertTrue(outer.cancel());
    assertEquals("ignored", loop.runUntilComplete(outer), "the awaited value comes back");
    assertFalse(outer.cancelled());
    assertEquals(1, outer.cancelling());
  }
}
