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
class BarrierTest extends TestBase {

  // scenarios: locks 18
  @Test
  void partiesMustBePositive() {
    assertEquals(
        "parties must be >= 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> new Barrier(0)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Barrier(-4));
    Barrier b = new Barrier(3);
    assertEquals(3, b.parties());
    assertEquals(0, b.nWaiting());
    assertFalse(b.broken());
    assertEquals("Barrier[filling, waiters=0/3]", b.toString());
  }

  // scenarios: locks 18
  @Test
  void arrivalIndicesAndTheLastToArriveResumesFirst() {
    Asyncio.runVirtual(
        () -> {
          int n = 4;
          Barrier barrier = new Barrier(n);
          List<String> log = new ArrayList<>();
          List<Task<Integer>> ts = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            String name = "t" + i;
            ts.add(
                Asyncio.createTask(
                    () -> {
                      log.add("arrive " + name);
                      int index = barrier.await();
                      log.add("resume " + name + " #" + index);
                      return index;
                    }));
            Asyncio.sleep(0);
            if (i < n - 1) {
              assertEquals(i + 1, barrier.nWaiting());
            }
          }
          for (int i = 0; i < n; i++) {
            assertEquals(i, Asyncio.await(ts.get(i)));
          }
          assertEquals(
              List.of(
                  "arrive t0",
                  "arrive t1",
                  "arrive t2",
                  "arrive t3",
                  "resume t3 #3",
                  "resume t0 #0",
                  "resume t1 #1",
                  "resume t2 #2"),
              log);
          assertEquals(0, barrier.nWaiting());
          assertFalse(barrier.broken());
          return null;
        });
  }

  @Test
  void barrierOfOneNeverSuspends() {
    Asyncio.runVirtual(
        () -> {
          Barrier barrier = new Barrier(1);
          for (int i = 0; i < 3; i++) {
            assertEquals(0, barrier.await());
          }
          assertEquals("Barrier[filling, waiters=0/1]", barrier.toString());
          return null;
        });
  }

