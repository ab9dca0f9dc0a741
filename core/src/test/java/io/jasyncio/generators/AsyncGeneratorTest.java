package io.jasyncio.generators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.TestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Generator bodies that suspend the task driving them: Python's async generators. */
class AsyncGeneratorTest extends TestBase {

  /** Sleeps {@code delay} seconds of loop time before each of {@code n} values. */
  static Generator<Double, Object, String> ticker(int n, double delay) {
    return Generator.of(
        y -> {
          for (int i = 0; i < n; i++) {
            Asyncio.sleep(delay);
            y.yield(Asyncio.getRunningLoop().time());
          }
          return "ticked " + n;
        });
  }

  @Test
  void bodySleepsInsideTheDrivingTask() {
    List<Double> times =
        Asyncio.runVirtual(
            () -> {
              List<Double> out = new ArrayList<>();
              for (double t : ticker(3, 1.5)) {
                out.add(t);
              }
              return out;
            });
    assertEquals(List.of(1.5, 3.0, 4.5), times);
  }

  @Test
  void otherTasksRunWhileTheGeneratorSleeps() {
    Asyncio.runVirtual(
        () -> {
          expect(1);
          Task<Void> other =
              Asyncio.createTask(
                  () -> {
                    expect(3); // runs while the generator body sleeps
                    return null;
                  });
          Generator<String, Object, Void> g =
              Generator.of(
                  y -> {
                    expect(2);
                    Asyncio.sleep(0);
                    expect(4);
                    y.yield("after sleep");
                    return null;
                  });
          assertEquals("after sleep", g.next());
          expect(5);
          Asyncio.await(other);
          return null;
        });
    finish(6);
  }

  @Test
  void bodyAwaitsAFutureSetByAnotherTask() {
    String got =
        Asyncio.runVirtual(
            () -> {
              Future<String> f = Asyncio.getRunningLoop().createFuture();
              Generator<String, Object, Void> g =
                  Generator.of(
                      y -> {
                        y.yield("waiting");
                        y.yield("got " + Asyncio.await(f));
                        return null;
                      });
              assertEquals("waiting", g.next());
              Asyncio.getRunningLoop().callLater(2, () -> f.setResult("answer"));
              String v = g.next();
              assertEquals(2.0, Asyncio.getRunningLoop().time());
              return v;
            });
    assertEquals("got answer", got);
  }

  @Test
  void suspendingCallFromAGeneratorDrivenOutsideACoroutine() {
    Generator<Integer, Object, Void> g =
        Generator.of(
            y -> {
              Asyncio.sleep(1);
              y.yield(1);
              return null;
            });
    IllegalStateException e = assertThrows(IllegalStateException.class, g::next);
    assertEquals("sleep() must be called from a coroutine running on an event loop", e.getMessage());
    assertEquals(GeneratorState.CLOSED, g.state());

    Generator<Integer, Object, Void> awaiting =
        Generator.of(
            y -> {
              Asyncio.await(new java.util.concurrent.CompletableFuture<Integer>());
              return null;
            });
    assertEquals(
        "await() must be called from a coroutine running on an event loop",
        assertThrows(IllegalStateException.class, awaiting::next).getMessage());
  }

  @Test
  void theGeneratorIsRunningWhileItsBodyWaits() {
    Asyncio.runVirtual(
        () -> {
          Generator<Double, Object, String> g = ticker(2, 1);
          Task<Double> driver = Asyncio.createTask(g::next);
          Asyncio.sleep(0.5);
          assertEquals(GeneratorState.RUNNING, g.state());
          assertEquals(
              "generator already executing",
              assertThrows(IllegalStateException.class, g::next).getMessage());
          assertEquals(
              "generator already executing",
              assertThrows(IllegalStateException.class, g::close).getMessage());
          assertEquals(1.0, Asyncio.await(driver));
          assertEquals(GeneratorState.SUSPENDED, g.state());
          g.close();
          return null;
        });
  }

  @Test
  void cancellingTheTaskDeliversCancelledErrorInsideTheBody() {
    List<String> log = new ArrayList<>();
    Asyncio.runVirtual(
        () -> {
          Generator<Integer, Object, Void> g =
              Generator.of(
                  y -> {
                    try {
                      y.yield(1);
                      Asyncio.sleep(10);
                      log.add("not reached");
                      y.yield(2);
                    } catch (CancelledError e) {
                      log.add("body got CancelledError: " + e.getMessage());
                      throw e;
                    } finally {
                      log.add("body finally");
                    }
                    return null;
                  });
          Task<Integer> t =
              Asyncio.createTask(
                  () -> {
                    g.next();
                    return g.next();
                  });
          Asyncio.sleep(1);
          assertEquals(GeneratorState.RUNNING, g.state());
          t.cancel("stop");
          CancelledError e = assertThrows(CancelledError.class, () -> Asyncio.await(t));
          assertTrue(t.cancelled());
          assertEquals(GeneratorState.CLOSED, g.state());
          assertEquals(1.0, Asyncio.getRunningLoop().time());
          log.add("task cancelled: " + e.getMessage());
          return null;
        });
    assertEquals(
        List.of("body got CancelledError: stop", "body finally", "task cancelled: stop"), log);
  }

