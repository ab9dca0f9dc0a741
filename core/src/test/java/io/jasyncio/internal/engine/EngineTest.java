package io.jasyncio.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.internal.util.Sneaky;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract of {@link Engine} and {@link Fiber}, checked on both engines in every run (the
 * continuation engine when this JVM exports jdk.internal.vm).
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EngineTest {
  static Stream<Engine> engines() {
    List<Engine> all = new ArrayList<>();
    all.add(new VirtualThreadEngine());
    if (ContinuationEngine.unavailability() == null) {
      all.add(new ContinuationEngine());
    }
    return all.stream();
  }

  @Test
  void theSelectedEngineIsTheOneAskedFor() {
    String wanted = System.getProperty("jasyncio.engine", "");
    if (!wanted.isEmpty()) {
      assertEquals(wanted, Engines.get().name());
    }
    assertSame(Engines.get(), Engines.get());
    assertEquals("virtual", Engines.choose("virtual").name());
    assertEquals("virtual", Engines.choose(" virtual ").name());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Engines.choose("green"));
    assertEquals("-Djasyncio.engine must be 'continuation' or 'virtual', not 'green'", e.getMessage());
    if (ContinuationEngine.unavailability() == null) {
      assertEquals("continuation", Engines.choose("continuation").name());
      assertEquals("continuation", Engines.choose("").name());
    } else {
      IllegalStateException ise =
          assertThrows(IllegalStateException.class, () -> Engines.choose("continuation"));
      assertTrue(ise.getMessage().contains(Engines.EXPORT_FLAG), ise.getMessage());
    }
  }

  @Test
  void theFallbackWarningNamesTheFlagForTheClassPathAndForTheModulePath() {
    String onClassPath = Engines.fallbackWarning(null);
    assertTrue(
        onClassPath.contains(
            "Run the JVM with --add-exports java.base/jdk.internal.vm=ALL-UNNAMED (jasyncio is on"
                + " the class path; on the module path: --add-exports"
                + " java.base/jdk.internal.vm=io.jasyncio)"),
        onClassPath);
    String onModulePath = Engines.fallbackWarning("io.jasyncio");
    assertTrue(
        onModulePath.contains(
            "Run the JVM with --add-exports java.base/jdk.internal.vm=io.jasyncio (jasyncio is the"
                + " module io.jasyncio; on the class path: --add-exports"
                + " java.base/jdk.internal.vm=ALL-UNNAMED)"),
        onModulePath);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void resumeRunsToTheNextSuspension(Engine engine) {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    Fiber[] self = new Fiber[1];
    Object owner = new Object();
    self[0] =
        engine.create(
            Fiber.Kind.TASK,
            owner,
            () -> {
              log.add("start");
              assertSame(self[0], engine.current());
              engine.suspend(self[0]);
              log.add("middle");
              engine.suspend(self[0]);
              log.add("end");
            });
    Fiber f = self[0];
    assertSame(owner, f.owner());
    assertEquals(Fiber.Kind.TASK, f.kind());
    assertFalse(f.isStarted());
    assertFalse(f.isDone());
    assertNull(engine.current());
    f.resume();
    assertEquals(List.of("start"), log);
    assertTrue(f.isStarted());
    assertFalse(f.isDone());
    assertNull(engine.current(), "back in plain code");
    f.resume();
    assertEquals(List.of("start", "middle"), log);
    f.resume();
    assertEquals(List.of("start", "middle", "end"), log);
    assertTrue(f.isDone());
    IllegalStateException e = assertThrows(IllegalStateException.class, f::resume);
    assertEquals("fiber has finished", e.getMessage());
  }

  @ParameterizedTest
  @MethodSource("engines")
  void nestedFibers(Engine engine) {
    List<String> log = new ArrayList<>();
    Fiber[] f = new Fiber[2];
    f[0] =
        engine.create(
            Fiber.Kind.TASK,
            "outer",
            () -> {
              f[1] =
                  engine.create(
                      Fiber.Kind.GENERATOR,
                      "inner",
                      () -> {
                        log.add("inner 1");
                        assertSame(f[1], engine.current());
                        assertSame(f[0], engine.current().parent());
                        engine.suspend(f[1]);
                        log.add("inner 2");
                      });
              log.add("outer 1");
              f[1].resume();
              log.add("outer 2");
              assertSame(f[0], engine.current());
              f[1].resume();
              log.add("outer 3");
              assertTrue(f[1].isDone());
            });
    f[0].resume();
    assertTrue(f[0].isDone());
    assertEquals(List.of("outer 1", "inner 1", "outer 2", "inner 2", "outer 3"), log);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void suspendingTheOuterFiberFromAnInnerOneResumesTheInnerOne(Engine engine) {
    List<String> log = new ArrayList<>();
    Fiber[] f = new Fiber[2];
    f[0] =
        engine.create(
            Fiber.Kind.TASK,
            "task",
            () -> {
              f[1] =
                  engine.create(
                      Fiber.Kind.GENERATOR,
                      "generator",
                      () -> {
                        log.add("gen before");
                        engine.suspend(f[0]); // the task waits, from inside the generator
                        log.add("gen after, current is gen: " + (engine.current() == f[1]));
                        engine.suspend(f[1]); // the generator yields to the task
                        log.add("gen end");
                      });
              f[1].resume();
              log.add("task after first yield");
              f[1].resume();
              log.add("task end");
            });
    f[0].resume();
    assertEquals(List.of("gen before"), log, "control is back with the task's resumer");
    assertFalse(f[0].isDone());
    assertFalse(f[1].isDone());
    assertNull(engine.current());
    List<StackTraceElement> where = Arrays.asList(f[0].stackTrace());
    assertTrue(
        where.stream().anyMatch(e -> e.getMethodName().contains("suspendingTheOuterFiber")),
        "the task's stack shows the generator's frames: " + where);
    f[0].resume();
    assertEquals(
        List.of(
            "gen before",
            "gen after, current is gen: true",
            "task after first yield",
            "gen end",
            "task end"),
        log);
    assertTrue(f[0].isDone());
    assertTrue(f[1].isDone());
  }

  @ParameterizedTest
  @MethodSource("engines")
  void suspendingAnOuterFiberOfTheSameKindIsRefused(Engine engine) {
    AtomicReference<Throwable> got = new AtomicReference<>();
    Fiber[] f = new Fiber[2];
    f[0] =
        engine.create(
            Fiber.Kind.GENERATOR,
            "outer",
            () -> {
              f[1] =
                  engine.create(
                      Fiber.Kind.GENERATOR,
                      "inner",
                      () -> {
                        try {
                          engine.suspend(f[0]);
                        } catch (IllegalStateException e) {
                          got.set(e);
                        }
                      });
              f[1].resume();
            });
    f[0].resume();
    assertTrue(f[0].isDone());
    assertTrue(got.get().getMessage().contains("nested fiber of the same kind"), got.get().getMessage());
  }

  @ParameterizedTest
  @MethodSource("engines")
  void suspendingAFiberThatDoesNotRun(Engine engine) {
    Fiber[] self = new Fiber[1];
    self[0] = engine.create(Fiber.Kind.TASK, "t", () -> engine.suspend(self[0]));
    IllegalStateException before =
        assertThrows(IllegalStateException.class, () -> engine.suspend(self[0]));
    assertTrue(before.getMessage().contains("not running on this thread"), before.getMessage());
    self[0].resume();
    assertThrows(IllegalStateException.class, () -> engine.suspend(self[0]));
    self[0].resume();
    assertTrue(self[0].isDone());
  }

  @ParameterizedTest
  @MethodSource("engines")
  void resumeFromAnotherThread(Engine engine) throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    int[] plain = new int[1]; // no volatile: the engine's hand-off must publish it
    Fiber[] self = new Fiber[1];
    self[0] =
        engine.create(
            Fiber.Kind.TASK,
            "t",
            () -> {
              plain[0] = 1;
              engine.suspend(self[0]);
              log.add("resumed, saw " + plain[0] + ", current ok " + (engine.current() == self[0]));
              plain[0] = 3;
              engine.suspend(self[0]);
              log.add("end");
            });
    self[0].resume();
    assertEquals(1, plain[0]);
    plain[0] = 2;
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread other =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    self[0].resume();
                    log.add("other thread got control back, saw " + plain[0]);
                    assertNull(engine.current());
                  } catch (Throwable t) {
                    failure.set(t);
                  }
                });
    other.join(10_000);
    assertNull(failure.get());
    assertEquals(
        List.of("resumed, saw 2, current ok true", "other thread got control back, saw 3"), log);
    self[0].resume();
    assertTrue(self[0].isDone());
  }

  @ParameterizedTest
  @MethodSource("engines")
  void exceptionsLeaveTheFiberThroughResume(Engine engine) {
    IllegalStateException boom = new IllegalStateException("boom");
    Fiber[] self = new Fiber[1];
    self[0] =
        engine.create(
            Fiber.Kind.TASK,
            "t",
            () -> {
              engine.suspend(self[0]);
              throw boom;
            });
    self[0].resume();
    assertSame(boom, assertThrows(IllegalStateException.class, self[0]::resume));
    assertTrue(self[0].isDone());
    assertNull(engine.current());

    IOException checked = new IOException("checked");
    Fiber g = engine.create(Fiber.Kind.GENERATOR, "g", () -> { throw Sneaky.rethrow(checked); });
    Throwable got = assertThrows(Throwable.class, g::resume);
    assertSame(checked, got);
    assertTrue(g.isDone());
  }

  @ParameterizedTest
  @MethodSource("engines")
  void exceptionOfAnInnerFiberReachesTheOuterBody(Engine engine) {
    AtomicReference<Throwable> caught = new AtomicReference<>();
    RuntimeException boom = new RuntimeException("inner");
    Fiber outer =
        engine.create(
            Fiber.Kind.TASK,
            "outer",
            () -> {
              Fiber inner = engine.create(Fiber.Kind.GENERATOR, "inner", () -> { throw boom; });
              try {
                inner.resume();
              } catch (RuntimeException e) {
                caught.set(e);
              }
            });
    outer.resume();
    assertTrue(outer.isDone());
    assertSame(boom, caught.get());
  }

  private static void waitHere(Engine engine, Fiber f) {
    engine.suspend(f);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void stackTraceOfASuspendedFiber(Engine engine) {
    Fiber[] self = new Fiber[1];
    List<Integer> runningTraceLength = new ArrayList<>();
    self[0] =
        engine.create(
            Fiber.Kind.TASK,
            "t",
            () -> {
              runningTraceLength.add(self[0].stackTrace().length);
              waitHere(engine, self[0]);
            });
    assertEquals(0, self[0].stackTrace().length, "not started");
    self[0].resume();
    List<StackTraceElement> trace = Arrays.asList(self[0].stackTrace());
    assertTrue(trace.stream().anyMatch(e -> e.getMethodName().equals("waitHere")), trace.toString());
    assertEquals(List.of(0), runningTraceLength, "empty while running");
    self[0].resume();
    assertEquals(0, self[0].stackTrace().length, "done");
  }

  private static void deepest(Engine engine, Fiber task) {
    engine.suspend(task);
  }

  private static void middle(Engine engine, Fiber task) {
    Fiber inner = engine.create(Fiber.Kind.GENERATOR, "g2", () -> deepest(engine, task));
    inner.resume();
  }

  @ParameterizedTest
  @MethodSource("engines")
  void stackTraceThroughTwoNestedFibers(Engine engine) {
    Fiber[] task = new Fiber[1];
    task[0] =
        engine.create(
            Fiber.Kind.TASK,
            "task",
            () -> {
              Fiber g1 = engine.create(Fiber.Kind.GENERATOR, "g1", () -> middle(engine, task[0]));
              g1.resume();
            });
    task[0].resume();
    List<String> methods =
        Arrays.stream(task[0].stackTrace())
            .map(StackTraceElement::getMethodName)
            .filter(m -> m.equals("deepest") || m.equals("middle"))
            .toList();
    assertEquals(List.of("deepest", "middle"), methods, "innermost first, no fiber missing");
    task[0].resume();
    assertTrue(task[0].isDone());
  }

  @ParameterizedTest
  @MethodSource("engines")
  void suspendInsideSynchronized(Engine engine) {
    Object lock = new Object();
    List<String> log = new ArrayList<>();
    Fiber[] self = new Fiber[1];
    self[0] =
        engine.create(
            Fiber.Kind.TASK,
            "t",
            () -> {
              synchronized (lock) {
                try {
                  engine.suspend(self[0]);
                  log.add("suspended and resumed");
                } catch (IllegalStateException e) {
                  log.add("refused: " + e.getMessage());
                }
              }
            });
    // On JDK 25 a fiber may suspend while it holds a monitor, on both engines (JEP 491).
    self[0].resume();
    assertFalse(self[0].isDone());
    self[0].resume();
    assertTrue(self[0].isDone());
    assertEquals(List.of("suspended and resumed"), log);
  }

  @ParameterizedTest
  @MethodSource("engines")
  void manyFibersInterleave(Engine engine) {
    int n = 200;
    StringBuilder out = new StringBuilder();
    List<Fiber> fibers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int id = i;
      Fiber[] self = new Fiber[1];
      self[0] =
          engine.create(
              Fiber.Kind.TASK,
              id,
              () -> {
                for (int round = 0; round < 3; round++) {
                  if (id == 0) {
                    out.append(round);
                  }
                  engine.suspend(self[0]);
                }
              });
      fibers.add(self[0]);
    }
    for (int round = 0; round < 4; round++) {
      for (Fiber f : fibers) {
        f.resume();
      }
    }
    assertTrue(fibers.stream().allMatch(Fiber::isDone));
    assertEquals("012", out.toString());
  }
}
