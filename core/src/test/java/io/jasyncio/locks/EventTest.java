package io.jasyncio.locks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Clock;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.TestBase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

// A lost wake-up would leave a virtual-clock loop waiting forever: fail instead of hanging.
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EventTest extends TestBase {

  private static Task<Boolean> waiter(Event ev, List<Integer> result, int tag) {
    return Asyncio.createTask(
        () -> {
          ev.await();
          result.add(tag);
          return true;
        });
  }

  @Test
  void setWakesAllWaitersAndNewcomersPassAtOnce() {
    Asyncio.runVirtual(
        () -> {
          Event ev = new Event();
          assertFalse(ev.isSet());
          List<Integer> result = new ArrayList<>();
          Task<Boolean> t1 = waiter(ev, result, 1);
          Task<Boolean> t2 = waiter(ev, result, 2);
          Asyncio.sleep(0);
          assertEquals(List.of(), result);
          Task<Boolean> t3 = waiter(ev, result, 3); // first step scheduled before the wake-ups
          ev.set();
          Asyncio.sleep(0);
          assertEquals(List.of(3, 1, 2), result);
          assertTrue(t1.result() && t2.result() && t3.result());
          assertTrue(ev.isSet());
          return null;
        });
  }

  // scenarios: locks 8
  @Test
  void awaitOnSetEventReturnsAtOnce() {
    try (EventLoop loop = EventLoop.create(Clock.virtual())) {
      Event ev = new Event();
      Task<Void> t =
          loop.createTask(
              () -> {
                ev.set();
                expect(2);
                ev.await(); // does not suspend: the next callback has not run yet
                expect(3);
                return null;
              });
      loop.callSoon(() -> expect(4));
      expect(1);
      loop.runUntilComplete(t);
      finish(5);
    }
  }

  // scenarios: locks 8
  @Test
  void setClearSetBeforeWaiterRunsStillWakesIt() {
    Asyncio.runVirtual(
        () -> {
          Event ev = new Event();
          List<Integer> result = new ArrayList<>();
          Task<Boolean> t = waiter(ev, result, 1);
          Asyncio.sleep(0);
          assertEquals(List.of(), result);
          ev.set();
          ev.clear();
          assertFalse(ev.isSet());
          ev.set();
          ev.set();
          assertEquals("Event[set, waiters=1]", ev.toString());
          Asyncio.sleep(0);
          assertEquals(List.of(1), result);
          assertEquals("Event[set]", ev.toString());
          assertTrue(t.done());
          assertTrue(t.result());
          return null;
        });
  }

  // scenarios: locks 8
  @Test
  void setThenClearBeforeWaiterRunsStillWakesIt() {
    Asyncio.runVirtual(
        () -> {
          Event ev = new Event();
          List<Integer> result = new ArrayList<>();
          Task<Boolean> t = waiter(ev, result, 1);
          Asyncio.sleep(0);
          ev.set();
          ev.clear();
          Asyncio.sleep(0);
          assertEquals(List.of(1), result);
          assertTrue(t.result());
          assertFalse(ev.isSet());
          // A later waiter waits for the next set().
          Task<Boolean> t2 = waiter(ev, result, 2);
          Asyncio.sleep(5);
          assertFalse(t2.done());
          ev.set();
          assertTrue(Asyncio.await(t2));
          assertEquals(List.of(1, 2), result);
          return null;
        });
  }

  // scenarios: locks 8
  @Test
  void cancelledWaitLeavesNoWaiter() {
    Asyncio.runVirtual(
        () -> {
          Event ev = new Event();
          Task<Boolean> t = waiter(ev, new ArrayList<>(), 1);
          Asyncio.getRunningLoop().callSoon(t::cancel);
          assertThrows(CancelledError.class, () -> Asyncio.await(t));
          assertEquals("Event[unset]", ev.toString());
          return null;
        });
  }

  @Test
  void waitsOnVirtualTimeUntilSet() {
    double woke =
        Asyncio.runVirtual(
            () -> {
              Event ev = new Event();
              Asyncio.getRunningLoop().callLater(3600, ev::set);
              ev.await();
              return Asyncio.getRunningLoop().time();
            });
    assertEquals(3600.0, woke);
  }

  @Test
  void awaitOutsideCoroutineNamesTheMethod() {
    Event ev = new Event();
    IllegalStateException e = assertThrows(IllegalStateException.class, ev::await);
    assertEquals(
        "await() must be called from a coroutine running on an event loop", e.getMessage());
    ev.set(); // the non-suspending methods work anywhere
    assertTrue(ev.isSet());
    ev.clear();
    assertFalse(ev.isSet());
  }

  @Test
  void eventIsBoundToTheLoopOfItsFirstUse() {
    Event ev = new Event();
    Asyncio.runVirtual(
        () -> {
          Asyncio.getRunningLoop().callSoon(ev::set);
          ev.await();
          return null;
        });
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                Asyncio.runVirtual(
                    () -> {
                      ev.await();
                      return null;
                    }));
    assertEquals(
        "Event[set] is bound to a different event loop than the one running await()",
        e.getMessage());
  }
}
