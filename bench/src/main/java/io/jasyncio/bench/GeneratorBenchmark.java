package io.jasyncio.bench;

import io.jasyncio.generators.Generator;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Generator costs per item (issue "Generators", benchmarks): a for-each over a generator of ints,
 * {@code next()} through {@code yieldFrom} chains of depth 1 and 10, and a {@code send()} round
 * trip. Each operation is one item; the engine is chosen per fork with the {@code engine}
 * parameter. The CPython counterpart is {@code bench/peers/python/generators.py}.
 *
 * {@snippet lang=shell :
 * java -jar bench/target/benchmarks.jar GeneratorBenchmark
 * }
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED")
public class GeneratorBenchmark {
  /** Items per benchmark invocation. */
  static final int ITEMS = 100_000;

  @Param({"continuation", "virtual"})
  public String engine;

  @Setup
  public void chooseEngine() {
    // Each parameter value runs in its own fork, before any engine class is loaded.
    System.setProperty("jasyncio.engine", engine);
  }

  static Generator<Integer, Object, Void> ints(int n) {
    return Generator.of(
        y -> {
          for (int i = 0; i < n; i++) {
            y.yield(i);
          }
          return null;
        });
  }

  static Generator<Integer, Object, Void> chain(int depth, int n) {
    Generator<Integer, Object, Void> g = ints(n);
    for (int d = 1; d < depth; d++) {
      Generator<Integer, Object, Void> inner = g;
      g =
          Generator.of(
              y -> {
                y.yieldFrom(inner);
                return null;
              });
    }
    return g;
  }

  /** next() per item over a for-each. */
  @Benchmark
  @OperationsPerInvocation(ITEMS)
  public long forEachNext() {
    long sum = 0;
    for (int v : ints(ITEMS)) {
      sum += v;
    }
    return sum;
  }

  /** next() per item through a yieldFrom chain of depth 1 (no delegation). */
  @Benchmark
  @OperationsPerInvocation(ITEMS)
  public long yieldFromDepth1() {
    return drain(chain(1, ITEMS));
  }

  /** next() per item through a yieldFrom chain of depth 10. */
  @Benchmark
  @OperationsPerInvocation(ITEMS)
  public long yieldFromDepth10() {
    return drain(chain(10, ITEMS));
  }

  /** send() round trip per item: the body yields back what it receives. */
  @Benchmark
  @OperationsPerInvocation(ITEMS)
  public long sendRoundTrip() {
    Generator<Integer, Integer, Void> echo =
        Generator.of(
            y -> {
              Integer v = y.yield(0);
              while (true) {
                v = y.yield(v);
              }
            });
    echo.next();
    long sum = 0;
    Integer one = 1;
    for (int i = 0; i < ITEMS; i++) {
      sum += echo.send(one);
    }
    echo.close();
    return sum;
  }

  private static long drain(Generator<Integer, Object, Void> g) {
    long sum = 0;
    while (g.hasNext()) {
      sum += g.next();
    }
    return sum;
  }
}
