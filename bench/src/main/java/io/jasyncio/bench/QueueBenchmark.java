package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.queues.Queue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Queue} throughput between tasks of one loop. Score: items per second.
 *
 * <ul>
 *   <li>{@code producerConsumer}: a {@code Queue(100)}, one producer task putting {@value #ITEMS}
 *       items and one consumer task getting them (goal: at least 15 M items/s).
 *   <li>{@code pingPong}: two {@code Queue(1)}s; task A puts a number on the first, task B gets it
 *       and puts it back on the second, and so on. Every hop (one put and its get) is one item, and
 *       every item costs a task switch.
 * </ul>
 *
 * Peer: bench/peers/python/queue.py.
 *
 * {@snippet lang=shell :
 * java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -cp ... org.openjdk.jmh.Main '\.QueueBenchmark\.'
 * }
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED")
public class QueueBenchmark {
  /** Items moved per benchmark invocation. */
  static final int ITEMS = 100_000;

  @Param({"continuation", "virtual"})
  public String engine;

  private EventLoop loop;

  @Setup
  public void setup() {
    EngineSetup.select(engine);
    loop = EventLoop.create();
  }

  @TearDown
  public void tearDown() {
    loop.close();
  }

  /** One producer and one consumer task through a {@code Queue(100)}. */
  @Benchmark
  @OperationsPerInvocation(ITEMS)
  public long producerConsumer() {
    return loop.runUntilComplete(
        () -> {
          Queue<Integer> q = new Queue<>(100);
          Task<Long> consumer =
              Asyncio.createTask(
                  () -> {
                    long sum = 0;
                    for (int i = 0; i < ITEMS; i++) {
                      sum += q.get();
                    }
                    return sum;
                  });
          Task<Void> producer =
              Asyncio.createTask(
                  () -> {
                    for (int i = 0; i < ITEMS; i++) {
                      q.put(i);
                    }
                    return null;
                  });
          Asyncio.await(producer);
          return Asyncio.await(consumer);
        });
  }

  /** Two tasks bounce a number through two {@code Queue(1)}s; one item per hop. */
  @Benchmark
  @OperationsPerInvocation(ITEMS)
  public int pingPong() {
    return loop.runUntilComplete(
        () -> {
          Queue<Integer> toB = new Queue<>(1);
          Queue<Integer> toA = new Queue<>(1);
          int rounds = ITEMS / 2;
          Task<Void> b =
              Asyncio.createTask(
                  () -> {
                    for (int i = 0; i < rounds; i++) {
                      toA.put(toB.get() + 1);
                    }
                    return null;
                  });
          int v = 0;
          for (int i = 0; i < rounds; i++) {
            toB.put(v);
            v = toA.get();
          }
          Asyncio.await(b);
          return v;
        });
  }
}
