package io.jasyncio.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor under every coroutine switch: one bare {@code jdk.internal.vm.Continuation} yield and
 * resume, with nothing of jasyncio around it. Reached through method handles, as the engine does,
 * so compiling needs no flag. Score: ns per yield+resume. Compare with TaskSwitchBenchmark and
 * GeneratorBenchmark to see what jasyncio adds.
 *
 * {@snippet lang=shell :
 * flock /tmp/jasyncio-bench.lock ./jasyncio bench ContinuationFloorBenchmark
 * }
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ContinuationFloorBenchmark {
  static final int SWITCHES = 100_000;

  private static final MethodHandle NEW;
  private static final MethodHandle RUN;
  private static final MethodHandle YIELD;
  private static final Object SCOPE;

  static {
    try {
      Class<?> cont = Class.forName("jdk.internal.vm.Continuation");
      Class<?> scope = Class.forName("jdk.internal.vm.ContinuationScope");
      MethodHandles.Lookup l = MethodHandles.lookup();
      SCOPE = l.findConstructor(scope, MethodType.methodType(void.class, String.class)).invoke("floor");
      NEW =
          l.findConstructor(cont, MethodType.methodType(void.class, scope, Runnable.class))
              .asType(MethodType.methodType(Object.class, Object.class, Runnable.class));
      RUN =
          l.findVirtual(cont, "run", MethodType.methodType(void.class))
              .asType(MethodType.methodType(void.class, Object.class));
      YIELD =
          l.findStatic(cont, "yield", MethodType.methodType(boolean.class, scope))
              .asType(MethodType.methodType(boolean.class, Object.class));
    } catch (Throwable t) {
      throw new ExceptionInInitializerError(t);
    }
  }

  private Object continuation;

  @Setup
  public void setup() throws Throwable {
    continuation =
        (Object)
            NEW.invokeExact(
                SCOPE,
                (Runnable)
                    () -> {
                      try {
                        while (true) {
                          boolean ok = (boolean) YIELD.invokeExact(SCOPE);
                          if (!ok) {
                            throw new IllegalStateException("pinned");
                          }
                        }
                      } catch (Throwable t) {
                        throw new IllegalStateException(t);
                      }
                    });
  }

  @Benchmark
  @OperationsPerInvocation(SWITCHES)
  public void yieldAndResume() throws Throwable {
    for (int i = 0; i < SWITCHES; i++) {
      RUN.invokeExact(continuation);
    }
  }
}
