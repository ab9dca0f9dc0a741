package io.jasyncio.locks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Task;
import io.jasyncio.TestBase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

// A lost wake-up would leave a virtual-clock loop waiting forever: fail instead of hanging.
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConditionTest extends TestBase {

  /** Acquires, waits, appends its tag and returns still holding the lock (never releases). */
  private static Task<Boolean> acquireAndWait(Condition cond, List<Integer> result, int tag) {
    return Asyncio.createTask(
        () -> {
          cond.acquire();
          cond.await();
          result.add(tag);
          return true;
        });
  }

  /** Waits inside hold(): releases the lock when done. */
  private static Task<Boolean> waitHolding(Condition cond, List<Integer> result, int tag) {
    return Asyncio.createTask(
        () -> {
          try (Held held = cond.hold()) {
            cond.await();
            result.add(tag);
          }
          return true;
        });
  }

  // scenarios: locks 9
  @Test
  void signalledWaitersReturnOnlyOnceTheyHoldTheLock() {
    Asyncio.runVirtual(
        () -> {
          Condition cond = new Condition();
          List<Integer> result = new ArrayList<>();
          Task<Boolean> t1 = acquireAndWait(cond, result, 1);
          Task<Boolean> t2 = acquireAndWait(cond, result, 2);
          Task<Boolean> t3 = acquireAndWait(cond, result, 3);
          Asyncio.sleep(0);
          assertEquals(List.of(), result);
          assertFalse(cond.locked());

          cond.acquire();
          cond.signal();
          Asyncio.sleep(0);
          assertEquals(List.of(), result);
          assertTrue(cond.locked());

          cond.release();
          Asyncio.sleep(0);
          assertEquals(List.of(1), result);
          assertTrue(cond.locked()); // t1 returned holding it

          cond.signal(2); // checks only that the lock is held, by anyone
          Asyncio.sleep(0);
          assertEquals(List.of(1), result);
          assertTrue(cond.locked());

          cond.release();
          Asyncio.sleep(0);
          assertEquals(List.of(1, 2), result);
          assertTrue(cond.locked());

          cond.release();
          Asyncio.sleep(0);
          assertEquals(List.of(1, 2, 3), result);
          assertTrue(cond.locked());
          assertTrue(t1.result() && t2.result() && t3.result());
          return null;
        });
  }

  // scenarios: locks 10
  @Test
  void signalWakesNWaitersInFifoOrder() {
    Asyncio.runVirtual(
        () -> {
          Condition cond = new Condition();
          List<Integer> result = new ArrayList<>();
          List<Task<Boolean>> ts =
              List.of(
                  waitHolding(cond, result, 1),
                  waitHolding(cond, result, 2),
                  waitHolding(cond, result, 3));
          Asyncio.sleep(0);
          assertEquals(List.of(), result);
          assertEquals("Condition[unlocked, waiters=3]", cond.toString());
          try (Held held = cond.hold()) {
            cond.signal(1);
          }
          Asyncio.sleep(1);
          assertEquals(List.of(1), result);
          try (Held held = cond.hold()) {
            cond.signal(1);
            cond.signal(2048);
          }
          Asyncio.sleep(1);
          assertEquals(List.of(1, 2, 3), result);
          for (Task<Boolean> t : ts) {
            assertTrue(t.result());
          }
          assertEquals("Condition[unlocked]", cond.toString());
          return null;
        });
  }

  // scenarios: locks 10
  @Test
  void signalAllWakesEveryoneFifo() {
    Asyncio.runVirtual(
        () -> {
          Condition cond = new Condition();
          List<Integer> result = new ArrayList<>();
          for (int i = 1; i <= 5; i++) {
            waitHolding(cond, result, i);
          }
          Asyncio.sleep(0);
          try (Held held = cond.hold()) {
            cond.signalAll();
          }
          Asyncio.sleep(1);
          assertEquals(List.of(1, 2, 3, 4, 5), result);
          return null;
        });
  }

  @Test
  void signalWithoutWaitersAndSignalZeroDoNothing() {
    Asyncio.runVirtual(
        () -> {
          Condition cond = new Condition();
          List<Integer> result = new ArrayList<>();
          try (Held held = cond.hold()) {
            cond.signal(); // nobody waits: the signal is not remembered
          }
          Task<Boolean> t = waitHolding(cond, result, 1);
          Asyncio.sleep(0);
          try (Held held = cond.hold()) {
            cond.signal(0);
            assertThrows(IllegalArgumentException.class, () -> cond.signal(-1));
          }
          Asyncio.sleep(1);
          assertFalse(t.done());
          try (Held held = cond.hold()) {
            cond.signal();
          }
          assertTrue(Asyncio.await(t));
          return null;
        });
  }

  // scenarios: locks 11
  @Test
  void methodsWithoutTheLockThrow() {
    Asyncio.runVirtual(
        () -> {
          Condition cond = new Condition();
          IllegalStateException e = assertThrows(IllegalStateException.class, cond::signal);
          assertEquals("cannot signal on un-acquired lock", e.getMessage());
          assertThrows(IllegalStateException.class, () -> cond.signal(2));
          assertThrows(IllegalStateException.class, cond::signalAll);
          e = assertThrows(IllegalStateException.class, cond::await);
          assertEquals("cannot wait on un-acquired lock", e.getMessage());
          assertThrows(IllegalStateException.class, cond::release);
          assertFalse(cond.locked());
          return null;
        });
  }

  @Test
  void suspendingMethodsOutsideCoroutineNameTheMethod() {
    Condition cond = new Condition();
    assertEquals(
        "await() must be called from a coroutine running on an event loop",
        assertThrows(IllegalStateException.class, cond::await).getMessage());
    assertEquals(
        "awaitFor() must be called from a coroutine running on an event loop",
        assertThrows(IllegalStateException.class, () -> cond.awaitFor(() -> true)).getMessage());
    assertEquals(
        "acquire() must be called from a coroutine running on an event loop",
        assertThrows(IllegalStateException.class, cond::acquire).getMessage());
    assertEquals(
        "hold() must be called from a coroutine running on an event loop",
        assertThrows(IllegalStateException.class, cond::hold).getMessage());
  }

  // scenarios: locks 13
  @Test
  void awaitForKeepsWaitingUntilThePredicateHolds() {
    Asyncio.runVirtual(
        () -> {
          Condition cond = new Condition();
          boolean[] presult = {false};
          int[] calls = {0};
          List<Integer> result = new ArrayList<>();
          Task<Boolean> t =
              Asyncio.createTask(
                  () -> {
                    cond.acquire();
                    Boolean r =
                        cond.awaitFor(
                            () -> {
                              calls[0]++;
                              return presult[0];
                            });
                    assertTrue(cond.locked());
                    result.add(1);
                    cond.release();
                    return r;
                  });
          Asyncio.sleep(0);
          assertEquals(List.of(), result);
          assertEquals(1, calls[0]);

          cond.acquire();
          cond.signal();
          cond.release();
          Asyncio.sleep(0);
          assertEquals(List.of(), result); // woken, predicate still false: waits again
          assertEquals(2, calls[0]);

          presult[0] = true;
          cond.acquire();
          cond.signal();
          cond.release();
          Asyncio.sleep(0);
          assertEquals(List.of(1), result);
          assertEquals(3, calls[0]);
          assertTrue(t.done());
          assertTrue(t.result());
          return null;
        });
  }

  @Test
  void awaitForReturnsThePredicateValue() {
    Asyncio.runVirtual(
        () -> {
          Condition cond = new Condition();
          List<String> jobs = new ArrayList<>();
          Task<String> consumer =
              Asyncio.createTask(
                  () -> {
                    try (Held held = cond.hold()) {
                      return cond.awaitFor(() -> jobs.isEmpty() ? null : jobs.remove(0));
                    }
                  });
          Asyncio.sleep(1);
          try (Held held = cond.hold()) {
            jobs.add("job-1");
            cond.signal();
          }
          assertEquals("job-1", Asyncio.await(consumer));
          return null;
        });
  }

  // scenarios: locks 13
  @Test
  void awaitForWithoutTheLock() {
    Asyncio.runVirtual(
        () -> {
          Condition cond = new Condition();
          // A predicate that holds at once is returned without waiting (and without the lock).
          assertEquals(List.of(1, 2, 3), cond.awaitFor(() -> List.of(1, 2, 3)));
          IllegalStateException e =
              assertThrows(IllegalStateException.class, () -> cond.awaitFor(() -> false));
          assertEquals("cannot wait on un-acquired lock", e.getMessage());
          return null;
        });
  }

  @Test
  void cancelledWaitReacquiresTheLock() {
    Asyncio.runVirtual(
        () -> {
          Condition cond = new Condition();
          cond.acquire();
          Task<Void> w =
              Asyncio.createTask(
                  () -> {
                    cond.await(); // the lock is held (by main): asyncio locks have no owner
                    return null;
                  });
          Asyncio.getRunningLoop().callSoon(w::cancel);
          assertThrows(CancelledError.class, () -> Asyncio.await(w));
          assertEquals("Condition[locked]", cond.toString()); // no waiter left, lock held again
          return null;
        });
  }

  @Test
  void signalledWaiterCancelledWhileTheLockIsContendedStillReacquires() {
    Asyncio.runVirtual(
        () -> {
          Condition cond = new Condition();
          cond.acquire();
          Task<Void> w =
              Asyncio.createTask(
                  () -> {
                    cond.await();
                    return null;
                  });
          Asyncio.sleep(0);
          assertFalse(cond.locked());
          cond.acquire();
          cond.signal();
          Asyncio.getRunningLoop().callSoon(w::cancel);
          Asyncio.getRunningLoop().callSoon(cond::release);
          try {
            Asyncio.await(w);
          } catch (CancelledError e) {
            // either way, the lock must be held again when await() ends
          }
          assertTrue(cond.locked());
          return null;
        });
  }

  @Test
  void cancelledAfterSignalStillReacquiresThenRaises() {
    Asyncio.runVirtual(
        () -> {
          Condition cond = new Condition();
          boolean[] waited = {false};
          boolean[] heldAfter = {false};
          Task<Void> waiter =
              Asyncio.createTask(
                  () -> {
                    try (Held held = cond.hold()) {
                      waited[0] = true;
                      try {
                        cond.await();
                      } finally {
                        heldAfter[0] = cond.locked();
                      }
                    }
                    return null;
                  });
          Asyncio.sleep(1);
          cond.acquire();
          cond.signal();
          Asyncio.sleep(0); // the waiter now waits for the lock
          waiter.cancel();
          Asyncio.sleep(0); // the cancellation is delivered: it keeps waiting for the lock
          assertFalse(waiter.done());
          cond.release();
          Asyncio.sleep(0);
          assertTrue(waiter.cancelled());
          assertTrue(waited[0]);
          assertTrue(heldAfter[0]);
          assertFalse(cond.locked());
          return null;
        });
  }

  @Test
  void cancellationWhileWaitingForSignalIsRethrownUnchanged() {
    Asyncio.runVirtual(
        () -> {
          Condition cond = new Condition();
          CancelledError[] raised = {null};
          Task<Void> task =
              Asyncio.createTask(
                  () -> {
                    try (Held held = cond.hold()) {
                      try {
                        cond.awaitFor(() -> false);
                      } catch (CancelledError e) {
                        raised[0] = e;
                        throw e;
                      }
                    }
                    return null;
                  });
          Asyncio.sleep(0);
          task.cancel("foo");
          CancelledError e = assertThrows(CancelledError.class, () -> Asyncio.await(task));
          assertEquals("foo", e.getMessage());
          assertSame(raised[0], e);
          return null;
        });
  }

  @Test
  void cancellationWhileReacquiringIsRethrownUnchanged() {
    Asyncio.runVirtual(
        () -> {
          Condition cond = new Condition();
          boolean[] wake = {false};
          CancelledError[] raised = {null};
          Task<Void> task =
              Asyncio.createTask(
                  () -> {
                    try (Held held = cond.hold()) {
                      try {
                        cond.awaitFor(() -> wake[0]);
                      } catch (CancelledError e) {
                        raised[0] = e;
                        throw e;
                      }
                    }
                    return null;
                  });
          Asyncio.sleep(0);
          cond.acquire();
          wake[0] = true;
          cond.signal();
          Asyncio.sleep(0); // the task now tries to re-acquire the lock
          task.cancel("foo");
          cond.release();
          CancelledError e = assertThrows(CancelledError.class, () -> Asyncio.await(task));
          assertEquals("foo", e.getMessage());
          assertSame(raised[0], e);
          return null;
        });
  }

  /** Two consumers of a counter; the signal meant for a cancelled one must not be lost. */
  private static List<Task<Void>> consumers(Condition cond, int[] state) {
    List<Task<Void>> c = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      c.add(
          Asyncio.createTask(
              () -> {
                try (Held held = cond.hold()) {
                  while (true) {
                    cond.awaitFor(() -> state[0] != 0);
                    if (state[0] < 0) {
                      return null;
                    }
                    state[0]--;
                  }
                }
              }));
    }
    return c;
  }

  @Test
  void signalledThenCancelledBeforeRunningPassesTheSignalOn() {
    Asyncio.runVirtual(
        () -> {
          Condition cond = new Condition();
          int[] state = {0};
          List<Task<Void>> c = consumers(cond, state);
          Asyncio.sleep(0);
          try (Held held = cond.hold()) {
            state[0]++;
            cond.signal(1); // wakes c0 ...
            c.get(0).cancel(); // ... which is cancelled before it runs
          }
          Asyncio.sleep(0.01);
          assertEquals(0, state[0], "the item was consumed: the signal passed to c1");
          assertTrue(c.get(0).cancelled());
          try (Held held = cond.hold()) {
            state[0] = -1;
            cond.signalAll();
          }
          Asyncio.await(c.get(1));
          assertFalse(cond.locked());
          return null;
        });
  }

  @Test
  void signalledThenCancelledWhileReacquiringPassesTheSignalOn() {
    Asyncio.runVirtual(
        () -> {
          Condition cond = new Condition();
          int[] state = {0};
          List<Task<Void>> c = consumers(cond, state);
          Asyncio.sleep(0);
          try (Held held = cond.hold()) {
            state[0]++;
            cond.signal(1);
            Asyncio.sleep(0); // c0 wakes and waits for the lock
            c.get(0).cancel(); // cancelled while re-acquiring
          }
          Asyncio.sleep(0.01);
          assertEquals(0, state[0], "the item was consumed: the signal passed to c1");
          assertTrue(c.get(0).cancelled());
          try (Held held = cond.hold()) {
            state[0] = -1;
            cond.signalAll();
          }
          Asyncio.await(c.get(1));
          return null;
        });
  }

  @Test
  void conditionsMayShareALock() {
    Asyncio.runVirtual(
        () -> {
          Lock lock = new Lock();
          Condition notEmpty = new Condition(lock);
          Condition notFull = new Condition(lock);
          lock.acquire();
          assertTrue(notEmpty.locked());
          assertTrue(notFull.locked());
          notEmpty.release();
          assertFalse(lock.locked());
          List<String> log = new ArrayList<>();
          Task<Void> t =
              Asyncio.createTask(
                  () -> {
                    try (Held held = notEmpty.hold()) {
                      notEmpty.await();
                      log.add("notEmpty");
                    }
                    return null;
                  });
          Asyncio.sleep(0);
          try (Held held = notFull.hold()) {
            notFull.signalAll(); // another condition's waiters are not woken
          }
          Asyncio.sleep(1);
          assertEquals(List.of(), log);
          try (Held held = notEmpty.hold()) {
            notEmpty.signal();
          }
          Asyncio.await(t);
          assertEquals(List.of("notEmpty"), log);
          assertThrows(NullPointerException.class, () -> new Condition(null));
          return null;
        });
  }

  @Test
  void conditionIsBoundToTheLoopOfItsFirstUse() {
    Condition cond = new Condition();
    Asyncio.runVirtual(
        () -> {
          try (Held held = cond.hold()) {
            assertEquals(1, cond.awaitFor(() -> 1)); // binds without waiting
          }
          return null;
        });
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                Asyncio.runVirtual(
                    () -> {
                      cond.acquire();
                      return null;
                    }));
    assertEquals(
        "Lock[unlocked] is bound to a different event loop than the one running acquire()",
        e.getMessage());
    e =
        assertThrows(
            IllegalStateException.class, () -> Asyncio.runVirtual(() -> cond.awaitFor(() -> true)));
    assertEquals(
        "Condition[unlocked] is bound to a different event loop than the one running awaitFor()",
        e.getMessage());
  }

  @Test
  void exactInterleavingOfSignalAndReacquire() {
    try (io.jasyncio.EventLoop loop = io.jasyncio.EventLoop.create(io.jasyncio.Clock.virtual())) {
      Condition cond = new Condition();
      Task<Void> waiter =
          loop.createTask(
              () -> {
                expect(2);
                try (Held held = cond.hold()) {
                  cond.await(); // releases the lock: the main task can take it
                  expect(6); // after the signal and after main released the lock
                  assertTrue(cond.locked());
                }
                return null;
              });
      Task<Void> main =
          loop.createTask(
              () -> {
                expect(3);
                try (Held held = cond.hold()) {
                  expect(4);
                  cond.signal();
                  Asyncio.sleep(0); // the waiter wakes but must wait for the lock
                  expect(5);
                }
                Asyncio.await(waiter);
                expect(7);
                return null;
              });
      expect(1);
      loop.runUntilComplete(main);
      finish(8);
    }
  }
}
