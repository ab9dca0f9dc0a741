package io.jasyncio.queues;

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
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

// A lost wake-up would leave a virtual-clock loop waiting forever: fail instead of hanging.
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class QueueTest extends TestBase {

  private static <T> Task<T> getter(Queue<T> q) {
    return Asyncio.createTask(q::get);
  }

  private static <T> Task<Void> putter(Queue<T> q, T item) {
    return Asyncio.createTask(
        () -> {
          q.put(item);
          return null;
        });
  }

  // scenarios: queues 1
  @Test
  void fifoOrder() {
    List<Integer> items =
        Asyncio.runVirtual(
            () -> {
              Queue<Integer> q = new Queue<>();
              for (int i : new int[] {1, 3, 2}) {
                q.put(i);
              }
              return List.of(q.get(), q.get(), q.get());
            });
    assertEquals(List.of(1, 3, 2), items);
  }

  @Test
  void emptyFullQsizeMaxsize() {
    Queue<String> q = new Queue<>(2);
    assertEquals(2, q.maxsize());
    assertTrue(q.empty());
    assertFalse(q.full());
    q.putNowait("a");
    assertEquals(1, q.qsize());
    assertFalse(q.empty());
    assertFalse(q.full());
    q.putNowait("b");
    assertTrue(q.full());
    assertEquals("a", q.getNowait());
    assertEquals(1, q.qsize());
    Queue<String> unbounded = new Queue<>();
    assertEquals(0, unbounded.maxsize());
    for (int i = 0; i < 10_000; i++) {
      unbounded.putNowait("x");
    }
    assertFalse(unbounded.full());
    assertFalse(new Queue<String>(-1).full());
    assertThrows(NullPointerException.class, () -> q.putNowait(null));
  }

  // scenarios: queues 2
  @Test
  void maxsizeBackPressure() {
    Asyncio.runVirtual(
        () -> {
          Queue<Integer> q = new Queue<>(2);
          assertEquals(2, q.maxsize());
          List<Integer> haveBeenPut = new ArrayList<>();
          Task<Boolean> t =
              Asyncio.createTask(
                  () -> {
                    for (int i = 0; i < 3; i++) {
                      q.put(i);
                      haveBeenPut.add(i);
                    }
                    return true;
                  });
          Asyncio.sleep(0);
          Asyncio.sleep(0);
          assertEquals(List.of(0, 1), haveBeenPut); // the putter is blocked after two items
          assertEquals(
              "Queue[size=2, maxsize=2, getters=0, putters=1, unfinished=2]", q.toString());
          assertEquals(0, q.get());
          Asyncio.sleep(0); // the putter resumes and puts the last item
          assertEquals(List.of(0, 1, 2), haveBeenPut);
          assertEquals(1, q.get());
          assertEquals(2, q.get());
          assertTrue(t.done());
          assertTrue(t.result());
          return null;
        });
  }

  // scenarios: queues 3
  @Test
  void nonBlockingGetAndPut() {
    Queue<Integer> q = new Queue<>(1);
    assertEquals("queue is empty", assertThrows(QueueEmpty.class, q::getNowait).getMessage());
    q.putNowait(1);
    assertEquals(
        "queue is full (maxsize=1)",
        assertThrows(QueueFull.class, () -> q.putNowait(2)).getMessage());
    assertEquals(1, q.getNowait());
    assertThrows(QueueEmpty.class, q::getNowait);
    // Python's maxsize=1.3 holds 2 items (qsize() >= 1.3 only at 2); maxsize is an int here,
    // so a queue holds exactly maxsize items.
    Queue<Integer> two = new Queue<>(2);
    two.putNowait(1);
    two.putNowait(2);
    assertThrows(QueueFull.class, () -> two.putNowait(3));
    assertEquals(2, two.qsize());
  }

  @Test
  void getSuspendsUntilAPut() {
    try (EventLoop loop = EventLoop.create(Clock.virtual())) {
      Queue<String> q = new Queue<>();
      Task<String> t =
          loop.createTask(
              () -> {
                expect(2);
                String item = q.get();
                expect(4);
                return item;
              });
      loop.callSoon(
          () -> {
            expect(3);
            q.putNowait("x");
          });
      expect(1);
      assertEquals("x", loop.runUntilComplete(t));
      finish(5);
    }
  }

  @Test
  void gettersAndPuttersAreServedFifo() {
    Asyncio.runVirtual(
        () -> {
          Queue<Integer> q = new Queue<>(1);
          List<Task<Integer>> getters = new ArrayList<>();
          for (int i = 0; i < 5; i++) {
            getters.add(getter(q));
          }
          Asyncio.sleep(0);
          assertEquals(
              "Queue[size=0, maxsize=1, getters=5, putters=0, unfinished=0]", q.toString());
          for (int i = 0; i < 5; i++) {
            q.put(i);
          }
          for (int i = 0; i < 5; i++) {
            assertEquals(i, Asyncio.await(getters.get(i)));
          }
          q.putNowait(100);
          List<Task<Void>> putters = new ArrayList<>();
          for (int i = 0; i < 5; i++) {
            putters.add(putter(q, i));
          }
          Asyncio.sleep(0);
          assertEquals(
              "Queue[size=1, maxsize=1, getters=0, putters=5, unfinished=6]", q.toString());
          List<Integer> got = new ArrayList<>();
          for (int i = 0; i < 6; i++) {
            got.add(q.get());
          }
          assertEquals(List.of(100, 0, 1, 2, 3, 4), got);
          return null;
        });
  }

  @Test
  void getWithPuttersWaiting() {
    Asyncio.runVirtual(
        () -> {
          Queue<Integer> q = new Queue<>(1);
          q.putNowait(1);
          Task<Void> p = putter(q, 2);
          Asyncio.sleep(0);
          assertFalse(p.done());
          assertEquals(1, q.get());
          Asyncio.await(p);
          assertEquals(2, q.get());
          return null;
        });
  }

  // scenarios: queues 5
  @Test
  void cancelledGetterIsSkipped() {
    Asyncio.runVirtual(
        () -> {
          Queue<String> q = new Queue<>();
          Task<String> t1 = getter(q);
          Task<String> t2 = getter(q);
          Asyncio.sleep(0);
          t1.cancel();
          Asyncio.sleep(0);
          assertTrue(t1.done());
          q.put("a");
          Asyncio.sleep(0);
          assertEquals("a", Asyncio.await(t2));
          assertTrue(t1.cancelled());
          return null;
        });
  }

  @Test
  void wokenGetterCancelledBeforeRunningLosesNoItem() {
    Asyncio.runVirtual(
        () -> {
          Queue<Integer> q = new Queue<>();
          Task<Integer> reader = getter(q);
          Asyncio.sleep(0);
          q.putNowait(1); // wakes the reader ...
          q.putNowait(2);
          reader.cancel(); // ... which is cancelled before it runs
          assertThrows(CancelledError.class, () -> Asyncio.await(reader));
          Task<Integer> again = getter(q);
          assertEquals(1, Asyncio.await(again)); // 2 here would mean 1 was dropped
          assertEquals(2, q.getNowait());
          return null;
        });
  }

  @Test
  void wokenGetterCancelledPassesTheItemToTheNextGetter() {
    Asyncio.runVirtual(
        () -> {
          Queue<Integer> q = new Queue<>();
          Task<Integer> r1 = getter(q);
          Task<Integer> r2 = getter(q);
          Task<Integer> r3 = getter(q);
          Asyncio.sleep(0);
          q.putNowait(1);
          q.putNowait(2);
          r1.cancel();
          assertThrows(CancelledError.class, () -> Asyncio.await(r1));
          int a = Asyncio.await(r2);
          int b = Asyncio.await(r3);
          assertEquals(Set.of(1, 2), Set.of(a, b));
          assertTrue(q.empty());
          assertEquals(
              "Queue[size=0, maxsize=0, getters=0, putters=0, unfinished=2]", q.toString());
          return null;
        });
  }

  @Test
  void cancelledPutAddsNothingAndCanBeRetried() {
    Asyncio.runVirtual(
        () -> {
          Queue<Integer> q = new Queue<>(1);
          q.putNowait(1);
          Task<Void> writer = putter(q, 2);
          Asyncio.sleep(0);
          assertEquals(1, q.getNowait()); // wakes the writer ...
          writer.cancel(); // ... which is cancelled before it runs
          assertThrows(CancelledError.class, () -> Asyncio.await(writer));
          assertEquals(0, q.qsize()); // nothing was added
          Asyncio.await(putter(q, 2));
          assertEquals(2, q.getNowait());
          assertEquals(0, q.qsize());
          return null;
        });
  }

  @Test
  void wokenPutterCancelledWakesTheNextPutter() {
    Asyncio.runVirtual(
        () -> {
          Queue<Integer> q = new Queue<>(1);
          q.putNowait(0);
          Task<Void> p1 = putter(q, 1);
          Task<Void> p2 = putter(q, 2);
          Asyncio.sleep(0);
          assertEquals(0, q.getNowait()); // wakes p1 ...
          p1.cancel(); // ... which hands its turn to p2
          assertThrows(CancelledError.class, () -> Asyncio.await(p1));
          Asyncio.await(p2);
          assertEquals(2, q.getNowait());
          assertTrue(q.empty());
          return null;
        });
  }

  // scenarios: queues 8
  @Test
  void timedOutGetLeavesNoGetter() {
    Asyncio.runVirtual(
        () -> {
          Queue<Integer> q = new Queue<>(5);
          Task<Integer> get = getter(q);
          // A timeout of 0.1 s, as wait_for(q.get(), 0.1) would impose.
          Asyncio.getRunningLoop().callLater(0.1, get::cancel);
          assertThrows(CancelledError.class, () -> Asyncio.await(get));
          assertEquals(0.1, Asyncio.getRunningLoop().time(), 1e-9);
          assertEquals(
              "Queue[size=0, maxsize=5, getters=0, putters=0, unfinished=0]", q.toString());
          q.putNowait(7); // nobody took it
          assertEquals(7, q.getNowait());
          return null;
        });
  }

  // scenarios: queues 8
  @Test
  void cancelledPutLeavesNoPutter() {
    Asyncio.runVirtual(
        () -> {
          Queue<Integer> q = new Queue<>(1);
          q.putNowait(1);
          Task<Void> put = putter(q, 1);
          Asyncio.sleep(0);
          assertEquals(
              "Queue[size=1, maxsize=1, getters=0, putters=1, unfinished=1]", q.toString());
          put.cancel();
          assertThrows(CancelledError.class, () -> Asyncio.await(put));
          assertEquals(
              "Queue[size=1, maxsize=1, getters=0, putters=0, unfinished=1]", q.toString());
          return null;
        });
  }

  @Test
  void gettersWokenByPutsFindTheirItems() {
    Asyncio.runVirtual(
        () -> {
          Queue<Integer> q = new Queue<>(2);
          List<Task<Void>> ts = new ArrayList<>();
          for (int i = 0; i < 4; i++) {
            ts.add(putter(q, i));
          }
          ts.add(
              Asyncio.createTask(
                  () -> {
                    Asyncio.sleep(0);
                    int n = q.qsize();
                    for (int i = 0; i < n; i++) {
                      q.getNowait();
                    }
                    return null;
                  }));
          for (Task<Void> t : ts) {
            Asyncio.await(t); // every putter gets in: none waits forever
          }
          assertEquals(2, q.qsize());
          return null;
        });
  }

  // scenarios: queues 9
  @Test
  void taskDoneWithNothingPendingThrows() {
    Queue<Integer> q = new Queue<>();
    assertEquals(
        "taskDone() called too many times",
        assertThrows(IllegalStateException.class, q::taskDone).getMessage());
    q.putNowait(1);
    q.getNowait();
    q.taskDone();
    assertThrows(IllegalStateException.class, q::taskDone);
  }

  // scenarios: queues 9
  @Test
  void joinOnEmptyQueueReturnsAtOnce() {
    try (EventLoop loop = EventLoop.create(Clock.virtual())) {
      Queue<Integer> q = new Queue<>();
      Task<Void> t =
          loop.createTask(
              () -> {
                expect(2);
                q.join();
                q.join();
                expect(3);
                return null;
              });
      loop.callSoon(() -> expect(4));
      expect(1);
      loop.runUntilComplete(t);
      finish(5);
    }
  }

  // scenarios: queues 9
  @Test
  void joinWaitsForEveryTaskDone() {
    Asyncio.runVirtual(
        () -> {
          Queue<Integer> q = new Queue<>();
          q.put(1);
          q.put(2);
          Task<Void> join =
              Asyncio.createTask(
                  () -> {
                    q.join();
                    return null;
                  });
          Asyncio.sleep(0);
          assertFalse(join.done());
          q.get();
          q.get();
          Asyncio.sleep(0);
          assertFalse(join.done()); // taken, not yet done
          q.taskDone();
          Asyncio.sleep(0);
          assertFalse(join.done());
          q.taskDone();
          Asyncio.sleep(0);
          assertTrue(join.done());
          return null;
        });
  }

  // scenarios: queues 9
  @Test
  void twoWorkersAndJoin() {
    Asyncio.runVirtual(
        () -> {
          Queue<Integer> q = new Queue<>();
          for (int i = 0; i < 100; i++) {
            q.putNowait(i);
          }
          int[] accumulator = {0};
          boolean[] running = {true};
          List<Task<Void>> workers = new ArrayList<>();
          for (int w = 0; w < 2; w++) {
            workers.add(
                Asyncio.createTask(
                    () -> {
                      while (running[0]) {
                        int item = q.get();
                        accumulator[0] += item;
                        q.taskDone();
                      }
                      return null;
                    }));
          }
          q.join();
          assertEquals(4950, accumulator[0]);
          running[0] = false;
          for (int i = 0; i < workers.size(); i++) {
            q.putNowait(0);
          }
          for (Task<Void> w : workers) {
            Asyncio.await(w);
          }
          return null;
        });
  }

  @Test
  void suspendingMethodsOutsideCoroutineNameTheMethod() {
    Queue<Integer> q = new Queue<>();
    assertEquals(
        "get() must be called from a coroutine running on an event loop",
        assertThrows(IllegalStateException.class, q::get).getMessage());
    assertEquals(
        "put() must be called from a coroutine running on an event loop",
        assertThrows(IllegalStateException.class, () -> q.put(1)).getMessage());
    assertEquals(
        "join() must be called from a coroutine running on an event loop",
        assertThrows(IllegalStateException.class, q::join).getMessage());
    assertTrue(q.empty());
  }

  @Test
  void queueIsBoundToTheLoopOfItsFirstUse() {
    Queue<Integer> q = new Queue<>();
    Asyncio.runVirtual(
        () -> {
          q.put(1);
          return null;
        });
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Asyncio.runVirtual(q::get));
    assertEquals(
        "Queue[size=1, maxsize=0, getters=0, putters=0, unfinished=1] is bound to a different"
            + " event loop than the one running get()",
        e.getMessage());
    assertEquals(1, q.getNowait());
  }

  @Test
  void subclassHooksDefineTheOrder() {
    // A queue that always returns its largest item, built on the three hooks alone.
    class MaxQueue extends Queue<Integer> {
      private final List<Integer> items = new ArrayList<>();

      MaxQueue(int maxsize) {
        super(maxsize);
      }

      @Override
      protected void putItem(Integer item) {
        items.add(item);
      }

      @Override
      protected Integer getItem() {
        Integer max = items.stream().max(Integer::compare).orElseThrow();
        items.remove(max);
        return max;
      }

      @Override
      protected int itemCount() {
        return items.size();
      }
    }
    Asyncio.runVirtual(
        () -> {
          MaxQueue q = new MaxQueue(3);
          q.put(2);
          q.put(9);
          q.put(4);
          assertTrue(q.full());
          Task<Void> p = putter(q, 1);
          Asyncio.sleep(0);
          assertFalse(p.done());
          assertEquals(9, q.get());
          Asyncio.await(p);
          assertEquals(List.of(4, 2, 1), List.of(q.get(), q.get(), q.get()));
          assertEquals(
              "MaxQueue[size=0, maxsize=3, getters=0, putters=0, unfinished=4]", q.toString());
          return null;
        });
  }

  // scenarios: queues 8
  @Test
  void waitForGetTimesOutLeavesNoGetter() {
    Asyncio.runVirtual(
        () -> {
          Queue<Integer> q = new Queue<>(5);
          assertThrows(io.jasyncio.TimeoutError.class, () -> Asyncio.waitFor(q::get, 0.1));
          assertEquals(
              "Queue[size=0, maxsize=5, getters=0, putters=0, unfinished=0]", q.toString());
          Queue<Integer> full = new Queue<>(1);
          full.putNowait(1);
          assertThrows(
              io.jasyncio.TimeoutError.class,
              () ->
                  Asyncio.waitFor(
                      () -> {
                        full.put(2);
                        return null;
                      },
                      0.1));
          assertEquals(
              "Queue[size=1, maxsize=1, getters=0, putters=0, unfinished=1]", full.toString());
          return null;
        });
  }
}
