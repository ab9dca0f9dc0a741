package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
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
 * createTask + await of a task that returns at once, with ordinary and eager tasks. Score: ns per
 * create-and-await. Peer: bench/peers/python/create_task.py.
 *
 * {@snippet lang=shell :
 * flock /tmp/jasyncio-bench.lock ./jasyncio bench CreateTaskBenchmark
 * }
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CreateTaskBenchmark {
  static final int TASKS = 100_000;

  @Param({"continuation", "virtual"})
  public String engine;

  @Param({"false", "true"})
  public boolean eager;

  private EventLoop loop;

  @Setup
  public void setup() {
    EngineSetup.select(engine);
    loop = EventLoop.create();
    loop.setEagerTasks(eager);
  }

  @TearDown
  public void tearDown() {
    loop.close();
  }

  @Benchmark
  @OperationsPerInvocation(TASKS)
  public long createAndAwait() {
    return loop.runUntilComplete(
        () -> {
          long sum = 0;
          for (int i = 0; i < TASKS; i++) {
            int n = i;
            sum += Asyncio.await(Asyncio.createTask(() -> n));
          }
          return sum;
        });
  }
}