  @Test
  void barrierIsReusableAndNewcomersWaitForTheDrain() {
    Asyncio.runVirtual(
        () -> {
          int n = 3;
          Barrier barrier = new Barrier(n);
          List<String> log = new ArrayList<>();
          List<Task<Void>> ts = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            String name = "t" + i;
            ts.add(
                Asyncio.createTask(
                    () -> {
                      for (int round = 0; round < 3; round++) {
                        int index = barrier.await();
                        log.add(round + ":" + name + "#" + index);
                      }
                      return null;
                    }));
          }
          for (Task<Void> t : ts) {
            Asyncio.await(t);
          }
          // Every round completes before the next begins, and each index appears once a round.
          assertEquals(9, log.size());
          for (int round = 0; round < 3; round++) {
            List<String> indices = new ArrayList<>();
            for (String entry : log.subList(round * 3, round * 3 + 3)) {
              assertTrue(entry.startsWith(round + ":"), entry);
              indices.add(entry.substring(entry.indexOf('#')));
            }
            indices.sort(null);
            assertEquals(List.of("#0", "#1", "#2"), indices);
          }
          assertEquals(0, barrier.nWaiting());
          return null;
        });
  }

  @Test
  void blockingTasksWhileDraining() {
    Asyncio.runVirtual(
        () -> {
          int n = 5;
          int rewait = 2;
          Barrier barrier = new Barrier(n);
          Barrier nowaiting = new Barrier(n - rewait);
          int[] rewaitN = {rewait};
          List<Task<Void>> ts = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            ts.add(
                Asyncio.createTask(
                    () -> {
                      barrier.await();
                      if (rewaitN[0] > 0) {
                        rewaitN[0]--;
                        barrier.await(); // waits for the next round
                      } else {
                        nowaiting.await(); // the others meet here after the drain ...
                        barrier.await(); // ... then complete the second round
                      }
                      return null;
                    }));
          }
          for (Task<Void> t : ts) {
            Asyncio.await(t);
          }
          assertEquals(0, barrier.nWaiting());
          assertFalse(barrier.broken());
          return null;
        });
  }

  // scenarios: locks 19
  @Test
  void cancelledWaiterLowersNWaiting() {
    Asyncio.runVirtual(
        () -> {
          Barrier barrier = new Barrier(3);
          List<Boolean> results = new ArrayList<>();
          Task<Void> t1 = arrive(barrier, results);
          Asyncio.sleep(0);
          assertEquals(1, barrier.nWaiting());
          Task<Void> t2 = arrive(barrier, results);
          Asyncio.sleep(0);
          assertEquals(2, barrier.nWaiting());
          t1.cancel();
          Asyncio.sleep(0);
          assertEquals(1, barrier.nWaiting());
          assertThrows(CancelledError.class, () -> Asyncio.await(t1));
          assertTrue(t1.cancelled());
          Task<Void> t3 = arrive(barrier, results);
          Asyncio.sleep(0);
          assertEquals(2, barrier.nWaiting());
          Task<Void> t4 = arrive(barrier, results);
          for (Task<Void> t : List.of(t2, t3, t4)) {
            Asyncio.await(t);
          }
          assertEquals(3, results.size());
          assertEquals(0, barrier.nWaiting());
          assertFalse(barrier.broken());
          return null;
        });
  }

  private static Task<Void> arrive(Barrier barrier, List<Boolean> results) {
    return Asyncio.createTask(
        () -> {
          barrier.await();
          results.add(true);
          return null;
        });
  }

  // scenarios: locks 19
  @Test
  void resetWithoutWaiters() {
    Asyncio.runVirtual(
        () -> {
          Barrier barrier = new Barrier(1);
          barrier.reset();
          assertEquals(0, barrier.nWaiting());
          assertFalse(barrier.broken());
          assertEquals(0, barrier.await());
          return null;
        });
  }

  // scenarios: locks 19
  @Test
  void resetWhileTasksWaitBreaksTheirWaitButNotTheBarrier() {
    Asyncio.runVirtual(
        () -> {
          int n = 4;
          Barrier barrier = new Barrier(n);
          List<String> results = new ArrayList<>();
          List<Task<Void>> ts = new ArrayList<>();
          for (int i = 0; i < n - 1; i++) {
            ts.add(
                Asyncio.createTask(
                    () -> {
                      try {
                        barrier.await();
                      } catch (BrokenBarrierError e) {
                        results.add(e.getMessage());
                      }
                      return null;
                    }));
          }
          Asyncio.sleep(0);
          assertEquals(n - 1, barrier.nWaiting());
          barrier.reset();
          assertEquals("Barrier[resetting, waiters=0/4]", barrier.toString());
          // A newcomer during the reset waits for it to end, then counts for the next round.
          Task<Integer> newcomer = Asyncio.createTask(barrier::await);
          for (Task<Void> t : ts) {
            Asyncio.await(t);
          }
          assertEquals(
              List.of(
                  "Abort or reset of barrier",
                  "Abort or reset of barrier",
                  "Abort or reset of barrier"),
              results);
          Asyncio.sleep(0);
          assertEquals(1, barrier.nWaiting());
          assertFalse(barrier.broken());
          assertEquals("Barrier[filling, waiters=1/4]", barrier.toString());
          // The barrier works again.
          List<Task<Integer>> round = new ArrayList<>();
          for (int i = 0; i < n - 1; i++) {
            round.add(Asyncio.createTask(barrier::await));
          }
          assertEquals(0, Asyncio.await(newcomer));
          int sum = 0;
          for (Task<Integer> t : round) {
            sum += Asyncio.await(t);
          }
          assertEquals(1 + 2 + 3, sum);
          return null;
        });
  }

  // scenarios: locks 19
  @Test
  void abortBreaksTheBarrier() {
    Asyncio.runVirtual(
        () -> {
          Barrier one = new Barrier(1);
          one.abort();
          assertEquals(0, one.nWaiting());
          assertTrue(one.broken());
          assertEquals(
              "Barrier aborted", assertThrows(BrokenBarrierError.class, one::await).getMessage());

          Barrier barrier = new Barrier(3);
          List<Task<Integer>> ts = new ArrayList<>();
          ts.add(Asyncio.createTask(barrier::await));
          ts.add(Asyncio.createTask(barrier::await));
          Asyncio.sleep(0);
          assertEquals(2, barrier.nWaiting());
          barrier.abort();
          assertEquals("Barrier[broken, waiters=0/3]", barrier.toString());
          for (Task<Integer> t : ts) {
            BrokenBarrierError e = assertThrows(BrokenBarrierError.class, () -> Asyncio.await(t));
            assertEquals("Abort or reset of barrier", e.getMessage());
          }
          assertTrue(barrier.broken());
          assertThrows(BrokenBarrierError.class, barrier::await);
          assertTrue(barrier.broken());
          // reset() repairs it.
          barrier.reset();
          assertFalse(barrier.broken());
          ts.clear();
          for (int i = 0; i < 3; i++) {
            ts.add(Asyncio.createTask(barrier::await));
          }
          int sum = 0;
          for (Task<Integer> t : ts) {
            sum += Asyncio.await(t);
          }
          assertEquals(3, sum);
          return null;
        });
  }

  @Test
  void abortAfterTripBeforeWaitersRunBreaksTheirWait() {
    Asyncio.runVirtual(
        () -> {
          Barrier barrier = new Barrier(2);
          Task<Integer> first = Asyncio.createTask(barrier::await);
          Asyncio.sleep(0);
          assertEquals(1, barrier.await()); // trips it; the first has not resumed yet
          barrier.abort();
          assertThrows(BrokenBarrierError.class, () -> Asyncio.await(first));
          assertTrue(barrier.broken());
          return null;
        });
  }

  @Test
  void awaitOutsideCoroutineNamesTheMethod() {
    Barrier barrier = new Barrier(2);
    assertEquals(
        "await() must be called from a coroutine running on an event loop",
        assertThrows(IllegalStateException.class, barrier::await).getMessage());
    assertEquals(0, barrier.nWaiting());
  }

  @Test
  void barrierIsBoundToTheLoopOfItsFirstUse() {
    Barrier barrier = new Barrier(1);
    assertEquals(0, Asyncio.runVirtual(barrier::await));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Asyncio.runVirtual(barrier::await));
    assertEquals(
        "Barrier[filling, waiters=0/1] is bound to a different event loop than the one running"
            + " await()",
        e.getMessage());
  }

  @Test
  void exactInterleavingOfATrip() {
    try (io.jasyncio.EventLoop loop = io.jasyncio.EventLoop.create(io.jasyncio.Clock.virtual())) {
      Barrier barrier = new Barrier(3);
      Task<Integer> t0 =
          loop.createTask(
              () -> {
                expect(2);
                int i = barrier.await();
                expect(6);
                return i;
              });
      Task<Integer> t1 =
          loop.createTask(
              () -> {
                expect(3);
                int i = barrier.await();
                expect(7);
                return i;
              });
      Task<Integer> t2 =
          loop.createTask(
              () -> {
                expect(4);
                int i = barrier.await(); // trips it without suspending
                expect(5);
                return i;
              });
      expect(1);
      assertEquals(0, loop.runUntilComplete(t0));
      assertEquals(1, loop.runUntilComplete(t1));
      assertEquals(2, loop.runUntilComplete(t2));
      finish(8);
    }
  }
}
