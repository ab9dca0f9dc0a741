package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
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
 * Task switches: two tasks ping-pong a number through futures (one loop iteration and one switch
 * per hand-over), and one task calling {@code sleep(0)} in a loop. Score: ns per switch.
 * Peer: bench/peers/python/task_switch.py.
 *
 * {@snippet lang=shell :
 * flock /tmp/jasyncio-bench.lock ./jasyncio bench TaskSwitchBenchmark
 * }
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TaskSwitchBenchmark {
  static final int SWITCHES = 100_000;

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

  /** A one-slot channel: the receiver parks on a fresh future, the sender completes it. */
  static final class Channel {
    private Future<Integer> waiting;

    int recv() {
      Future<Integer> f = Asyncio.getRunningLoop().createFuture();
      waiting = f;
      return Asyncio.await(f);
    }

    void send(int v) {
      Future<Integer> f = waiting;
      waiting = null;
      f.setResult(v);
    }
  }

  @Benchmark
  @OperationsPerInvocation(SWITCHES)
  public int pingPong() {
    return loop.runUntilComplete(
        () -> {
          Channel toA = new Channel();
          Channel toB = new Channel();
          int rounds = SWITCHES / 2;
          Task<Void> b =
              Asyncio.createTask(
                  () -> {
                    for (int i = 0; i < rounds; i++) {
                      toA.send(toB.recv() + 1);
                    }
                    return null;
                  });
          Asyncio.sleep(0); // b parks in recv()
          int v = 0;
          for (int i = 0; i < rounds; i++) {
            toB.send(v);
            v = toA.recv();
          }
          Asyncio.await(b);
          return v;
        });
  }

  @Benchmark
  @OperationsPerInvocation(SWITCHES)
  public int sleepZero() {
    return loop.runUntilComplete(
        () -> {
          for (int i = 0; i < SWITCHES; i++) {
            Asyncio.sleep(0);
          }
          return SWITCHES;
        });
  }
}
