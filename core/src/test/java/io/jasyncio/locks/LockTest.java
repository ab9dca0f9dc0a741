package io.jasyncio.locks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Clock;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.TestBase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

// A lost wake-up would leave a virtual-clock loop waiting forever: fail instead of hanging.
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LockTest extends TestBase {

  private static Task<Void> acquirer(Lock lock, List<Integer> result, int tag) {
    return Asyncio.createTask(
        () -> {
          lock.acquire();
          result.add(tag);
          return null;
        });
  }

  // scenarios: locks 1
  @Test
  void waitersAcquireInFifoOrder() {
    Asyncio.runVirtual(
        () -> {
          Lock lock = new Lock();
          List<Integer> result = new ArrayList<>();
          lock.acquire();
          Task<Void> t1 = acquirer(lock, result, 1);
          Task<Void> t2 = acquirer(lock, result, 2);
          Asyncio.sleep(0);
          assertEquals(List.of(), result);
          lock.release();
          Asyncio.sleep(0);
          assertEquals(List.of(1), result);
          Asyncio.sleep(0);
          assertEquals(List.of(1), result);
          Task<Void> t3 = acquirer(lock, result, 3);
          lock.release();
          Asyncio.sleep(0);
          assertEquals(List.of(1, 2), result);
          lock.release();
          Asyncio.sleep(0);
          assertEquals(List.of(1, 2, 3), result);
          assertTrue(t1.done() && t2.done() && t3.done());
          assertTrue(lock.locked());
          return null;
        });
  }

  @Test
  void uncontendedAcquireDoesNotSuspend() {
    try (EventLoop loop = EventLoop.create(Clock.virtual())) {
      Lock lock = new Lock();
      Task<Void> t =
          loop.createTask(
              () -> {
                expect(2);
                lock.acquire();
                expect(3); // no other callback ran in between
                assertTrue(lock.locked());
                lock.release();
                assertFalse(lock.locked());
                return null;
              });
      loop.callSoon(() -> expect(4));
      expect(1);
      loop.runUntilComplete(t);
      finish(5);
    }
  }

  @Test
  void wokenWaiterCannotBeOvertakenByNewcomer() {
    Asyncio.runVirtual(
        () -> {
          Lock lock = new Lock();
          List<String> log = new ArrayList<>();
          lock.acquire();
          Task<Void> waiter =
              Asyncio.createTask(
                  () -> {
                    lock.acquire();
                    log.add("waiter");
                    lock.release();
                    return null;
                  });
          Asyncio.sleep(0);
          lock.release(); // wakes the waiter, which has not run yet
          assertFalse(lock.locked());
          lock.acquire(); // the lock looks free, but the woken waiter comes first
          log.add("newcomer");
          assertTrue(waiter.done());
          lock.release();
          assertEquals(List.of("waiter", "newcomer"), log);
          return null;
        });
  }

  // scenarios: locks 3
  @Test
  void cancelledAcquireLeavesNoWaiter() {
    Asyncio.runVirtual(
        () -> {
          Lock lock = new Lock();
          lock.acquire();
          Task<Void> t =
              Asyncio.createTask(
                  () -> {
                    lock.acquire();
                    return null;
                  });
          Asyncio.getRunningLoop().callSoon(t::cancel);
          assertThrows(CancelledError.class, () -> Asyncio.await(t));
          assertEquals("Lock[locked]", lock.toString());
          lock.release();
          assertEquals("Lock[unlocked]", lock.toString());
          lock.acquire(); // no cancelled waiter stands in the way
          assertTrue(lock.locked());
          return null;
        });
  }

  // scenarios: locks 3
  @Test
  void holderReleasesWhileFirstWaiterIsCancelledNextGetsLock() {
    Asyncio.runVirtual(
        () -> {
          Lock lock = new Lock();
          List<String> got = new ArrayList<>();
          Future<Void> fa = Asyncio.getRunningLoop().createFuture();
          Task<Void> ta = lockit(lock, got, "A", fa);
          Asyncio.sleep(0);
          assertTrue(lock.locked());
          Task<Void> tb = lockit(lock, got, "B", null);
          Asyncio.sleep(0);
          assertEquals("Lock[locked, waiters=1]", lock.toString());
          Task<Void> tc = lockit(lock, got, "C", null);
          Asyncio.sleep(0);
          assertEquals("Lock[locked, waiters=2]", lock.toString());
          // The race: A is about to release while B is cancelled.
          fa.setResult(null);
          tb.cancel();
          Asyncio.sleep(0);
          assertFalse(lock.locked());
          assertTrue(ta.done());
          assertTrue(tb.cancelled());
          Asyncio.await(tc);
          assertEquals(List.of("A", "C"), got);
          return null;
        });
  }

  private static Task<Void> lockit(Lock lock, List<String> got, String name, Future<Void> blocker) {
    return Asyncio.createTask(
        () -> {
          lock.acquire();
          try {
            got.add(name);
            if (blocker != null) {
              Asyncio.await(blocker);
            }
          } finally {
            lock.release();
          }
          return null;
        });
  }

  // scenarios: locks 3
  @Test
  void cancelAndReleaseInOneCallbackGiveExactlyOneAcquisition() {
    for (boolean cancelFirst : new boolean[] {true, false}) {
      Asyncio.runVirtual(
          () -> {
            Lock lock = new Lock();
            int[] calls = {0};
            int[] acquired = {0};
            List<Task<Void>> ts = new ArrayList<>();
            lock.acquire();
            for (int i = 0; i < 3; i++) {
              ts.add(
                  Asyncio.createTask(
                      () -> {
                        calls[0]++;
                        lock.acquire();
                        acquired[0]++;
                        return null;
                      }));
            }
            Asyncio.sleep(0);
            Asyncio.getRunningLoop()
                .callSoon(
                    () -> {
                      if (cancelFirst) {
                        ts.get(0).cancel();
                        lock.release();
                      } else {
                        lock.release(); // wakes t1 ...
                        ts.get(0).cancel(); // ... which is cancelled before it runs
                      }
                    });
            assertThrows(CancelledError.class, () -> Asyncio.await(ts.get(0)));
            Asyncio.sleep(0);
            assertEquals(3, calls[0]);
            assertEquals(1, acquired[0], "exactly one acquisition");
            assertTrue(ts.get(0).cancelled());
            assertTrue(ts.get(1).done());
            assertFalse(ts.get(2).done());
            ts.get(2).cancel();
            Asyncio.sleep(0);
            assertTrue(ts.get(2).cancelled());
            assertTrue(lock.locked()); // still held by t2, which never released it
            return null;
          });
    }
  }

  // scenarios: locks 5
  @Test
  void wokenWaiterThenCancelledPassesLockToNext() {
    Asyncio.runVirtual(
        () -> {
          Lock lock = new Lock();
          lock.acquire();
          Task<Void> tb =
              Asyncio.createTask(
                  () -> {
                    lock.acquire();
                    return null;
                  });
          Asyncio.sleep(0);
          assertEquals("Lock[locked, waiters=1]", lock.toString());
          Task<Void> tc =
              Asyncio.createTask(
                  () -> {
                    lock.acquire();
                    return null;
                  });
          tb.cancel();
          lock.release();
          Asyncio.sleep(0);
          assertTrue(lock.locked());
          assertTrue(tb.cancelled());
          Asyncio.await(tc);
          assertTrue(tc.done() && !tc.cancelled());
          return null;
        });
  }

  @Test
  void wokenWaiterCancelledBeforeRunningWakesTheNextWaiter() {
    Asyncio.runVirtual(
        () -> {
          Lock lock = new Lock();
          List<Integer> result = new ArrayList<>();
          lock.acquire();
          Task<Void> t1 = acquirer(lock, result, 1);
          Task<Void> t2 = acquirer(lock, result, 2);
          Asyncio.sleep(0);
          lock.release(); // t1 woken
          t1.cancel(); // and cancelled before it runs: t2 must get the lock
          Asyncio.sleep(0);
          Asyncio.sleep(0);
          assertTrue(t1.cancelled());
          assertTrue(t2.done());
          assertEquals(List.of(2), result);
          assertTrue(lock.locked());
          return null;
        });
  }

  // scenarios: locks 6
  @Test
  void releaseOfUnlockedLockThrows() {
    Lock lock = new Lock();
    IllegalStateException e = assertThrows(IllegalStateException.class, lock::release);
    assertEquals("Lock is not acquired", e.getMessage());
    // `await lock` (TypeError in Python) cannot be written in Java: Lock is not a Future.
  }

  // scenarios: locks 6
  @Test
  void lockHasNoOwner() {
    Asyncio.runVirtual(
        () -> {
          Lock lock = new Lock();
          Task<Void> owner =
              Asyncio.createTask(
                  () -> {
                    lock.acquire();
                    return null;
                  });
          Asyncio.await(owner);
          assertTrue(lock.locked());
          Task<Void> other =
              Asyncio.createTask(
                  () -> {
                    lock.release(); // any task may release
                    return null;
                  });
          Asyncio.await(other);
          assertFalse(lock.locked());
          lock.acquire();
          lock.release();
          return null;
        });
  }

  @Test
  void holdReleasesOnCloseAlsoOnException() {
    Asyncio.runVirtual(
        () -> {
          Lock lock = new Lock();
          try (Held held = lock.hold()) {
            assertTrue(lock.locked());
          }
          assertFalse(lock.locked());
          IllegalArgumentException boom = new IllegalArgumentException("boom");
          IllegalArgumentException thrown =
              assertThrows(
                  IllegalArgumentException.class,
                  () -> {
                    try (Held held = lock.hold()) {
                      assertTrue(lock.locked());
                      throw boom;
                    }
                  });
          assertSame(boom, thrown);
          assertFalse(lock.locked());
          Held held = lock.hold();
          held.close();
          held.close(); // a second close does nothing
          assertFalse(lock.locked());
          return null;
        });
  }

  @Test
  void holdSerialisesCriticalSections() {
    Asyncio.runVirtual(
        () -> {
          Lock lock = new Lock();
          List<String> log = new ArrayList<>();
          List<Task<Void>> ts = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            String name = "t" + i;
            ts.add(
                Asyncio.createTask(
                    () -> {
                      try (Held held = lock.hold()) {
                        log.add(name + " in");
                        Asyncio.sleep(1);
                        log.add(name + " out");
                      }
                      return null;
                    }));
          }
          for (Task<Void> t : ts) {
            Asyncio.await(t);
          }
          assertEquals(List.of("t0 in", "t0 out", "t1 in", "t1 out", "t2 in", "t2 out"), log);
          assertEquals(3.0, Asyncio.getRunningLoop().time());
          return null;
        });
  }

  @Test
  void cancelledWhileHoldingThroughHoldReleases() {
    Asyncio.runVirtual(
        () -> {
          Lock lock = new Lock();
          Task<Void> t =
              Asyncio.createTask(
                  () -> {
                    try (Held held = lock.hold()) {
                      Asyncio.sleep(10);
                    }
                    return null;
                  });
          Asyncio.sleep(1);
          assertTrue(lock.locked());
          t.cancel();
          assertThrows(CancelledError.class, () -> Asyncio.await(t));
          assertFalse(lock.locked());
          return null;
        });
  }

  @Test
  void suspendingMethodsOutsideCoroutineNameTheMethod() {
    Lock lock = new Lock();
    IllegalStateException e = assertThrows(IllegalStateException.class, lock::acquire);
    assertEquals(
        "acquire() must be called from a coroutine running on an event loop", e.getMessage());
    e = assertThrows(IllegalStateException.class, lock::hold);
    assertEquals("hold() must be called from a coroutine running on an event loop", e.getMessage());
    assertFalse(lock.locked());
  }

  @Test
  void acquireFromLoopCallbackIsNotACoroutine() {
    try (EventLoop loop = EventLoop.create(Clock.virtual())) {
      Lock lock = new Lock();
      List<Throwable> errors = new ArrayList<>();
      loop.callSoon(
          () -> {
            try {
              lock.acquire();
            } catch (IllegalStateException e) {
              errors.add(e);
            }
          });
      loop.runUntilComplete(() -> Asyncio.sleep(0, null));
      assertEquals(1, errors.size());
      assertTrue(
          errors.get(0).getMessage().startsWith("acquire() must be called from a coroutine"));
    }
  }

  @Test
  void lockIsBoundToTheLoopOfItsFirstUse() {
    Lock lock = new Lock();
    Asyncio.runVirtual(
        () -> {
          lock.acquire();
          lock.release();
          return null;
        });
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                Asyncio.runVirtual(
                    () -> {
                      lock.acquire();
                      return null;
                    }));
    assertEquals(
        "Lock[unlocked] is bound to a different event loop than the one running acquire()",
        e.getMessage());
    assertFalse(lock.locked());
  }

  @Test
  void toStringShowsState() {
    Asyncio.runVirtual(
        () -> {
          Lock lock = new Lock();
          assertEquals("Lock[unlocked]", lock.toString());
          lock.acquire();
          assertEquals("Lock[locked]", lock.toString());
          Task<Void> t =
              Asyncio.createTask(
                  () -> {
                    lock.acquire();
                    return null;
                  });
          Asyncio.sleep(0);
          assertEquals("Lock[locked, waiters=1]", lock.toString());
          lock.release();
          Asyncio.await(t);
          assertEquals("Lock[locked]", lock.toString());
          return null;
        });
  }

  @Test
  void manyWaitersAreServedInArrivalOrder() {
    Asyncio.runVirtual(
        () -> {
          Lock lock = new Lock();
          List<Integer> order = new ArrayList<>();
          List<Task<Void>> ts = new ArrayList<>();
          lock.acquire();
          for (int i = 0; i < 100; i++) {
            int n = i;
            ts.add(
                Asyncio.createTask(
                    () -> {
                      try (Held held = lock.hold()) {
                        order.add(n);
                        Asyncio.sleep(0);
                      }
                      return null;
                    }));
            if (i % 10 == 0) {
              Asyncio.sleep(0); // arrivals in several batches
            }
          }
          Asyncio.sleep(0);
          lock.release();
          for (Task<Void> t : ts) {
            Asyncio.await(t);
          }
          List<Integer> expected = new ArrayList<>();
          for (int i = 0; i < 100; i++) {
            expected.add(i);
          }
          assertEquals(expected, order);
          return null;
        });
  }

  @Test
  void newcomerTakesAFreeLockWhenEveryWaiterIsCancelled() {
    Asyncio.runVirtual(
        () -> {
          Lock lock = new Lock();
          lock.acquire();
          Task<Void> t1 =
              Asyncio.createTask(
                  () -> {
                    lock.acquire();
                    return null;
                  });
          Asyncio.sleep(0);
          t1.cancel(); // its waiter is cancelled but still in line until t1 runs
          lock.release();
          assertEquals("Lock[unlocked, waiters=1]", lock.toString());
          lock.acquire(); // no live waiter: does not suspend
          assertFalse(t1.done());
          assertThrows(CancelledError.class, () -> Asyncio.await(t1));
          assertEquals("Lock[locked]", lock.toString());
          return null;
        });
  }
}
