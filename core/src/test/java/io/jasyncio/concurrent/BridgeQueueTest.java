package io.jasyncio.concurrent;

import static io.jasyncio.concurrent.Threads.awaitParked;
import static io.jasyncio.concurrent.Threads.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.TestBase;
import io.jasyncio.TimerHandle;
import io.jasyncio.queues.QueueEmpty;
import io.jasyncio.queues.QueueFull;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

class BridgeQueueTest extends TestBase {
  private static List<Integer> range(int n) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(i);
    }
    return out;
  }

  /** Waits (bounded) until {@code count} reaches {@code n}: a waiter is in line. */
  private static void awaitCount(IntSupplier count, int n) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Threads.TIMEOUT_S);
    while (count.getAsInt() != n) {
      assertTrue(System.nanoTime() < deadline, "never reached " + n + " waiters");
      Thread.onSpinWait();
    }
  }

  /** Awaits {@code f}, cancelling it if it hangs (so a lost wake-up fails instead of hanging). */
  private static <T> T awaitBounded(Future<T> f) {
    TimerHandle guard = Asyncio.getRunningLoop().callLater(Threads.TIMEOUT_S, () -> f.cancel());
    try {
      return Asyncio.await(f);
    } finally {
      guard.cancel();
    }
  }

  @Test
  void threadToCoroutineInOrderWithBackPressure() throws Exception {
    try (LoopThread lt = new LoopThread()) {
      BridgeQueue<Integer> q = new BridgeQueue<>(lt.loop, 2);
      LoopThread.Submitted<List<Integer>> consumer =
          lt.submit(
              () -> {
                List<Integer> got = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                  got.add(q.get());
                }
                return got;
              });
      for (int i = 0; i < 100; i++) {
        q.putFromThread(i);
      }
      assertEquals(range(100), consumer.get());
      assertTrue(q.empty());
    }
  }

  @Test
  void coroutineToThreadInOrderWithBackPressure() throws Exception {
    try (LoopThread lt = new LoopThread()) {
      BridgeQueue<Integer> q = new BridgeQueue<>(lt.loop, 1);
      LoopThread.Submitted<String> producer =
          lt.submit(
              () -> {
                for (int i = 0; i < 100; i++) {
                  q.put(i);
                }
                return "done";
              });
      List<Integer> got = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        got.add(q.getFromThread());
      }
      assertEquals(range(100), got);
      assertEquals("done", producer.get());
    }
  }

  @Test
  void suspendedCoroutineIsWokenByAThreadPut() throws Exception {
    try (LoopThread lt = new LoopThread()) {
      BridgeQueue<String> q = new BridgeQueue<>(lt.loop, 0);
      LoopThread.Submitted<String> consumer = lt.submit(q::get);
      awaitCount(q::waitingGetters, 1);
      q.putFromThread("x");
      assertEquals("x", consumer.get());
      assertEquals(0, q.waitingGetters());
    }
  }

  @Test
  void suspendedCoroutinePutterIsWokenByAThreadGet() throws Exception {
    try (LoopThread lt = new LoopThread()) {
      BridgeQueue<String> q = new BridgeQueue<>(lt.loop, 1);
      q.putNowait("a");
      LoopThread.Submitted<Integer> producer =
          lt.submit(
              () -> {
                q.put("b");
                return q.qsize();
              });
      awaitCount(q::waitingPutters, 1);
      assertEquals("a", q.getFromThread());
      assertEquals(1, producer.get());
      assertEquals("b", q.getNowait());
    }
  }

  @Test
  void blockedThreadIsWokenByACoroutinePut() throws Exception {
    try (LoopThread lt = new LoopThread()) {
      BridgeQueue<String> q = new BridgeQueue<>(lt.loop, 0);
      Threads.Started<String> getter = start("getter", q::getFromThread);
      awaitParked(getter.thread());
      lt.submit(
              () -> {
                q.put("y");
                return null;
              })
          .get();
      assertEquals("y", getter.result());
    }
  }

  @Test
  void blockedThreadPutterIsWokenByACoroutineGet() throws Exception {
    try (LoopThread lt = new LoopThread()) {
      BridgeQueue<String> q = new BridgeQueue<>(lt.loop, 1);
      q.putFromThread("first");
      Threads.Started<Object> putter =
          start(
              "putter",
              () -> {
                q.putFromThread("second");
                return null;
              });
      awaitParked(putter.thread());
      assertEquals(List.of("first", "second"), lt.submit(() -> List.of(q.get(), q.get())).get());
      putter.result();
    }
  }

  @Test
  void timeoutsAndNowait() {
    try (EventLoop loop = EventLoop.create()) {
      BridgeQueue<String> q = new BridgeQueue<>(loop, 1);
      assertThrows(QueueEmpty.class, () -> q.getFromThread(0.01));
      assertThrows(QueueEmpty.class, () -> q.getFromThread(0));
      assertThrows(QueueEmpty.class, q::getNowait);
      IllegalArgumentException neg =
          assertThrows(IllegalArgumentException.class, () -> q.getFromThread(-1));
      assertTrue(neg.getMessage().contains("non-negative"), neg.getMessage());
      q.putNowait("a");
      assertTrue(q.full());
      QueueFull full = assertThrows(QueueFull.class, () -> q.putNowait("b"));
      assertTrue(full.getMessage().contains("maxsize 1"), full.getMessage());
      assertThrows(QueueFull.class, () -> q.putFromThread("b", 0.01));
      assertThrows(IllegalArgumentException.class, () -> q.putFromThread("b", Double.NaN));
      assertEquals(0, q.waitingGetters());
      assertEquals(0, q.waitingPutters());
      assertEquals("a", q.getFromThread(0.01));
      assertThrows(NullPointerException.class, () -> q.putNowait(null));
      assertThrows(NullPointerException.class, () -> q.putFromThread(null));
    }
  }

  @Test
  void timedThreadGetSucceedsWhenAnItemArrives() throws Exception {
    try (EventLoop loop = EventLoop.create()) {
      BridgeQueue<String> q = new BridgeQueue<>(loop, 0);
      Threads.Started<String> getter = start("getter", () -> q.getFromThread(3600));
      awaitParked(getter.thread());
      q.putNowait("z");
      assertEquals("z", getter.result());
    }
  }

  @Test
  void coroutineFaceOutsideItsLoopIsRejected() {
    try (EventLoop loop = EventLoop.create()) {
      BridgeQueue<String> q = new BridgeQueue<>(loop, 0);
      IllegalStateException e = assertThrows(IllegalStateException.class, q::get);
      assertEquals(
          "get() must be called from a coroutine running on an event loop", e.getMessage());
      assertThrows(IllegalStateException.class, () -> q.put("x"));
      IllegalStateException other =
          assertThrows(IllegalStateException.class, () -> Asyncio.run(() -> q.get()));
      assertTrue(other.getMessage().contains("this queue's loop"), other.getMessage());
      assertTrue(q.empty());
    }
  }

  @Test
  void threadFaceInsideItsLoopIsRejected() {
    Asyncio.run(
        () -> {
          BridgeQueue<String> q = new BridgeQueue<>(Asyncio.getRunningLoop(), 0);
          IllegalStateException e = assertThrows(IllegalStateException.class, q::getFromThread);
          assertTrue(e.getMessage().contains("would block"), e.getMessage());
          assertTrue(e.getMessage().contains("use get()"), e.getMessage());
          IllegalStateException p =
              assertThrows(IllegalStateException.class, () -> q.putFromThread("x"));
          assertTrue(p.getMessage().contains("use put()"), p.getMessage());
          q.putNowait("fine"); // the non-blocking methods work anywhere
          assertEquals("fine", q.get());
          return null;
        });
  }

  @Test
  void coroutinesServedInArrivalOrder() {
    List<String> log =
        Asyncio.run(
            () -> {
              BridgeQueue<Integer> q = new BridgeQueue<>(Asyncio.getRunningLoop(), 0);
              List<String> out = new ArrayList<>();
              List<Task<Object>> ts = new ArrayList<>();
              for (String name : List.of("a", "b", "c")) {
                ts.add(
                    Asyncio.createTask(
                        () -> {
                          out.add(name + q.get());
                          return null;
                        }));
              }
              Asyncio.sleep(0);
              assertEquals(3, q.waitingGetters());
              for (int i = 1; i <= 3; i++) {
                q.put(i);
              }
              for (Task<Object> t : ts) {
                awaitBounded(t);
              }
              return out;
            });
    assertEquals(List.of("a1", "b2", "c3"), log);
  }

  @Test
  void cancelledAfterItsWakeUpAGetterPassesItOn() {
    // The put wakes getter a; a is cancelled in the same step: b must get the item.
    Asyncio.run(
        () -> {
          BridgeQueue<String> q = new BridgeQueue<>(Asyncio.getRunningLoop(), 0);
          Task<String> a = Asyncio.createTask(q::get);
          Task<String> b = Asyncio.createTask(q::get);
          expect(1);
          Asyncio.sleep(0);
          assertEquals(2, q.waitingGetters());
          q.putNowait("item");
          assertTrue(a.cancel());
          expect(2);
          assertEquals("item", awaitBounded(b));
          assertTrue(a.cancelled());
          assertTrue(q.empty());
          assertEquals(0, q.waitingGetters());
          finish(3);
          return null;
        });
  }

  @Test
  void cancelledWaitingGetterLeavesTheLine() {
    Asyncio.run(
        () -> {
          BridgeQueue<String> q = new BridgeQueue<>(Asyncio.getRunningLoop(), 0);
          Task<String> a = Asyncio.createTask(q::get);
          Task<String> b = Asyncio.createTask(q::get);
          Asyncio.sleep(0);
          a.cancel();
          assertThrows(CancelledError.class, () -> Asyncio.await(a));
          assertEquals(1, q.waitingGetters());
          q.put("only");
          assertEquals("only", awaitBounded(b));
          return null;
        });
  }

  @Test
  void cancelledPutterPutsNothing() {
    Asyncio.run(
        () -> {
          BridgeQueue<String> q = new BridgeQueue<>(Asyncio.getRunningLoop(), 1);
          q.put("kept");
          Task<Void> putter =
              Asyncio.createTask(
                  () -> {
                    q.put("dropped");
                    return null;
                  });
          Asyncio.sleep(0);
          assertEquals(1, q.waitingPutters());
          putter.cancel();
          assertThrows(CancelledError.class, () -> Asyncio.await(putter));
          assertEquals(0, q.waitingPutters());
          assertEquals(1, q.qsize());
          assertEquals("kept", q.get());
          assertTrue(q.empty());
          return null;
        });
  }

  @Test
  void cancelledAfterItsWakeUpAPutterPassesItOn() {
    Asyncio.run(
        () -> {
          BridgeQueue<String> q = new BridgeQueue<>(Asyncio.getRunningLoop(), 1);
          q.put("first");
          Task<Void> a =
              Asyncio.createTask(
                  () -> {
                    q.put("a");
                    return null;
                  });
          Task<Void> b =
              Asyncio.createTask(
                  () -> {
                    q.put("b");
                    return null;
                  });
          Asyncio.sleep(0);
          assertEquals(2, q.waitingPutters());
          assertEquals("first", q.getNowait()); // wakes a
          a.cancel();
          awaitBounded(b);
          assertTrue(a.cancelled());
          assertEquals("b", q.getNowait());
          assertTrue(q.empty());
          return null;
        });
  }

  @Test
  void interruptedThreadGetterLeavesTheLine() throws Exception {
    try (EventLoop loop = EventLoop.create()) {
      BridgeQueue<String> q = new BridgeQueue<>(loop, 0);
      Threads.Started<Boolean> getter =
          start(
              "getter",
              () -> {
                try {
                  q.getFromThread();
                  return false;
                } catch (CancellationException e) {
                  return Thread.currentThread().isInterrupted();
                }
              });
      awaitParked(getter.thread());
      assertEquals(1, q.waitingGetters());
      getter.thread().interrupt();
      assertTrue(getter.result());
      assertEquals(0, q.waitingGetters());
      q.putNowait("still here");
      assertEquals("still here", q.getFromThread());
    }
  }

  @Test
  void aCoroutineOfAClosedLoopDoesNotSwallowAWakeUp() throws Exception {
    LoopThread lt = new LoopThread();
    BridgeQueue<String> q = new BridgeQueue<>(lt.loop, 0);
    lt.submit(q::get);
    awaitCount(q::waitingGetters, 1);
    lt.close(); // the loop stops and closes with its getter still in line
    assertTrue(lt.loop.isClosed());
    Threads.Started<String> getter = start("getter", q::getFromThread);
    awaitCount(q::waitingGetters, 2);
    q.putFromThread("for the thread");
    assertEquals("for the thread", getter.result());
    assertEquals(0, q.waitingGetters());
  }

  @Test
  void mixedProducersAndConsumersLoseNothing() throws Exception {
    int perProducer = 5_000;
    try (LoopThread lt = new LoopThread()) {
      BridgeQueue<Integer> q = new BridgeQueue<>(lt.loop, 4);
      List<Integer> got = Collections.synchronizedList(new ArrayList<>());
      List<LoopThread.Submitted<Object>> coroutines = new ArrayList<>();
      List<Threads.Started<Object>> threads = new ArrayList<>();
      for (int p = 0; p < 2; p++) {
        int base = p * perProducer;
        coroutines.add(
            lt.submit(
                () -> {
                  for (int i = 0; i < perProducer; i++) {
                    q.put(base + i);
                  }
                  return null;
                }));
        coroutines.add(
            lt.submit(
                () -> {
                  for (int i = 0; i < perProducer; i++) {
                    got.add(q.get());
                  }
                  return null;
                }));
        int tbase = (2 + p) * perProducer;
        threads.add(
            start(
                "producer-" + p,
                () -> {
                  for (int i = 0; i < perProducer; i++) {
                    q.putFromThread(tbase + i);
                  }
                  return null;
                }));
        threads.add(
            start(
                "consumer-" + p,
                () -> {
                  for (int i = 0; i < perProducer; i++) {
                    got.add(q.getFromThread());
                  }
                  return null;
                }));
      }
      for (Threads.Started<Object> t : threads) {
        t.result();
      }
      for (LoopThread.Submitted<Object> c : coroutines) {
        c.get();
      }
      List<Integer> sorted = new ArrayList<>(got);
      sorted.sort(null);
      assertEquals(range(4 * perProducer), sorted);
      assertTrue(q.empty());
    }
  }

  @Test
  void stateAccessors() {
    try (EventLoop loop = EventLoop.create()) {
      BridgeQueue<Integer> q = new BridgeQueue<>(loop, 0);
      assertSame(loop, q.getLoop());
      assertEquals(0, q.maxsize());
      q.putNowait(1);
      q.putNowait(2);
      assertFalse(q.full(), "unbounded is never full");
      assertEquals(2, q.qsize());
      assertFalse(q.empty());
      assertEquals("BridgeQueue[maxsize=0, qsize=2, getters=0, putters=0]", q.toString());
      assertThrows(NullPointerException.class, () -> new BridgeQueue<Integer>(null, 1));
      assertInstanceOf(Integer.class, q.getNowait());
    }
  }
}
