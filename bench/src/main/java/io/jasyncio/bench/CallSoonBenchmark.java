package io.jasyncio.bench;

import io.jasyncio.EventLoop;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * callSoon throughput: schedule a batch of callbacks and run the loop until they have all run.
 * Score: callbacks per second (ops/s). Peer: bench/peers/python/call_soon.py.
 *
 * {@snippet lang=shell :
 * flock /tmp/jasyncio-bench.lock ./jasyncio bench CallSoonBenchmark
 * }
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CallSoonBenchmark {
  static final int CALLBACKS = 100_000;

  private EventLoop loop;
  private long counter;

  @Setup
  public void setup() {
    loop = EventLoop.create();
  }

  @TearDown
  public void tearDown() {
    loop.close();
  }

  @Benchmark
  @OperationsPerInvocation(CALLBACKS)
  public long callSoon() {
    Runnable cb = () -> counter++;
    for (int i = 0; i < CALLBACKS; i++) {
      loop.callSoon(cb);
    }
    loop.callSoon(loop::stop);
    loop.runForever();
    return counter;
  }
}
