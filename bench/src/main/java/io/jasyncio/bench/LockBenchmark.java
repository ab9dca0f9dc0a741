package io.jasyncio.bench;

import io.jasyncio.EventLoop;
import io.jasyncio.locks.Lock;
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
 * An uncontended {@link Lock}: one coroutine acquires and releases it in a loop, so the lock is
 * always free and nothing suspends. Score: ns per acquire+release pair (goal: at most 25 ns). Peer:
 * bench/peers/python/lock.py.
 *
 * {@snippet lang=shell :
 * java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -cp ... org.openjdk.jmh.Main LockBenchmark
 * }
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED")
public class LockBenchmark {
  /** Acquire+release pairs per benchmark invocation. */
  static final int PAIRS = 100_000;

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

  /** {@code lock.acquire(); lock.release();} in one coroutine. */
  @Benchmark
  @OperationsPerInvocation(PAIRS)
  public int acquireRelease() {
    return loop.runUntilComplete(
        () -> {
          Lock lock = new Lock();
          int held = 0;
          for (int i = 0; i < PAIRS; i++) {
            lock.acquire();
            if (lock.locked()) {
              held++;
            }
            lock.release();
          }
          return held;
        });
  }
}
