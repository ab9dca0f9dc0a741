package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.locks.Held;
import io.jasyncio.locks.Semaphore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A fan-out limited by a {@link Semaphore}: {@value #TASKS} tasks are created at once, each holds
 * one of {@value #PERMITS} permits around a {@code sleep(0)} (one task switch while holding it),
 * and the main task awaits them all. At most 100 tasks hold a permit; the others queue up on the
 * semaphore. Score: ms per fan-out (creating, running and awaiting all the tasks). Peer:
 * bench/peers/python/semaphore_fanout.py.
 *
 * {@snippet lang=shell :
 * java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -cp ... org.openjdk.jmh.Main SemaphoreFanOut
 * }
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED")
public class SemaphoreFanOutBenchmark {
  /** Tasks per fan-out. */
  static final int TASKS = 100_000;

  /** Semaphore permits. */
  static final int PERMITS = 100;

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

  /** One fan-out of {@value #TASKS} tasks through {@code Semaphore(100)}. */
  @Benchmark
  public long fanOut() {
    return loop.runUntilComplete(
        () -> {
          Semaphore sem = new Semaphore(PERMITS);
          List<Task<Integer>> tasks = new ArrayList<>(TASKS);
          for (int i = 0; i < TASKS; i++) {
            int n = i;
            tasks.add(
                Asyncio.createTask(
                    () -> {
                      try (Held held = sem.hold()) {
                        Asyncio.sleep(0);
                        return n;
                      }
                    }));
          }
          long sum = 0;
          for (Task<Integer> t : tasks) {
            sum += Asyncio.await(t);
          }
          return sum;
        });
  }
}
