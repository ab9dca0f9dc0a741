package io.jasyncio.locks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.Printed;
import io.jasyncio.Task;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The examples of the locks package's javadoc ({@code {@snippet class=... region=...}}): each
 * region compiles here, and runs, and what it prints is what its comments say.
 */
class LocksSnippetsTest {
  private int counter;

  /** Stands for a download in the Semaphore example: suspends a moment, returns a page. */
  private static String fetch(String url) {
    Asyncio.sleep(0.1);
    return "page of " + url;
  }

  @Test
  void lock() throws Exception {
    assertEquals(
        List.of("true"),
        Printed.by(
            () -> {
              // @start region="lock"
              Lock lock = new Lock();
              boolean locked = Asyncio.runVirtual(() -> {
                try (Held held = lock.hold()) {      // async with lock:
                  Asyncio.sleep(0.1);                // no other task enters meanwhile
                }
                lock.acquire();                      // or by hand
                try {
                  return lock.locked();
                } finally {
                  lock.release();
                }
              });
              System.out.println(locked);            // true
              // @end
            }));
  }

  @Test
  void hold() {
    Lock lock = new Lock();
    Asyncio.runVirtual(
        () -> {
          // @start region="hold"
          try (Held held = lock.hold()) {
            counter++;
          }
          // @end
          return null;
        });
    assertEquals(1, counter);
  }

  @Test
  void held() {
    Asyncio.runVirtual(
        () -> {
          // @start region="held"
          Lock lock = new Lock();
          try (Held held = lock.hold()) {   // suspends until the lock is acquired
            Asyncio.sleep(0.1);             // the critical section, which may suspend too
          }                                 // released here, also on an exception or a cancellation
          // @end
          assertTrue(!lock.locked());
          return null;
        });
  }

  @Test
  void event() throws Exception {
    assertEquals(
        List.of("go"),
        Printed.by(
            () -> {
              // @start region="event"
              Event ready = new Event();
              String got = Asyncio.runVirtual(() -> {
                Task<String> waiter = Asyncio.createTask(() -> { ready.await(); return "go"; });
                Asyncio.sleep(1);
                ready.set();                          // wakes the waiter
                return Asyncio.await(waiter);
              });
              System.out.println(got);                // go
              // @end
            }));
  }

  @Test
  void condition() throws Exception {
    assertEquals(
        List.of("job-1"),
        Printed.by(
            () ->
                Asyncio.runVirtual(
                    () -> {
                      // @start region="condition"
                      Condition cond = new Condition();
                      ArrayDeque<String> jobs = new ArrayDeque<>();
                      Task<Void> consumer = Asyncio.createTask(() -> {
                        try (Held held = cond.hold()) {
                          String job = cond.awaitFor(jobs::poll);     // suspends until a job is there
                          System.out.println(job);                    // job-1
                        }
                        return null;
                      });
                      Asyncio.sleep(1);
                      try (Held held = cond.hold()) {                 // the producer
                        jobs.add("job-1");
                        cond.signal();
                      }
                      Asyncio.await(consumer);
                      // @end
                      return null;
                    })));
  }

  @Test
  void awaitFor() {
    Condition cond = new Condition();
    int got =
        Asyncio.runVirtual(
            () -> {
              Task<Void> counting =
                  Asyncio.createTask(
                      () -> {
                        for (int i = 0; i < 3; i++) {
                          Asyncio.sleep(1);
                          try (Held held = cond.hold()) {
                            counter++;
                            cond.signalAll();
                          }
                        }
                        return null;
                      });
              try (Held held = cond.hold()) {
                // @start region="awaitFor"
                int n = cond.awaitFor(() -> counter >= 3 ? counter : null);
                // @end
                Asyncio.await(counting);
                return n;
              }
            });
    assertEquals(3, got);
  }

  @Test
  void semaphore() throws Exception {
    List<String> urls = List.of("a", "b", "c");
    assertEquals(
        List.of("[page of a, page of b, page of c]"),
        Printed.by(
            () -> {
              // @start region="semaphore"
              Semaphore limit = new Semaphore(10);
              List<String> pages = Asyncio.runVirtual(() -> {
                List<Task<String>> fetches = new ArrayList<>();
                for (String url : urls) {
                  fetches.add(Asyncio.createTask(() -> {
                    try (Held permit = limit.hold()) {      // at most 10 fetches at a time
                      return fetch(url);
                    }
                  }));
                }
                return Asyncio.await(Asyncio.gather(fetches));
              });
              System.out.println(pages);                    // [page of a, page of b, page of c]
              // @end
            }));
  }

  @Test
  void boundedSemaphore() throws Exception {
    assertEquals(
        List.of("BoundedSemaphore released too many times"),
        Printed.by(
            () -> {
              // @start region="bounded"
              BoundedSemaphore pool = new BoundedSemaphore(2);
              Asyncio.runVirtual(() -> {
                pool.acquire();
                pool.release();
                try {
                  pool.release();                   // one more than was acquired
                } catch (IllegalStateException e) {
                  System.out.println(e.getMessage());   // BoundedSemaphore released too many times
                }
                return null;
              });
              // @end
            }));
  }

  @Test
  void barrier() throws Exception {
    assertEquals(
        List.of("[0, 1, 2]"),
        Printed.by(
            () -> {
              // @start region="barrier"
              Barrier barrier = new Barrier(3);
              List<Integer> arrivals = Asyncio.runVirtual(() -> {
                List<Task<Integer>> tasks = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                  tasks.add(Asyncio.createTask(() -> {
                    Asyncio.sleep(1);                 // phase one
                    int index = barrier.await();      // 0, 1 and 2 in arrival order
                    Asyncio.sleep(1);                 // phase two starts when all three have arrived
                    return index;
                  }));
                }
                return Asyncio.await(Asyncio.gather(tasks));
              });
              System.out.println(arrivals);           // [0, 1, 2]
              // @end
            }));
  }

  @Test
  void brokenBarrier() throws Exception {
    Barrier barrier = new Barrier(2);
    assertEquals(
        List.of("broken"),
        Printed.by(
            () ->
                Asyncio.runVirtual(
                    () -> {
                      Asyncio.getRunningLoop().callLater(1, barrier::abort);
                      // @start region="broken"
                      try {
                        barrier.await();
                      } catch (BrokenBarrierError e) {
                        System.out.println("broken");  // another task called abort() or reset()
                      }
                      // @end
                      return null;
                    })));
  }
}
