package io.jasyncio.locks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
class SemaphoreTest extends TestBase {

  private static Task<Boolean> acquirer(Semaphore sem, List<Integer> result, int tag) {
    return Asyncio.createTask(
        () -> {
          sem.acquire();
          result.add(tag);
          return true;
        });
  }

  private static Task<Void> acquireOnly(Semaphore sem) {
    return Asyncio.createTask(
        () -> {
          sem.acquire();
          return null;
        });
  }

  // scenarios: locks 14
  @Test
  void bounds() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
    assertEquals("Semaphore initial value must be >= 0, got -1", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new BoundedSemaphore(-1));
    assertTrue(new Semaphore(0).locked());
    assertFalse(new Semaphore().locked());
    BoundedSemaphore bounded = new BoundedSemaphore();
    IllegalStateException over = assertThrows(IllegalStateException.class, bounded::release);
    assertEquals("BoundedSemaphore released too many times", over.getMessage());
    assertEquals("BoundedSemaphore[unlocked, value=1]", bounded.toString());
  }

  // scenarios: locks 14
  @Test
  void plainSemaphoreMayGoOverItsStartValue() {
    Asyncio.runVirtual(
        () -> {
          Semaphore sem = new Semaphore(1);
          sem.release();
          sem.release();
          assertEquals("Semaphore[unlocked, value=3]", sem.toString());
          for (int i = 0; i < 3; i++) {
            double before = Asyncio.getRunningLoop().time();
            sem.acquire();
            assertEquals(before, Asyncio.getRunningLoop().time());
          }
          assertTrue(sem.locked());
          return null;
        });
  }

  @Test
  void boundedSemaphoreTracksAcquires() {
    Asyncio.runVirtual(
        () -> {
          BoundedSemaphore sem = new BoundedSemaphore(2);
          sem.acquire();
          sem.acquire();
          assertTrue(sem.locked());
          sem.release();
          sem.release();
          assertThrows(IllegalStateException.class, sem::release);
          assertEquals("BoundedSemaphore[unlocked, value=2]", sem.toString());
          try (Held held = sem.hold()) {
            assertEquals("BoundedSemaphore[unlocked, value=1]", sem.toString());
          }
          assertEquals("BoundedSemaphore[unlocked, value=2]", sem.toString());
          return null;
        });
  }

  @Test
  void acquireSuspendsAtZeroAndReleaseWakesInOrder() {
    Asyncio.runVirtual(
        () -> {
          Semaphore sem = new Semaphore(3);
          List<Integer> result = new ArrayList<>();
          sem.acquire();
          sem.acquire();
          assertFalse(sem.locked());
          Task<Boolean> t1 = acquirer(sem, result, 1);
          Task<Boolean> t2 = acquirer(sem, result, 2);
          Task<Boolean> t3 = acquirer(sem, result, 3);
          Asyncio.sleep(0);
          assertEquals(List.of(1), result);
          assertTrue(sem.locked());
          assertEquals("Semaphore[locked, value=0, waiters=2]", sem.toString());

          Task<Boolean> t4 = acquirer(sem, result, 4);
          sem.release();
          sem.release();
          assertEquals("Semaphore[locked, value=0, waiters=2]", sem.toString()); // both woken

          Asyncio.sleep(0);
          assertEquals(List.of(1, 2, 3), result); // t4 came after the woken t2 and t3
          assertTrue(sem.locked());
          assertEquals("Semaphore[locked, value=0, waiters=1]", sem.toString());
          assertTrue(t1.result() && t2.result() && t3.result());
          assertFalse(t4.done());

          sem.release();
          assertTrue(Asyncio.await(t4));
          assertEquals(List.of(1, 2, 3, 4), result);
          return null;
        });
  }

  // scenarios: locks 15
  @Test
  void acquireFifoOrder() {
    Asyncio.runVirtual(
        () -> {
          Semaphore sem = new Semaphore(1);
          List<String> result = new ArrayList<>();
          List<Task<Void>> ts = new ArrayList<>();
          for (String tag : List.of("c1", "c2", "c3")) {
            ts.add(
                Asyncio.createTask(
                    () -> {
                      sem.acquire();
                      result.add(tag + "_1");
                      Asyncio.sleep(0.01);
                      sem.release();

                      sem.acquire();
                      result.add(tag + "_2");
                      Asyncio.sleep(0.01);
                      sem.release();
                      return null;
                    }));
          }
          for (Task<Void> t : ts) {
            Asyncio.await(t);
          }
          assertEquals(List.of("c1_1", "c2_1", "c3_1", "c1_2", "c2_2", "c3_2"), result);
          return null;
        });
  }

  // scenarios: locks 15
  @Test
  void releaseAndInstantReacquireWhileAnotherIsWoken() {
    Asyncio.runVirtual(
        () -> {
          Semaphore sem = new Semaphore(1);
          List<Integer> result = new ArrayList<>();
          Task<Boolean> t1 = acquirer(sem, result, 1);
          Task<Boolean> t2 =
              Asyncio.createTask(
                  () -> {
                    sem.acquire();
                    result.add(2);
                    sem.release();
                    sem.acquire(); // t3 was woken first: wait behind it
                    result.add(4);
                    return true;
                  });
          Task<Boolean> t3 = acquirer(sem, result, 3);
          Asyncio.sleep(0);
          sem.release();
          sem.release();
          for (Task<Boolean> t : List.of(t1, t2, t3)) {
            assertTrue(Asyncio.await(t));
          }
          assertEquals(List.of(1, 2, 3, 4), result);
          return null;
        });
  }

  // scenarios: locks 15
  @Test
  void firstWaiterCancelled() {
    Asyncio.runVirtual(
        () -> {
          Semaphore sem = new Semaphore(0);
          List<Integer> result = new ArrayList<>();
          Task<Boolean> t1 = acquirer(sem, result, 1);
          Task<Boolean> t2 = acquirer(sem, result, 2);
          Task<Boolean> t3 = acquirer(sem, result, 3);
          Asyncio.sleep(0);
          t1.cancel();
          Asyncio.sleep(0);
          sem.release();
          sem.release();
          assertThrows(CancelledError.class, () -> Asyncio.await(t1));
          assertTrue(Asyncio.await(t2));
          assertTrue(Asyncio.await(t3));
          assertEquals(List.of(2, 3), result);
          return null;
        });
  }

  @Test
  void waitersCancelledBeforeBeingWokenDoNotTakePermits() {
    Asyncio.runVirtual(
        () -> {
          Semaphore sem = new Semaphore(0);
          Task<Void> t1 = acquireOnly(sem);
          Task<Void> t2 = acquireOnly(sem);
          Task<Void> t3 = acquireOnly(sem);
          Task<Void> t4 = acquireOnly(sem);
          Asyncio.sleep(0);
          t1.cancel();
          t2.cancel();
          sem.release();
          Asyncio.sleep(0);
          Asyncio.sleep(0);
          assertTrue(t1.cancelled() && t2.cancelled());
          assertTrue(t3.done());
          assertFalse(t4.done());
          t4.cancel();
          Asyncio.sleep(0);
          assertTrue(t4.cancelled());
          return null;
        });
  }

  @Test
  void cancelledWaiterAndReleaseDoNotHang() {
    Asyncio.runVirtual(
        () -> {
          Semaphore sem = new Semaphore(0);
          Task<Void> t1 = acquireOnly(sem);
          Task<Void> t2 = acquireOnly(sem);
          Asyncio.sleep(0);
          t1.cancel();
          sem.release();
          Asyncio.sleep(0);
          Asyncio.sleep(0);
          assertTrue(sem.locked());
          assertTrue(t2.done() && !t2.cancelled());
          return null;
        });
  }

  @Test
  void wokenWaiterCancelledGivesThePermitBack() {
    Asyncio.runVirtual(
        () -> {
          Semaphore sem = new Semaphore(0);
          List<Integer> result = new ArrayList<>();
          Task<Boolean> t1 = acquirer(sem, result, 1);
          Task<Boolean> t2 = acquirer(sem, result, 2);
          Asyncio.sleep(0);
          sem.release(); // wakes t1 ...
          t1.cancel(); // ... which will not use the permit
          assertThrows(CancelledError.class, () -> Asyncio.await(t1));
          assertTrue(Asyncio.await(t2));
          assertEquals(List.of(2), result);
          assertEquals("Semaphore[locked, value=0]", sem.toString());
          return null;
        });
  }

  @Test
  void cancelledHolderDoesNotBlockOthers() {
    Asyncio.runVirtual(
        () -> {
          BoundedSemaphore sem = new BoundedSemaphore(1);
          Task<Void>[] t2 = new Task[1];
          Task<Void> t1 =
              Asyncio.createTask(
                  () -> {
                    try (Held held = sem.hold()) {
                      Asyncio.sleep(0);
                    }
                    t2[0].cancel();
                    return null;
                  });
          t2[0] =
              Asyncio.createTask(
                  () -> {
                    try (Held held = sem.hold()) {
                      throw new AssertionError("t2 must not get the semaphore");
                    }
                  });
          Asyncio.await(t1);
          assertThrows(CancelledError.class, () -> Asyncio.await(t2[0]));
          sem.acquire(); // does not hang
          assertTrue(sem.locked());
          return null;
        });
  }

  @Test
  void cancelledAcquireLeavesNoLiveWaiter() {
    Asyncio.runVirtual(
        () -> {
          Semaphore sem = new Semaphore();
          sem.acquire();
          Task<Void> t = acquireOnly(sem);
          Asyncio.getRunningLoop().callSoon(t::cancel);
          assertThrows(CancelledError.class, () -> Asyncio.await(t));
          assertEquals("Semaphore[locked, value=0]", sem.toString());
          sem.release();
          assertFalse(sem.locked());
          return null;
        });
  }

  @Test
  void releaseWithoutWaitersUnlocks() {
    Asyncio.runVirtual(
        () -> {
          Semaphore sem = new Semaphore();
          sem.acquire();
          assertTrue(sem.locked());
          sem.release();
          assertFalse(sem.locked());
          return null;
        });
  }

  @Test
  void limitsConcurrency() {
    Asyncio.runVirtual(
        () -> {
          Semaphore sem = new Semaphore(3);
          int[] inside = {0};
          int[] most = {0};
          List<Task<Void>> ts = new ArrayList<>();
          for (int i = 0; i < 30; i++) {
            ts.add(
                Asyncio.createTask(
                    () -> {
                      try (Held permit = sem.hold()) {
                        inside[0]++;
                        most[0] = Math.max(most[0], inside[0]);
                        Asyncio.sleep(1);
                        inside[0]--;
                      }
                      return null;
                    }));
          }
          for (Task<Void> t : ts) {
            Asyncio.await(t);
          }
          assertEquals(3, most[0]);
          assertEquals(10.0, Asyncio.getRunningLoop().time()); // 30 tasks, 3 at a time, 1 s each
          assertEquals("Semaphore[unlocked, value=3]", sem.toString());
          return null;
        });
  }

  @Test
  void suspendingMethodsOutsideCoroutineNameTheMethod() {
    Semaphore sem = new Semaphore();
    assertEquals(
        "acquire() must be called from a coroutine running on an event loop",
        assertThrows(IllegalStateException.class, sem::acquire).getMessage());
    assertEquals(
        "hold() must be called from a coroutine running on an event loop",
        assertThrows(IllegalStateException.class, sem::hold).getMessage());
    assertFalse(sem.locked());
  }

  @Test
  void semaphoreIsBoundToTheLoopOfItsFirstUse() {
    Semaphore sem = new Semaphore(2);
    Asyncio.runVirtual(
        () -> {
          sem.acquire();
          return null;
        });
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                Asyncio.runVirtual(
                    () -> {
                      sem.acquire();
                      return null;
                    }));
    assertEquals(
        "Semaphore[unlocked, value=1] is bound to a different event loop than the one running"
            + " acquire()",
        e.getMessage());
  }

  @Test
  void exactInterleavingOfPermits() {
    try (io.jasyncio.EventLoop loop = io.jasyncio.EventLoop.create(io.jasyncio.Clock.virtual())) {
      Semaphore sem = new Semaphore(1);
      Task<Void> a =
          loop.createTask(
              () -> {
                expect(2);
                sem.acquire(); // free: no suspension
                expect(3);
                Asyncio.sleep(0);
                expect(5);
                sem.release(); // hands the permit to b
                expect(6);
                sem.acquire(); // b was woken first: a waits behind it
                expect(8);
                sem.release();
                return null;
              });
      Task<Void> b =
          loop.createTask(
              () -> {
                expect(4);
                sem.acquire();
                expect(7);
                sem.release();
                return null;
              });
      expect(1);
      loop.runUntilComplete(a);
      loop.runUntilComplete(b);
      assertFalse(sem.locked());
      finish(9);
    }
  }
}
