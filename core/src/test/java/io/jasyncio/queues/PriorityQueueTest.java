package io.jasyncio.queues;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PriorityQueueTest {

  record Job(int priority, String name) {}

  // scenarios: queues 1
  @Test
  void naturalOrder() {
    List<Integer> items =
        Asyncio.runVirtual(
            () -> {
              PriorityQueue<Integer> q = new PriorityQueue<>();
              for (int i : new int[] {1, 3, 2}) {
                q.put(i);
              }
              return List.of(q.get(), q.get(), q.get());
            });
    assertEquals(List.of(1, 2, 3), items);
  }

  @Test
  void comparatorOrderAndEqualPrioritiesKeepInsertionOrder() {
    Asyncio.runVirtual(
        () -> {
          PriorityQueue<Job> q = new PriorityQueue<>(0, Comparator.comparingInt(Job::priority));
          String[] names = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"};
          int[] prios = {2, 1, 2, 0, 1, 2, 0, 1, 2, 0};
          for (int i = 0; i < names.length; i++) {
            q.put(new Job(prios[i], names[i]));
          }
          List<String> out = new ArrayList<>();
          while (!q.empty()) {
            out.add(q.get().name());
          }
          assertEquals(List.of("d", "g", "j", "b", "e", "h", "a", "c", "f", "i"), out);
          return null;
        });
  }

  @Test
  void stableUnderManyEqualPriorities() {
    PriorityQueue<Job> q = new PriorityQueue<>(Comparator.comparingInt(Job::priority));
    Random random = new Random(42);
    List<Job> jobs = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      Job job = new Job(random.nextInt(5), "j" + i);
      jobs.add(job);
      q.putNowait(job);
    }
    List<Job> expected = new ArrayList<>(jobs);
    expected.sort(Comparator.comparingInt(Job::priority)); // List.sort is stable
    List<Job> out = new ArrayList<>();
    while (!q.empty()) {
      out.add(q.getNowait());
    }
    assertEquals(expected, out);
  }

  @Test
  void comparableItemsWithEqualKeysKeepInsertionOrder() {
    record Ticket(int priority, String name) implements Comparable<Ticket> {
      @Override
      public int compareTo(Ticket o) {
        return Integer.compare(priority, o.priority);
      }
    }
    PriorityQueue<Ticket> q = new PriorityQueue<>(5);
    q.putNowait(new Ticket(1, "first"));
    q.putNowait(new Ticket(0, "urgent"));
    q.putNowait(new Ticket(1, "second"));
    q.putNowait(new Ticket(1, "third"));
    assertEquals("urgent", q.getNowait().name());
    assertEquals("first", q.getNowait().name());
    assertEquals("second", q.getNowait().name());
    assertEquals("third", q.getNowait().name());
  }

  @Test
  void nonComparableItemWithoutComparatorIsRejected() {
    PriorityQueue<Object> q = new PriorityQueue<>();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> q.putNowait(new Object()));
    assertEquals(
        "PriorityQueue without a comparator needs Comparable items, got java.lang.Object",
        e.getMessage());
    assertTrue(q.empty());
    assertEquals(
        "PriorityQueue[size=0, maxsize=0, getters=0, putters=0, unfinished=0]", q.toString());
  }

  @Test
  void boundedPriorityQueueAppliesBackPressure() {
    Asyncio.runVirtual(
        () -> {
          PriorityQueue<Integer> q = new PriorityQueue<>(2, Comparator.reverseOrder());
          q.put(1);
          q.put(5);
          assertTrue(q.full());
          Task<Void> p =
              Asyncio.createTask(
                  () -> {
                    q.put(3);
                    return null;
                  });
          Asyncio.sleep(0);
          assertFalse(p.done());
          assertEquals(5, q.get());
          Asyncio.await(p);
          assertEquals(List.of(3, 1), List.of(q.get(), q.get()));
          return null;
        });
  }
}
