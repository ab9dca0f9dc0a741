package io.jasyncio.concurrent;

import static io.jasyncio.concurrent.Threads.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * 4 producer threads, 4 producer coroutines, 4 consumer threads and 4 consumer coroutines move
 * {@code jasyncio.stress.bridgeItems} items (default 10,000,000) through one bounded BridgeQueue.
 * Checks that every item arrives exactly once and that each consumer sees each producer's items in
 * the order they were put. Measured on a loaded 2-core machine: 10,000,000 items in about 3 s under
 * either engine.
 */
class BridgeQueueStressTest {
  private static final int ITEMS = Integer.getInteger("jasyncio.stress.bridgeItems", 10_000_000);
  private static final int PRODUCERS = 8; // 0-3 threads, 4-7 coroutines
  private static final int CONSUMERS = 8; // 0-3 threads, 4-7 coroutines
  private static final int STOP = -1;
  private static final long TIMEOUT_S = 300;

  /** What one consumer saw; each consumer has its own, so no locking. */
  private static final class Consumer {
    final int[] lastSeq = new int[PRODUCERS];
    long count;

    Consumer() {
      Arrays.fill(lastSeq, -1);
    }
  }

  @Test
  void everyItemExactlyOnceInPerProducerOrder() throws Exception {
    int perProducer = ITEMS / PRODUCERS;
    int total = perProducer * PRODUCERS;
    AtomicLongArray seen = new AtomicLongArray((total + 63) / 64);
    AtomicLong received = new AtomicLong();
    AtomicReference<String> failure = new AtomicReference<>();

    List<Consumer> consumers = new ArrayList<>();
    for (int c = 0; c < CONSUMERS; c++) {
      consumers.add(new Consumer());
    }
    long t0 = System.nanoTime();
    try (LoopThread lt = new LoopThread()) {
      BridgeQueue<Integer> q = new BridgeQueue<>(lt.loop, 1024);

      // The coroutine side: 4 producers and 4 consumers on the loop.
      CompletableFuture<Void> coroutineProducersDone = new CompletableFuture<>();
      LoopThread.Submitted<Object> coroutines =
          lt.submit(
              () -> {
                List<Task<Object>> producerTasks = new ArrayList<>();
                List<Task<Object>> consumerTasks = new ArrayList<>();
                for (int p = 4; p < 8; p++) {
                  int producer = p;
                  producerTasks.add(
                      Asyncio.createTask(
                          () -> {
                            for (int seq = 0; seq < perProducer; seq++) {
                              q.put(producer * perProducer + seq);
                            }
                            return null;
                          }));
                }
                for (int c = 4; c < 8; c++) {
                  Consumer me = consumers.get(c);
                  consumerTasks.add(
                      Asyncio.createTask(
                          () -> {
                            for (int v = q.get(); v != STOP; v = q.get()) {
                              check(v, perProducer, me, seen, failure);
                            }
                            received.addAndGet(me.count);
                            return null;
                          }));
                }
                for (Task<Object> t : producerTasks) {
                  Asyncio.await(t);
                }
                coroutineProducersDone.complete(null);
                for (Task<Object> t : consumerTasks) {
                  Asyncio.await(t);
                }
                return null;
              });

      // The thread side: 4 producers and 4 consumers.
      List<Threads.Started<Object>> producers = new ArrayList<>();
      List<Threads.Started<Object>> threadConsumers = new ArrayList<>();
      for (int p = 0; p < 4; p++) {
        int producer = p;
        producers.add(
            start(
                "producer-" + p,
                () -> {
                  for (int seq = 0; seq < perProducer; seq++) {
                    q.putFromThread(producer * perProducer + seq);
                  }
                  return null;
                }));
      }
      for (int c = 0; c < 4; c++) {
        Consumer me = consumers.get(c);
        threadConsumers.add(
            start(
                "consumer-" + c,
                () -> {
                  for (int v = q.getFromThread(); v != STOP; v = q.getFromThread()) {
                    check(v, perProducer, me, seen, failure);
                  }
                  received.addAndGet(me.count);
                  return null;
                }));
      }

      for (Threads.Started<Object> p : producers) {
        p.outcome().get(TIMEOUT_S, TimeUnit.SECONDS);
      }
      // Every real item is queued before the stop markers (one per consumer): FIFO does the rest.
      coroutineProducersDone.get(TIMEOUT_S, TimeUnit.SECONDS);
      for (int c = 0; c < CONSUMERS; c++) {
        q.putFromThread(STOP);
      }
      for (Threads.Started<Object> c : threadConsumers) {
        c.outcome().get(TIMEOUT_S, TimeUnit.SECONDS);
      }
      coroutines.result().get(TIMEOUT_S, TimeUnit.SECONDS);
      assertTrue(q.empty());
    }
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    System.out.printf(
        "BridgeQueueStressTest: %,d items in %,d ms (%,.0f items/s)%n",
        total, elapsedMs, total * 1000.0 / Math.max(1, elapsedMs));
    System.out.println(
        "items per consumer (4 threads, then 4 coroutines): "
            + consumers.stream().map(c -> Long.toString(c.count)).toList());

    assertNull(failure.get());
    assertEquals(total, received.get());
    for (int i = 0; i < total / 64; i++) {
      if (seen.get(i) != -1L) {
        throw new AssertionError("an item never arrived near " + (i * 64));
      }
    }
    for (int v = (total / 64) * 64; v < total; v++) {
      assertTrue((seen.get(v >>> 6) & (1L << (v & 63))) != 0, "item " + v + " never arrived");
    }
  }

  private static void check(
      int v, int perProducer, Consumer me, AtomicLongArray seen, AtomicReference<String> failure) {
    int producer = v / perProducer;
    int seq = v % perProducer;
    if (seq <= me.lastSeq[producer]) {
      failure.compareAndSet(
          null,
          "producer " + producer + " out of order: " + seq + " after " + me.lastSeq[producer]);
    }
    me.lastSeq[producer] = seq;
    long bit = 1L << (v & 63);
    long before = seen.getAndAccumulate(v >>> 6, bit, (x, y) -> x | y);
    if ((before & bit) != 0) {
      failure.compareAndSet(null, "item " + v + " arrived twice");
    }
    me.count++;
  }
}
