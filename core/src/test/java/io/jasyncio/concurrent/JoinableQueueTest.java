package io.jasyncio.concurrent;

import static io.jasyncio.concurrent.Threads.awaitParked;
import static io.jasyncio.concurrent.Threads.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.queues.QueueEmpty;
import io.jasyncio.queues.QueueFull;
import io.jasyncio.queues.QueueShutDown;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class JoinableQueueTest {
  private static final List<IntFunction<JoinableQueue<Integer>>> ALL_KINDS =
      List.of(JoinableQueue::fifo, JoinableQueue::lifo, JoinableQueue::priority);

  private static List<Integer> drain(JoinableQueue<Integer> q) {
    List<Integer> out = new ArrayList<>();
    while (!q.empty()) {
      out.add(q.getNowait());
    }
    return out;
  }

  // scenarios: queue 1
  @Test
  void orderOfEachKind() {
    JoinableQueue<Integer> fifo = JoinableQueue.fifo(0);
    JoinableQueue<Integer> lifo = JoinableQueue.lifo(0);
    JoinableQueue<Integer> prio = JoinableQueue.priority(0);
    for (JoinableQueue<Integer> q : List.of(fifo, lifo, prio)) {
      q.put(111);
      q.put(333);
      q.put(222);
      assertEquals(3, q.qsize());
    }
    assertEquals(List.of(111, 333, 222), drain(fifo));
    assertEquals(List.of(222, 333, 111), drain(lifo));
    assertEquals(List.of(111, 222, 333), drain(prio));
  }

  @Test
  void priorityTiesKeepInsertionOrderAndComparatorIsUsed() {
    record Job(int prio, String name) {}
    JoinableQueue<Job> q = JoinableQueue.priority(0, Comparator.comparingInt(Job::prio).reversed());
    q.put(new Job(1, "a"));
    q.put(new Job(5, "b"));
    q.put(new Job(1, "c"));
    q.put(new Job(5, "d"));
    q.put(new Job(1, "e"));
    List<String> names = new ArrayList<>();
    while (!q.empty()) {
      names.add(q.get().name());
    }
    assertEquals(List.of("b", "d", "a", "c", "e"), names);
  }

  // scenarios: queue 2
  @Test
  void fullQueueRefusesNonBlockingAndTimedPuts() {
    for (IntFunction<JoinableQueue<Integer>> kind : ALL_KINDS) {
      JoinableQueue<Integer> q = kind.apply(2);
      q.put(1);
      q.putNowait(2);
      assertTrue(q.full());
      QueueFull e = assertThrows(QueueFull.class, () -> q.put(3, false, null));
      assertTrue(e.getMessage().contains("maxsize 2"), e.getMessage());
      assertThrows(QueueFull.class, () -> q.putNowait(3));
      assertThrows(QueueFull.class, () -> q.put(3, true, 0.01));
      assertThrows(QueueFull.class, () -> q.put(3, 0.0));
      assertThrows(QueueFull.class, () -> q.put(3, false, 1000.0), "block=false ignores timeout");
      assertEquals(2, q.qsize());
    }
  }

  // scenarios: queue 2
  @Test
  void emptyQueueRefusesNonBlockingAndTimedGets() {
    for (IntFunction<JoinableQueue<Integer>> kind : ALL_KINDS) {
      JoinableQueue<Integer> q = kind.apply(0);
      assertTrue(q.empty());
      assertFalse(q.full(), "unbounded is never full");
      assertThrows(QueueEmpty.class, () -> q.get(false, null));
      assertThrows(QueueEmpty.class, q::getNowait);
      assertThrows(QueueEmpty.class, () -> q.get(true, 0.01));
      assertThrows(QueueEmpty.class, () -> q.get(0.0));
    }
  }

  // scenarios: queue 2
  @Test
  void blockingPutReturnsOnceAnotherThreadGets() throws Exception {
    JoinableQueue<Integer> q = JoinableQueue.fifo(1);
    q.put(1);
    Threads.Started<Object> putter =
        start(
            "putter",
            () -> {
              q.put(2);
              return null;
            });
    awaitParked(putter.thread());
    assertEquals(1, q.qsize());
    assertEquals(1, q.get());
    putter.result();
    assertEquals(List.of(2), drain(q));
  }

  // scenarios: queue 2
  @Test
  void blockingGetReturnsAfterAPut() throws Exception {
    for (IntFunction<JoinableQueue<Integer>> kind : ALL_KINDS) {
      JoinableQueue<Integer> q = kind.apply(0);
      Threads.Started<Integer> getter = start("getter", q::get);
      Threads.Started<Integer> timedGetter = start("timed-getter", () -> q.get(true, 3600.0));
      awaitParked(getter.thread());
      awaitParked(timedGetter.thread());
      q.put(7);
      q.put(8);
      List<Integer> got = new ArrayList<>(List.of(getter.result(), timedGetter.result()));
      got.sort(null);
      assertEquals(List.of(7, 8), got);
      assertTrue(q.empty());
    }
  }

  @Test
  void timedPutSucceedsWhenRoomAppears() throws Exception {
    JoinableQueue<Integer> q = JoinableQueue.lifo(1);
    q.put(1);
    Threads.Started<Object> putter =
        start(
            "putter",
            () -> {
              q.put(2, 3600);
              return null;
            });
    awaitParked(putter.thread());
    assertEquals(1, q.get());
    putter.result();
    assertEquals(2, q.get());
  }

  // scenarios: queue 3
  @Test
  void negativeTimeoutIsRejected() {
    for (IntFunction<JoinableQueue<Integer>> kind : ALL_KINDS) {
      JoinableQueue<Integer> q = kind.apply(5);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> q.put(1, true, -1.0));
      assertTrue(e.getMessage().contains("non-negative"), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> q.get(true, -1.0));
      assertThrows(IllegalArgumentException.class, () -> q.get(-0.5));
      assertThrows(IllegalArgumentException.class, () -> q.put(1, Double.NaN));
      assertTrue(q.empty());
    }
  }

  @Test
  void nullItemsAreRejected() {
    JoinableQueue<Integer> q = JoinableQueue.fifo(0);
    NullPointerException e = assertThrows(NullPointerException.class, () -> q.put(null));
    assertEquals("item", e.getMessage());
    assertThrows(NullPointerException.class, () -> JoinableQueue.priority(0, null));
    assertEquals(0, q.qsize());
  }

  // scenarios: queue 4
  @Test
  void taskDoneTooOftenIsRejected() {
    JoinableQueue<Integer> q = JoinableQueue.fifo(0);
    IllegalStateException e = assertThrows(IllegalStateException.class, q::taskDone);
    assertEquals("taskDone() called too many times", e.getMessage());
    q.put(1);
    q.get();
    q.taskDone();
    assertThrows(IllegalStateException.class, q::taskDone);
  }

  // scenarios: queue 4
  @Test
  void twoWorkersAndJoin() throws Exception {
    for (IntFunction<JoinableQueue<Integer>> kind : ALL_KINDS) {
      JoinableQueue<Integer> q = kind.apply(0);
      AtomicInteger cum = new AtomicInteger();
      List<Threads.Started<Object>> workers = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        workers.add(
            start(
                "worker-" + w,
                () -> {
                  while (true) {
                    int x = q.get();
                    if (x < 0) {
                      q.taskDone();
                      return null;
                    }
                    cum.addAndGet(x);
                    q.taskDone();
                  }
                }));
      }
      for (int i = 0; i < 100; i++) {
        q.put(i);
      }
      q.join();
      assertEquals(4950, cum.get());
      q.join(); // a second join returns at once
      // Stop the workers with a sentinel below every other item, for each kind of order.
      q.put(-1);
      q.put(-2);
      for (Threads.Started<Object> w : workers) {
        w.result();
      }
      q.join();
    }
  }

  @Test
  void joinBlocksUntilEveryTaskIsDone() throws Exception {
    JoinableQueue<String> q = JoinableQueue.fifo(0);
    q.put("a");
    q.put("b");
    Threads.Started<Object> joiner =
        start(
            "joiner",
            () -> {
              q.join();
              return null;
            });
    awaitParked(joiner.thread());
    q.get();
    q.taskDone();
    q.get();
    assertFalse(joiner.outcome().isDone());
    q.taskDone();
    joiner.result();
  }

  // scenarios: queue 6
  @Test
  void failingComparatorLeavesTheQueueConsistent() throws Exception {
    // The comparator refuses the poison item 9, as a failing _put would.
    Comparator<Integer> order =
        (a, b) -> {
          if (a == 9 || b == 9) {
            throw new IllegalStateException("comparator failed");
          }
          return Integer.compare(a, b);
        };
    JoinableQueue<Integer> q = JoinableQueue.priority(3, order);
    q.put(5);
    q.put(1);
    assertThrows(IllegalStateException.class, () -> q.putNowait(9));
    assertEquals(2, q.qsize());
    q.put(4);
    // Two blocked putters, the poisoned one first in line: its failure must not swallow the
    // wake-up, so the second one still gets the free slot.
    Threads.Started<Object> poisoned =
        start(
            "putter-9",
            () -> {
              q.put(9);
              return null;
            });
    awaitParked(poisoned.thread());
    Threads.Started<Object> healthy =
        start(
            "putter-2",
            () -> {
              q.put(2);
              return null;
            });
    awaitParked(healthy.thread());
    assertEquals(1, q.get());
    assertInstanceOf(IllegalStateException.class, poisoned.failure());
    healthy.result();
    assertEquals(List.of(2, 4, 5), drain(q));
    // Failed puts were not counted as tasks: 4 put, 4 done.
    for (int i = 0; i < 4; i++) {
      q.taskDone();
    }
    assertThrows(IllegalStateException.class, q::taskDone);
    q.join();
  }

  @Test
  void naturalOrderRejectsNonComparableItemsAtOnce() {
    @SuppressWarnings({"unchecked", "rawtypes"})
    JoinableQueue<Object> q = (JoinableQueue) JoinableQueue.<Integer>priority(0);
    assertThrows(ClassCastException.class, () -> q.put(new Object()));
    assertTrue(q.empty());
  }

  // scenarios: queue 7
  @Test
  void shutdownRefusesPutsAndDrainsTheRest() {
    for (IntFunction<JoinableQueue<Integer>> kind : ALL_KINDS) {
      JoinableQueue<Integer> q = kind.apply(0);
      q.put(1);
      q.put(2);
      assertFalse(q.isShutdown());
      q.shutdown(false);
      assertTrue(q.isShutdown());
      QueueShutDown e = assertThrows(QueueShutDown.class, () -> q.put(3));
      assertTrue(e.getMessage().contains("shut down"), e.getMessage());
      assertThrows(QueueShutDown.class, () -> q.putNowait(3));
      assertEquals(2, drain(q).size());
      assertThrows(QueueShutDown.class, q::get);
      assertThrows(QueueShutDown.class, q::getNowait);
      assertThrows(QueueShutDown.class, () -> q.get(1.0));
      q.taskDone();
      q.taskDone();
      q.join();
    }
  }

  // scenarios: queue 7
  @Test
  void immediateShutdownDropsItemsAndReleasesJoin() throws Exception {
    JoinableQueue<Integer> q = JoinableQueue.fifo(0);
    q.put(1);
    q.put(2);
    q.get(); // one taken, not yet done
    Threads.Started<Object> joiner =
        start(
            "joiner",
            () -> {
              q.join();
              return null;
            });
    awaitParked(joiner.thread());
    q.shutdown(true);
    assertThrows(QueueShutDown.class, q::get);
    assertEquals(0, q.qsize());
    q.taskDone(); // the item taken before the shutdown
    assertThrows(IllegalStateException.class, q::taskDone);
    joiner.result();
    q.join();
    q.shutdown(false); // allowed after an immediate one
    assertTrue(q.isShutdown());
  }

  @Test
  void immediateShutdownWithNothingTakenMakesTaskDoneFail() {
    JoinableQueue<Integer> q = JoinableQueue.lifo(0);
    q.put(1);
    q.shutdown(true);
    assertThrows(QueueShutDown.class, q::get);
    assertThrows(IllegalStateException.class, q::taskDone);
    q.join();
  }

  // scenarios: queue 8
  @Test
  void shutdownReleasesBlockedGetters() throws Exception {
    for (boolean immediate : new boolean[] {false, true}) {
      JoinableQueue<Integer> q = JoinableQueue.fifo(0);
      List<Threads.Started<Integer>> getters = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Threads.Started<Integer> g = start("getter-" + i, q::get);
        awaitParked(g.thread());
        getters.add(g);
      }
      // Two items for three blocked getters, put while the lock is free for all of them.
      q.put(10);
      q.put(20);
      if (!immediate) {
        q.shutdown(false);
        List<Integer> got = new ArrayList<>();
        int shutDown = 0;
        for (Threads.Started<Integer> g : getters) {
          try {
            got.add(g.result());
          } catch (java.util.concurrent.ExecutionException e) {
            assertInstanceOf(QueueShutDown.class, e.getCause());
            shutDown++;
          }
        }
        got.sort(null);
        assertEquals(List.of(10, 20), got);
        assertEquals(1, shutDown);
      } else {
        // Let the getters take what they can first, then shut down immediately: whoever is left
        // waiting gets QueueShutDown, and nothing is both taken and dropped.
        q.shutdown(true);
        int taken = 0;
        int shutDown = 0;
        for (Threads.Started<Integer> g : getters) {
          try {
            g.result();
            taken++;
          } catch (java.util.concurrent.ExecutionException e) {
            assertInstanceOf(QueueShutDown.class, e.getCause());
            shutDown++;
          }
        }
        assertEquals(3, taken + shutDown);
        assertTrue(shutDown >= 1);
        assertEquals(0, q.qsize());
      }
    }
  }

  // scenarios: queue 8
  @Test
  void immediateShutdownReleasesAllGettersOfAnEmptyQueue() throws Exception {
    JoinableQueue<Integer> q = JoinableQueue.priority(0);
    List<Threads.Started<Integer>> getters = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Threads.Started<Integer> g = start("getter-" + i, q::get);
      awaitParked(g.thread());
      getters.add(g);
    }
    q.shutdown(true);
    for (Threads.Started<Integer> g : getters) {
      assertInstanceOf(QueueShutDown.class, g.failure());
    }
  }

  // scenarios: queue 8
  @Test
  void shutdownReleasesBlockedPutters() throws Exception {
    for (boolean immediate : new boolean[] {false, true}) {
      JoinableQueue<Integer> q = JoinableQueue.fifo(1);
      q.put(0);
      Threads.Started<Object> p1 =
          start(
              "putter-1",
              () -> {
                q.put(1);
                return null;
              });
      Threads.Started<Object> p2 =
          start(
              "putter-2",
              () -> {
                q.put(2, 3600);
                return null;
              });
      awaitParked(p1.thread());
      awaitParked(p2.thread());
      q.shutdown(immediate);
      assertInstanceOf(QueueShutDown.class, p1.failure());
      assertInstanceOf(QueueShutDown.class, p2.failure());
      assertEquals(immediate ? 0 : 1, q.qsize());
    }
  }

  @Test
  void interruptedGetterGetsCancellationAndKeepsTheFlag() throws Exception {
    JoinableQueue<Integer> q = JoinableQueue.fifo(0);
    AtomicBoolean flag = new AtomicBoolean();
    Threads.Started<Integer> g =
        start(
            "getter",
            () -> {
              try {
                return q.get();
              } finally {
                flag.set(Thread.currentThread().isInterrupted());
              }
            });
    awaitParked(g.thread());
    g.thread().interrupt();
    assertInstanceOf(CancellationException.class, g.failure());
    assertTrue(flag.get());
    q.put(1);
    assertEquals(1, q.getNowait(), "the item is still there for the next getter");
  }

  @Test
  void stateAccessors() {
    JoinableQueue<Integer> q = JoinableQueue.fifo(2);
    assertEquals(2, q.maxsize());
    assertTrue(q.empty());
    q.put(1);
    assertFalse(q.empty());
    assertFalse(q.full());
    q.put(2);
    assertTrue(q.full());
    assertEquals("JoinableQueue[fifo, maxsize=2, qsize=2, unfinished=2]", q.toString());
  }
}
