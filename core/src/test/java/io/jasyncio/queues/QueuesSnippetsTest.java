package io.jasyncio.queues;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.Asyncio;
import io.jasyncio.Printed;
import io.jasyncio.Task;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The examples of the queues package's javadoc ({@code {@snippet class=... region=...}}): each
 * region compiles here, and runs, and what it prints is what its comments say.
 */
class QueuesSnippetsTest {
  private final List<String> handled = new ArrayList<>();

  private void handle(String job) {
    handled.add(job);
  }

  @Test
  void queue() throws Exception {
    assertEquals(
        List.of("5050"),
        Printed.by(
            () -> {
              // @start region="queue"
              Queue<Integer> queue = new Queue<>(10);
              int total = Asyncio.runVirtual(() -> {
                Task<Integer> consumer = Asyncio.createTask(() -> {
                  int sum = 0;
                  while (true) {
                    int n = queue.get();            // suspends while the queue is empty
                    if (n < 0) {
                      return sum;
                    }
                    sum += n;
                  }
                });
                for (int i = 1; i <= 100; i++) {
                  queue.put(i);                     // suspends while 10 items wait
                }
                queue.put(-1);
                return Asyncio.await(consumer);
              });
              System.out.println(total);            // 5050
              // @end
            }));
  }

  @Test
  void lifoQueue() throws Exception {
    assertEquals(
        List.of("[2, 3, 1]"),
        Printed.by(
            () -> {
              // @start region="lifo"
              LifoQueue<Integer> stack = new LifoQueue<>();
              List<Integer> out = Asyncio.runVirtual(() -> {
                stack.put(1);
                stack.put(3);
                stack.put(2);
                return List.of(stack.get(), stack.get(), stack.get());
              });
              System.out.println(out);                // [2, 3, 1]
              // @end
            }));
  }

  @Test
  void priorityQueue() throws Exception {
    assertEquals(
        List.of("first", "later", "last"),
        Printed.by(
            () -> {
              // @start region="priority"
              record Job(int priority, String name) {}
              PriorityQueue<Job> jobs = new PriorityQueue<>(0, Comparator.comparingInt(Job::priority));
              Asyncio.runVirtual(() -> {
                jobs.put(new Job(2, "later"));
                jobs.put(new Job(1, "first"));
                jobs.put(new Job(2, "last"));
                while (!jobs.empty()) {
                  System.out.println(jobs.get().name());   // first, later, last
                }
                return null;
              });
              // @end
            }));
  }

  @Test
  void queueEmpty() throws Exception {
    assertEquals(
        List.of("nothing there"),
        Printed.by(
            () ->
                Asyncio.runVirtual(
                    () -> {
                      Queue<String> queue = new Queue<>();
                      // @start region="empty"
                      try {
                        String item = queue.getNowait();
                      } catch (QueueEmpty e) {
                        System.out.println("nothing there");  // queue.get() would suspend instead
                      }
                      // @end
                      return null;
                    })));
  }

  @Test
  void queueFull() throws Exception {
    assertEquals(
        List.of("no room"),
        Printed.by(
            () ->
                Asyncio.runVirtual(
                    () -> {
                      Queue<String> queue = new Queue<>(1);
                      queue.putNowait("first");
                      String item = "second";
                      // @start region="full"
                      try {
                        queue.putNowait(item);
                      } catch (QueueFull e) {
                        System.out.println("no room");  // queue.put(item) would suspend instead
                      }
                      // @end
                      return null;
                    })));
  }

  @Test
  void queueShutDown() {
    Asyncio.runVirtual(
        () -> {
          Queue<String> queue = new Queue<>();
          queue.putNowait("a");
          queue.putNowait("b");
          queue.shutdown();
          // @start region="shutdown"
          while (true) {
            String job;
            try {
              job = queue.get();
            } catch (QueueShutDown e) {
              break;                          // the producer shut the queue down and it is drained
            }
            handle(job);
            queue.taskDone();
          }
          // @end
          return null;
        });
    assertEquals(List.of("a", "b"), handled);
  }
}
