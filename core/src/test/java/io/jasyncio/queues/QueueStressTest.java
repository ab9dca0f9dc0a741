package io.jasyncio.queues;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many producers and consumers on one loop: every item arrives exactly once, and the items of each
 * producer arrive in the order it put them. Producers and consumers yield at random points, so the
 * queue goes through full, empty and in-between states with waiters on both sides.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class QueueStressTest {
  private static final int PRODUCERS = 8;
  private static final int CONSUMERS = 8;
  private static final int PER_PRODUCER = 125_000; // 1M items in all

  @Test
  void millionItemsExactlyOnceInPerProducerOrder() {
    long[] received =
        Asyncio.run(
            () -> {
              Queue<Integer> q = new Queue<>(64);
              int[] next = new int[PRODUCERS]; // the next sequence number expected per producer
              long[] perConsumer = new long[CONSUMERS];
              List<Task<Void>> producers = new ArrayList<>();
              for (int p = 0; p < PRODUCERS; p++) {
                int producer = p;
                SplittableRandom random = new SplittableRandom(1000 + p);
                producers.add(
                    Asyncio.createTask(
                        () -> {
                          for (int seq = 0; seq < PER_PRODUCER; seq++) {
                            q.put(producer * PER_PRODUCER + seq);
                            if (random.nextInt(64) == 0) {
                              Asyncio.sleep(0);
                            }
                          }
                          return null;
                        }));
              }
              List<Task<Void>> consumers = new ArrayList<>();
              for (int c = 0; c < CONSUMERS; c++) {
                int consumer = c;
                SplittableRandom random = new SplittableRandom(2000 + c);
                consumers.add(
                    Asyncio.createTask(
                        () -> {
                          while (true) {
                            int item;
                            try {
                              item = q.get();
                            } catch (QueueShutDown e) {
                              return null;
                            }
                            int producer = item / PER_PRODUCER;
                            int seq = item % PER_PRODUCER;
                            if (next[producer] != seq) {
                              throw new AssertionError(
                                  "producer "
                                      + producer
                                      + ": got "
                                      + seq
                                      + ", expected "
                                      + next[producer]);
                            }
                            next[producer]++;
                            perConsumer[consumer]++;
                            q.taskDone();
                            if (random.nextInt(48) == 0) {
                              Asyncio.sleep(0);
                            }
                          }
                        }));
              }
              for (Task<Void> t : producers) {
                Asyncio.await(t);
              }
              q.join();
              q.shutdown();
              for (Task<Void> t : consumers) {
                Asyncio.await(t);
              }
              for (int p = 0; p < PRODUCERS; p++) {
                assertEquals(PER_PRODUCER, next[p], "items of producer " + p);
              }
              assertTrue(q.empty());
              return perConsumer;
            });
    long total = 0;
    for (long n : received) {
      assertTrue(n > 0, "every consumer took part");
      total += n;
    }
    assertEquals((long) PRODUCERS * PER_PRODUCER, total);
  }

  @Test
  void cancelledGettersAndPuttersLoseAndDuplicateNothing() {
    int items = 20_000;
    Asyncio.runVirtual(
        () -> {
          Queue<Integer> q = new Queue<>(4);
          boolean[] seen = new boolean[items];
          int[] count = {0};
          int[] nextToPut = {0};
          SplittableRandom random = new SplittableRandom(7);
          // One producer that retries a put whenever it is cancelled.
          Task<Void> producer =
              Asyncio.createTask(
                  () -> {
                    while (nextToPut[0] < items) {
                      Task<Void> put =
                          Asyncio.createTask(
                              () -> {
                                q.put(nextToPut[0]);
                                return null;
                              });
                      if (random.nextInt(3) == 0) {
                        Asyncio.getRunningLoop().callSoon(put::cancel);
                      }
                      try {
                        Asyncio.await(put);
                        nextToPut[0]++; // put exactly once
                      } catch (CancelledError e) {
                        // not put: try the same item again
                      }
                    }
                    return null;
                  });
          // Consumers whose gets are cancelled at random.
          List<Task<Void>> consumers = new ArrayList<>();
          for (int c = 0; c < 4; c++) {
            consumers.add(
                Asyncio.createTask(
                    () -> {
                      while (count[0] < items) {
                        Task<Integer> get = Asyncio.createTask(q::get);
                        if (random.nextInt(3) == 0) {
                          Asyncio.getRunningLoop().callLater(random.nextInt(3) * 1e-3, get::cancel);
                        }
                        int item;
                        try {
                          item = Asyncio.await(get);
                        } catch (CancelledError e) {
                          continue;
                        } catch (QueueShutDown e) {
                          break;
                        }
                        if (seen[item]) {
                          throw new AssertionError("item " + item + " delivered twice");
                        }
                        seen[item] = true;
                        count[0]++;
                        q.taskDone();
                      }
                      return null;
                    }));
          }
          Asyncio.await(producer);
          q.join();
          q.shutdown();
          for (Task<Void> t : consumers) {
            Asyncio.await(t);
          }
          assertEquals(items, count[0]);
          for (int i = 0; i < items; i++) {
            assertTrue(seen[i], "item " + i + " lost");
          }
          assertEquals(
              "Queue[size=0, maxsize=4, getters=0, putters=0, unfinished=0, shutdown]",
              q.toString());
          return null;
        });
  }
}
