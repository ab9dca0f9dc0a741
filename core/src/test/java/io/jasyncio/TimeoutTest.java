package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeoutTest extends TestBase {
  private static double now() {
    return Asyncio.getRunningLoop().time();
  }

  /** Simulates code that blocks the loop's thread for {@code seconds} of virtual time. */
  private static void block(double seconds) {
    SelectorEventLoop loop = (SelectorEventLoop) Asyncio.getRunningLoop();
    ((VirtualClock) loop.clock()).advanceTo(loop.time() + seconds);
  }

  // scenarios: timeout 1
  @Test
  void basic() {
    Asyncio.runVirtual(
        () -> {
          Timeout[] handle = new Timeout[1];
          boolean[] innerSawCancel = {false};
          TimeoutError e =
              assertThrows(
                  TimeoutError.class,
                  () ->
                      Asyncio.timeout(
                          0.01,
                          t -> {
                            handle[0] = t;
                            try {
                              Asyncio.sleep(10);
                            } catch (CancelledError ce) {
                              innerSawCancel[0] = true;
                              throw ce;
                            }
                            return null;
                          }));
          assertTrue(handle[0].expired());
          assertInstanceOf(CancelledError.class, e.getCause());
          assertTrue(innerSawCancel[0]);
          assertEquals(0.01, now());
          return null;
        });
  }

  @Test
  void coroutineForm() {
    Asyncio.runVirtual(
        () -> {
          assertEquals("quick", Asyncio.timeout(1.0, () -> Asyncio.sleep(0.5, "quick")));
          assertEquals(0.5, now());
          assertThrows(
              TimeoutError.class, () -> Asyncio.timeout(1.0, () -> Asyncio.sleep(5, "slow")));
          assertEquals(1.5, now());
          return null;
        });
  }

  // scenarios: timeout 2
  @Test
  void deadlines() {
    Asyncio.runVirtual(
        () -> {
          Asyncio.sleep(3);
          double d = now() + 0.01;
          assertThrows(
              TimeoutError.class,
              () ->
                  Asyncio.timeoutAt(
                      d,
                      t -> {
                        assertEquals(d, t.when());
                        Asyncio.sleep(10);
                        return null;
                      }));
          assertEquals(d, now());
          String r =
              Asyncio.timeout(
                  10.0,
                  t -> {
                    assertTrue(t.when() > now());
                    assertFalse(t.expired());
                    return "in time";
                  });
          assertEquals("in time", r);
          Asyncio.timeout(
              (Double) null,
              t -> {
                assertNull(t.when());
                Asyncio.sleep(100);
                assertFalse(t.expired());
                return null;
              });
          Asyncio.timeoutAt(
              null,
              t -> {
                assertNull(t.when());
                return null;
              });
          return null;
        });
  }

  // scenarios: timeout 3
  @Test
  void zeroOrPastDeadline() {
    Asyncio.runVirtual(
        () -> {
          for (double delay : new double[] {0, -11}) {
            assertThrows(
                TimeoutError.class,
                () ->
                    Asyncio.timeout(
                        delay,
                        () -> {
                          Asyncio.sleep(0);
                          return null;
                        }));
          }
          double past = now() - 5;
          assertThrows(
              TimeoutError.class,
              () ->
                  Asyncio.timeoutAt(
                      past,
                      t -> {
                        Asyncio.sleep(0);
                        return null;
                      }));
          assertEquals(0.0, now());
          return null;
        });
  }

  // scenarios: timeout 4
  @Test
  void foreignExceptionPassesUnchanged() {
    Asyncio.runVirtual(
        () -> {
          java.util.NoSuchElementException key = new java.util.NoSuchElementException("key");
          Timeout[] h = new Timeout[1];
          Exception e =
              assertThrows(
                  java.util.NoSuchElementException.class,
                  () ->
                      Asyncio.timeout(
                          10.0,
                          t -> {
                            h[0] = t;
                            throw key;
                          }));
          assertSame(key, e);
          assertFalse(h[0].expired());
          return null;
        });
  }

  @Test
  void exceptionInCleanupAfterTheTimeoutFired() {
    Asyncio.runVirtual(
        () -> {
          Timeout[] h = new Timeout[1];
          assertThrows(
              ArithmeticException.class,
              () ->
                  Asyncio.timeout(
                      0.01,
                      t -> {
                        h[0] = t;
                        try {
                          Asyncio.sleep(10);
                        } finally {
                          int zero = 0;
                          System.out.println(1 / zero);
                        }
                        return null;
                      }));
          assertTrue(h[0].expired());
          assertEquals(0, Asyncio.currentTask().cancelling());
          return null;
        });
  }

  // scenarios: timeout 5
  @Test
  void foreignCancelBeforeTheDeadline() {
    Asyncio.runVirtual(
        () -> {
          Timeout[] h = new Timeout[1];
          Task<Void> t =
              Asyncio.createTask(
                  () ->
                      Asyncio.timeout(
                          10.0,
                          tm -> {
                            h[0] = tm;
                            Asyncio.sleep(10);
                            return null;
                          }));
          Asyncio.sleep(1);
          t.cancel();
          assertThrows(CancelledError.class, () -> Asyncio.await(t));
          assertTrue(t.cancelled());
          assertFalse(h[0].expired());
          return null;
        });
  }

  @Test
  void foreignCancelAtTheDeadlineIsNotATimeout() {
    Asyncio.runVirtual(
        () -> {
          Task<Void> t =
              Asyncio.createTask(
                  () ->
                      Asyncio.timeout(
                          1.0,
                          () -> {
                            Asyncio.sleep(10);
                            return null;
                          }));
          // Scheduled after the timeout's timer, at the same instant.
          Asyncio.getRunningLoop().callLater(1.0, t::cancel);
          assertThrows(CancelledError.class, () -> Asyncio.await(t));
          assertTrue(t.cancelled(), "someone else's cancellation is not turned into a timeout");
          return null;
        });
  }

  // scenarios: timeout 6
  @Test
  void taskSurvivesItsOwnTimeout() {
    Task<?>[] self = new Task<?>[1];
    String r =
        Asyncio.runVirtual(
            () -> {
              self[0] = Asyncio.currentTask();
              try {
                Asyncio.timeout(
                    0.01,
                    () -> {
                      Asyncio.sleep(10);
                      return null;
                    });
              } catch (TimeoutError e) {
                // handled
              }
              assertEquals(0, Asyncio.currentTask().cancelling());
              Asyncio.sleep(0.5);
              return "alive at " + now();
            });
    assertEquals("alive at 0.51", r);
    assertFalse(self[0].cancelled());
  }

  @Test
  void bodyThatSwallowsTheCancelReturnsItsValue() {
    Asyncio.runVirtual(
        () -> {
          Timeout[] h = new Timeout[1];
          String r =
              Asyncio.timeout(
                  0.1,
                  t -> {
                    h[0] = t;
                    try {
                      Asyncio.sleep(10);
                    } catch (CancelledError e) {
                      return "swallowed";
                    }
                    return "slept";
                  });
          assertEquals("swallowed", r);
          assertTrue(h[0].expired());
          assertEquals(0, Asyncio.currentTask().cancelling());
          Asyncio.sleep(1);
          return null;
        });
  }

  // scenarios: timeout 8
  @Test
  void nestedTimeoutsWithABusyLoop() {
    Asyncio.runVirtual(
        () -> {
          double t0 = now();
          assertThrows(
              TimeoutError.class,
              () ->
                  Asyncio.timeout(
                      0.1,
                      () -> {
                        assertThrows(
                            TimeoutError.class,
                            () ->
                                Asyncio.timeout(
                                    0.01,
                                    () -> {
                                      Asyncio.sleep(10); // interrupted by the inner timeout
                                      return null;
                                    }));
                        block(0.1);
                        Asyncio.sleep(10); // interrupted by the outer timeout
                        return null;
                      }));
          double t1 = now();
          assertTrue(t1 - t0 < 1, "took " + (t1 - t0));
          assertEquals(0.11, t1, 1e-9);
          return null;
        });
  }

  @Test
  void onlyTheOutermostOfEqualDeadlinesRaisesTimeoutError() {
    List<Throwable> seen = new ArrayList<>();
    Asyncio.runVirtual(
        () -> {
          double d = now() + 1;
          TimeoutError outer =
              assertThrows(
                  TimeoutError.class,
                  () ->
                      Asyncio.timeoutAt(
                          d,
                          o -> {
                            try {
                              return Asyncio.timeoutAt(
                                  d,
                                  i -> {
                                    Asyncio.sleep(10);
                                    return null;
                                  });
                            } catch (Throwable e) {
                              seen.add(e);
                              throw e;
                            }
                          }));
          assertInstanceOf(CancelledError.class, outer.getCause());
          assertEquals(0, Asyncio.currentTask().cancelling());
          Asyncio.sleep(1);
          return null;
        });
    assertEquals(1, seen.size());
    assertInstanceOf(CancelledError.class, seen.get(0), "the inner one lets it through");
  }

  @Test
  void innerShorterTimeoutDoesNotExpireTheOuter() {
    Asyncio.runVirtual(
        () -> {
          String r =
              Asyncio.timeout(
                  1.0,
                  o -> {
                    assertThrows(
                        TimeoutError.class,
                        () -> Asyncio.timeout(0.1, () -> Asyncio.sleep(10, "x")));
                    assertFalse(o.expired());
                    return Asyncio.sleep(0.5, "outer done");
                  });
          assertEquals("outer done", r);
          assertEquals(0.6, now(), 1e-9);
          return null;
        });
  }

  @Test
  void rescheduleMovesTheDeadline() {
    Asyncio.runVirtual(
        () -> {
          String r =
              Asyncio.timeout(
                  1.0,
                  t -> {
                    Asyncio.sleep(0.5);
                    t.reschedule(now() + 2);
                    assertEquals(2.5, t.when());
                    Asyncio.sleep(1.5); // past the first deadline
                    t.reschedule(null);
                    Asyncio.sleep(100);
                    return "made it";
                  });
          assertEquals("made it", r);
          assertEquals(102.0, now());
          assertThrows(
              TimeoutError.class,
              () ->
                  Asyncio.timeout(
                      100.0,
                      t -> {
                        t.reschedule(now() - 1); // already past: fires in the next iteration
                        Asyncio.sleep(10);
                        return null;
                      }));
          assertEquals(102.0, now());
          return null;
        });
  }

  @Test
  void timeoutAroundGatherCancelsItsChildren() {
    Asyncio.runVirtual(
        () -> {
          Task<Integer> a = Asyncio.createTask(() -> Asyncio.sleep(0.5, 1));
          Task<Integer> b = Asyncio.createTask(() -> Asyncio.sleep(5, 2));
          assertThrows(
              TimeoutError.class,
              () -> Asyncio.timeout(1.0, () -> Asyncio.await(Asyncio.gather(a, b))));
          assertEquals(1, a.result());
          assertTrue(b.cancelled());
          assertEquals(1.0, now());
          assertEquals(0, Asyncio.currentTask().cancelling());
          return null;
        });
  }

  // scenarios: timeout 10
  @Test
  void lifecycleMisuse() {
    Asyncio.runVirtual(
        () -> {
          Timeout fresh = Timeout.after(1.0);
          IllegalStateException notEntered =
              assertThrows(IllegalStateException.class, () -> fresh.reschedule(2.0));
          assertEquals("Timeout has not been entered", notEntered.getMessage());

          Timeout twice = Timeout.at(null);
          IllegalStateException entered =
              assertThrows(IllegalStateException.class, () -> twice.run(t -> t.run(u -> null)));
          assertEquals("Timeout has already been entered", entered.getMessage());
          IllegalStateException again =
              assertThrows(IllegalStateException.class, () -> twice.run(t -> null));
          assertEquals("Timeout has already been entered", again.getMessage());

          Timeout finished = Timeout.after(1.0);
          finished.run(t -> null);
          IllegalStateException f =
              assertThrows(IllegalStateException.class, () -> finished.reschedule(5.0));
          assertEquals("Cannot change state of finished Timeout", f.getMessage());

          Timeout expired = Timeout.after(0.01);
          assertThrows(
              TimeoutError.class,
              () ->
                  expired.run(
                      t -> {
                        Asyncio.sleep(1);
                        return null;
                      }));
          IllegalStateException x =
              assertThrows(IllegalStateException.class, () -> expired.reschedule(5.0));
          assertEquals("Cannot change state of expired Timeout", x.getMessage());

          Timeout expiring = Timeout.after(0.01);
          String[] message = new String[1];
          assertThrows(
              TimeoutError.class,
              () ->
                  expiring.run(
                      t -> {
                        try {
                          Asyncio.sleep(1);
                        } catch (CancelledError e) {
                          message[0] =
                              assertThrows(IllegalStateException.class, () -> t.reschedule(9.0))
                                  .getMessage();
                          throw e;
                        }
                        return null;
                      }));
          assertEquals("Cannot change state of expiring Timeout", message[0]);
          return null;
        });
  }

  @Test
  void badArgumentsAndWrongPlace() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Asyncio.timeout(1.0, () -> null));
    assertEquals(
        "timeout() must be called from a coroutine running on an event loop", e.getMessage());
    assertThrows(IllegalStateException.class, () -> Timeout.after(1.0));
    Timeout t = Timeout.at(5.0);
    assertEquals(5.0, t.when());
    assertFalse(t.expired());
    assertThrows(IllegalStateException.class, () -> t.run(x -> null));
    assertThrows(IllegalArgumentException.class, () -> Timeout.at(Double.NaN));
    Asyncio.runVirtual(
        () -> {
          assertThrows(
              IllegalArgumentException.class, () -> Asyncio.timeout(Double.NaN, () -> null));
          assertThrows(NullPointerException.class, () -> Asyncio.timeout(1.0, (Coroutine<?>) null));
          return null;
        });
  }
}
