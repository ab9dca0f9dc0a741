package io.jasyncio.queues;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Python 3.13's Queue.shutdown(), for each kind of queue. */
@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class QueueShutdownTest {

  static Stream<Arguments> kinds() {
    return Stream.of(
        Arguments.of("Queue", (IntFunction<Queue<String>>) Queue::new),
        Arguments.of("LifoQueue", (IntFunction<Queue<String>>) LifoQueue::new),
        Arguments.of("PriorityQueue", (IntFunction<Queue<String>>) PriorityQueue::new));
  }

  private static void assertEverythingShutDown(Queue<String> q) {
    assertThrows(QueueShutDown.class, () -> q.put("data"));
    assertThrows(QueueShutDown.class, () -> q.putNowait("data"));
    assertThrows(QueueShutDown.class, q::get);
    assertThrows(QueueShutDown.class, q::getNowait);
  }

  private static Task<Void> joiner(Queue<String> q) {
    return Asyncio.createTask(
        () -> {
          q.join();
          return null;
        });
  }

  // scenarios: queues 10
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void shutdownEmpty(String kind, IntFunction<Queue<String>> make) {
    Asyncio.runVirtual(
        () -> {
          Queue<String> q = make.apply(0);
          Task<String> get = Asyncio.createTask(q::get);
          Asyncio.sleep(0); // the get is pending before the shutdown
          q.shutdown(false);
          assertTrue(q.isShutdown());
          assertEquals(0, q.qsize());
          q.join(); // nothing unfinished
          Asyncio.sleep(0);
          assertTrue(get.done());
          QueueShutDown e = assertThrows(QueueShutDown.class, () -> Asyncio.await(get));
          assertEquals("get() on a shut-down, empty queue", e.getMessage());
          assertEverythingShutDown(q);
          assertEquals(
              kind + "[size=0, maxsize=0, getters=0, putters=0, unfinished=0, shutdown]",
              q.toString());
          return null;
        });
  }

  // scenarios: queues 11
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void shutdownNonEmpty(String kind, IntFunction<Queue<String>> make) {
    Asyncio.runVirtual(
        () -> {
          Queue<String> q = make.apply(1);
          q.putNowait("data");
          Task<Void> join = joiner(q);
          Task<Void> put =
              Asyncio.createTask(
                  () -> {
                    q.put("data2");
                    return null;
                  });
          Asyncio.sleep(0);
          assertFalse(put.done());
          q.shutdown(false); // unfinished tasks: 1 -> 1
          assertEquals(1, q.qsize());
          Asyncio.sleep(0);
          assertTrue(put.done());
          QueueShutDown e = assertThrows(QueueShutDown.class, () -> Asyncio.await(put));
          assertEquals("put() on a shut-down queue", e.getMessage());
          assertEquals("data", q.get()); // the item is still there
          Asyncio.sleep(0);
          assertFalse(join.done()); // waits for taskDone
          assertEverythingShutDown(q);
          q.taskDone();
          Asyncio.sleep(0);
          assertTrue(join.done());
          Asyncio.await(join);
          assertThrows(IllegalStateException.class, q::taskDone);
          return null;
        });
  }

  // scenarios: queues 11
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void blockedGettersDrainWhatIsLeftThenGetShutDown(String kind, IntFunction<Queue<String>> make) {
    Asyncio.runVirtual(
        () -> {
          Queue<String> q = make.apply(0);
          List<Task<String>> getters = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            getters.add(Asyncio.createTask(q::get));
          }
          Asyncio.sleep(0);
          q.putNowait("x"); // wakes getter 0
          q.shutdown(); // wakes the others, which find the queue empty
          assertEquals("x", Asyncio.await(getters.get(0)));
          assertThrows(QueueShutDown.class, () -> Asyncio.await(getters.get(1)));
          assertThrows(QueueShutDown.class, () -> Asyncio.await(getters.get(2)));
          return null;
        });
  }

  // scenarios: queues 12
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void shutdownImmediate(String kind, IntFunction<Queue<String>> make) {
    Asyncio.runVirtual(
        () -> {
          Queue<String> q = make.apply(0);
          q.putNowait("data");
          Task<Void> join = joiner(q);
          q.shutdown(true); // unfinished tasks: 1 -> 0
          assertEquals(0, q.qsize());
          Asyncio.sleep(0);
          assertTrue(join.done());
          Asyncio.await(join);
          assertEverythingShutDown(q);
          assertThrows(IllegalStateException.class, q::taskDone);
          return null;
        });
  }

  // scenarios: queues 12
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void shutdownImmediateWithUnfinished(String kind, IntFunction<Queue<String>> make) {
    Asyncio.runVirtual(
        () -> {
          Queue<String> q = make.apply(0);
          q.putNowait("data");
          q.putNowait("data");
          Task<Void> join = joiner(q);
          assertEquals("data", q.get());
          q.shutdown(true); // unfinished tasks: 2 -> 1
          assertEquals(0, q.qsize());
          Asyncio.sleep(0);
          assertFalse(join.done()); // waits for the item already taken
          assertEverythingShutDown(q);
          q.taskDone();
          assertThrows(IllegalStateException.class, q::taskDone);
          Asyncio.sleep(0);
          assertTrue(join.done());
          Asyncio.await(join);
          return null;
        });
  }

  // scenarios: queues 12
  @ParameterizedTest(name = "{0}")
  @MethodSource("kinds")
  void shutdownImmediateWakesBlockedGettersAndPutters(
      String kind, IntFunction<Queue<String>> make) {
    Asyncio.runVirtual(
        () -> {
          Queue<String> full = make.apply(1);
          full.putNowait("a");
          Task<Void> put =
              Asyncio.createTask(
                  () -> {
                    full.put("b");
                    return null;
                  });
          Queue<String> empty = make.apply(0);
          Task<String> get = Asyncio.createTask(empty::get);
          Asyncio.sleep(0);
          full.shutdown(true); // the putter finds room, but the queue is shut down
          empty.shutdown(true);
          assertThrows(QueueShutDown.class, () -> Asyncio.await(put));
          assertThrows(QueueShutDown.class, () -> Asyncio.await(get));
          assertEquals(0, full.qsize());
          assertEquals(
              kind + "[size=0, maxsize=1, getters=0, putters=0, unfinished=0, shutdown]",
              full.toString());
          return null;
        });
  }

  @Test
  void shutdownTwiceIsHarmless() {
    Queue<Integer> q = new Queue<>();
    q.putNowait(1);
    q.shutdown();
    q.shutdown();
    assertEquals(1, q.getNowait());
    q.shutdown(true);
    assertThrows(QueueShutDown.class, q::getNowait);
    q.taskDone();
  }
}
