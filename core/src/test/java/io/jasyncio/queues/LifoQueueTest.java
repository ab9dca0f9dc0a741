package io.jasyncio.queues;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LifoQueueTest {

  // scenarios: queues 1
  @Test
  void lifoOrder() {
    List<Integer> items =
        Asyncio.runVirtual(
            () -> {
              LifoQueue<Integer> q = new LifoQueue<>();
              for (int i : new int[] {1, 3, 2}) {
                q.put(i);
              }
              return List.of(q.get(), q.get(), q.get());
            });
    assertEquals(List.of(2, 3, 1), items);
  }

  @Test
  void boundedStackAppliesBackPressure() {
    Asyncio.runVirtual(
        () -> {
          LifoQueue<String> q = new LifoQueue<>(2);
          q.put("a");
          q.put("b");
          assertTrue(q.full());
          assertThrows(QueueFull.class, () -> q.putNowait("c"));
          Task<Void> p =
              Asyncio.createTask(
                  () -> {
                    q.put("c");
                    return null;
                  });
          Asyncio.sleep(0);
          assertFalse(p.done());
          assertEquals("b", q.get());
          Asyncio.await(p);
          assertEquals(List.of("c", "a"), List.of(q.get(), q.get()));
          assertThrows(QueueEmpty.class, q::getNowait);
          assertEquals(
              "LifoQueue[size=0, maxsize=2, getters=0, putters=0, unfinished=3]", q.toString());
          return null;
        });
  }

  @Test
  void waitingGettersStillServedFifo() {
    Asyncio.runVirtual(
        () -> {
          LifoQueue<Integer> q = new LifoQueue<>();
          List<Task<Integer>> getters = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            getters.add(Asyncio.createTask(q::get));
          }
          Asyncio.sleep(0);
          q.putNowait(1);
          q.putNowait(2);
          q.putNowait(3);
          // The first getter was woken first; by the time it runs the newest item is on top.
          assertEquals(3, Asyncio.await(getters.get(0)));
          assertEquals(2, Asyncio.await(getters.get(1)));
          assertEquals(1, Asyncio.await(getters.get(2)));
          return null;
        });
  }

  @Test
  void taskDoneAndJoinCountAsInQueue() {
    Asyncio.runVirtual(
        () -> {
          LifoQueue<Integer> q = new LifoQueue<>();
          for (int i = 0; i < 10; i++) {
            q.putNowait(i);
          }
          Task<Void> worker =
              Asyncio.createTask(
                  () -> {
                    while (true) {
                      q.get();
                      Asyncio.sleep(1);
                      q.taskDone();
                    }
                  });
          q.join();
          assertEquals(10.0, Asyncio.getRunningLoop().time());
          assertThrows(IllegalStateException.class, q::taskDone);
          worker.cancel();
          return null;
        });
  }
}