  @Test
  void closeFromATaskRunsAsynchronousCleanup() {
    List<String> log = new ArrayList<>();
    Asyncio.runVirtual(
        () -> {
          Generator<Integer, Object, Void> g =
              Generator.of(
                  y -> {
                    try {
                      while (true) {
                        y.yield(1);
                      }
                    } finally {
                      Asyncio.sleep(2); // cleanup that awaits, as an async generator's aclose()
                      log.add("cleaned at " + Asyncio.getRunningLoop().time());
                    }
                  });
          g.next();
          g.close();
          log.add("closed at " + Asyncio.getRunningLoop().time());
          return null;
        });
    assertEquals(List.of("cleaned at 2.0", "closed at 2.0"), log);
  }

  @Test
  void delegationAndNestedGeneratorsSuspendTheTaskToo() {
    List<String> got =
        Asyncio.runVirtual(
            () -> {
              Generator<Double, Object, String> inner = ticker(2, 1);
              Generator<String, Object, Void> outer =
                  Generator.of(
                      y -> {
                        String r = y.yieldFrom(Generator.<String, Object, String>of(z -> {
                          for (double t : ticker(2, 1)) z.yield("nested " + t);
                          return "n";
                        }));
                        Double first = inner.next(); // driven by the outer body
                        y.yield(r + " then inner " + first);
                        return null;
                      });
              return outer.stream().toList();
            });
    assertEquals(List.of("nested 1.0", "nested 2.0", "n then inner 3.0"), got);
  }

  @Test
  void aSuspendedGeneratorMayBeResumedByAnotherTask() {
    List<String> log =
        Asyncio.runVirtual(
            () -> {
              List<String> out = new ArrayList<>();
              Generator<Double, Object, String> g = ticker(2, 1);
              Task<Void> a =
                  Asyncio.createTask(
                      () -> {
                        out.add("a got " + g.next());
                        return null;
                      },
                      "a");
              Asyncio.await(a);
              AtomicReference<String> current = new AtomicReference<>();
              Task<Void> b =
                  Asyncio.createTask(
                      () -> {
                        out.add("b got " + g.next());
                        current.set(Asyncio.currentTask().getName());
                        return null;
                      },
                      "b");
              Asyncio.await(b);
              out.add("ran in " + current.get());
              out.add(assertThrows(StopIteration.class, g::next).value().toString());
              return out;
            });
    assertEquals(List.of("a got 1.0", "b got 2.0", "ran in b", "ticked 2"), log);
  }

  @Test
  void currentTaskInsideTheBodyIsTheTaskDrivingItNow() {
    List<String> names =
        Asyncio.runVirtual(
            () -> {
              Generator<String, Object, Void> g =
                  Generator.of(
                      y -> {
                        while (true) {
                          Asyncio.sleep(0);
                          y.yield(Asyncio.currentTask().getName());
                        }
                      });
              List<String> out = new ArrayList<>();
              out.add(Asyncio.await(Asyncio.createTask(g::next, "first")));
              out.add(Asyncio.await(Asyncio.createTask(g::next, "second")));
              out.add(g.next().equals(Asyncio.currentTask().getName()) ? "main" : "wrong task");
              g.close();
              return out;
            });
    assertEquals(List.of("first", "second", "main"), names);
  }

  @Test
  void twoTasksEachDriveTheirOwnAsyncGenerator() {
    List<String> log = new ArrayList<>();
    Asyncio.runVirtual(
        () -> {
          Task<Void> fast =
              Asyncio.createTask(
                  () -> {
                    for (double t : ticker(3, 1)) log.add("fast " + t);
                    return null;
                  });
          Task<Void> slow =
              Asyncio.createTask(
                  () -> {
                    for (double t : ticker(2, 1.5)) log.add("slow " + t);
                    return null;
                  });
          Asyncio.await(fast);
          Asyncio.await(slow);
          return null;
        });
    // Both wake at 3.0: slow's timer was scheduled first (at 1.5, fast's at 2.0), so it runs first.
    assertEquals(List.of("fast 1.0", "slow 1.5", "fast 2.0", "slow 3.0", "fast 3.0"), log);
  }
}
