package io.jasyncio.bench;

import io.jasyncio.EventLoop;
import io.jasyncio.concurrent.BridgeQueue;
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
 * {@link BridgeQueue} from a thread to a coroutine: one platform thread puts {@value #ITEMS} items
 * with the blocking {@code putFromThread}, one coroutine takes them with the suspending {@code
 * get}. Each invocation starts the producer thread and joins it afterwards. Score: items per
 * second. Peer: bench/peers/python/bridge_queue.py (a stand-in built from a thread, {@code
 * call_soon_threadsafe} and {@code asyncio.Queue}: CPython has no such queue without third-party
 * packages).
 *
 * {@snippet lang=shell :
 * java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -cp ... org.openjdk.jmh.Main BridgeQueueBenchmark
 * }
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED")
public class BridgeQueueBenchmark {
  /** Items moved per benchmark invocation. */
  static final int ITEMS = 100_000;

  @Param({"continuation", "virtual"})
  public String engine;

  /** The queue's bound. */
  @Param({"100"})
  public int maxsize;

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

  /** A platform thread produces, a coroutine consumes. */
  @Benchmark
  @OperationsPerInvocation(ITEMS)
  public long threadToCoroutine() throws InterruptedException {
    BridgeQueue<Integer> q = new BridgeQueue<>(loop, maxsize);
    Thread producer =
        Thread.ofPlatform()
            .name("bridge-producer")
            .start(
                () -> {
                  for (int i = 0; i < ITEMS; i++) {
                    q.putFromThread(i);
                  }
                });
    long sum;
    try {
      sum =
          loop.runUntilComplete(
              () -> {
                long s = 0;
                for (int i = 0; i < ITEMS; i++) {
                  s += q.get();
                }
                return s;
              });
    } catch (RuntimeException | Error e) {
      producer.interrupt(); // it may be blocked on a full queue nobody drains any more
      throw e;
    } finally {
      producer.join();
    }
    if (sum != (long) ITEMS * (ITEMS - 1) / 2) {
      throw new IllegalStateException("items lost or duplicated: sum " + sum);
    }
    return sum;
  }
}
