package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WaitForTest extends TestBase {
  private static double now() {
    return Asyncio.getRunningLoop().time();
  }

  // scenarios: wait_for and shield 1
  @Test
  void timeoutCancelsTheInnerTaskAndWaitsForIt() {
    List<String> log = new ArrayList<>();
    Asyncio.runVirtual(
        () -> {
          Task<String> inner =
              Asyncio.createTask(
                  () -> {
                    try {
                      Asyncio.sleep(10);
                      return "slept";
                    } finally {
                      log.add("finally");
                    }
                  });
          TimeoutError e = assertThrows(TimeoutError.class, () -> Asyncio.waitFor(inner, 0.1));
          log.add("timeout");
          assertInstanceOf(CancelledError.class, e.getCause());
          assertTrue(inner.cancelled());
          assertEquals(0.1, now());
          assertEquals(0, Asyncio.currentTask().cancelling());
          Asyncio.sleep(1); // the caller is not left cancelled
          return null;
        });
    assertEquals(List.of("finally", "timeout"), log);
  }

  @Test
  void waitsUntilTheInnerCleanupHasFinished() {
    Asyncio.runVirtual(
        () -> {
          boolean[] cleaned = {false};
          Coroutine<String> slowCleanup =
              () -> {
                try {
                  Asyncio.sleep(10);
                  return "slept";
                } catch (CancelledError e) {
                  Asyncio.sleep(0.5); // cleanup takes time
                  cleaned[0] = true;
                  throw e;
                }
              };
          assertThrows(TimeoutError.class, () -> Asyncio.waitFor(slowCleanup, 0.1));
          assertTrue(cleaned[0]);
          assertEquals(0.6, now(), 1e-9);
          return null;
        });
  }

  @Test
  void innerThatSwallowsTheCancelGivesItsValue() {
    String r =
        Asyncio.runVirtual(
            () -> {
              String v =
                  Asyncio.waitFor(
                      () -> {
                        try {
                          Asyncio.sleep(10);
                          return "slept";
                        } catch (CancelledError e) {
                          return "swallowed";
                        }
                      },
                      0.1);
              assertEquals(0, Asyncio.currentTask().cancelling());
              Asyncio.sleep(1); // not cancelled afterwards
              return v;
            });
    assertEquals("swallowed", r);
  }

  @Test
  void innerExceptionDuringCancellationPassesThrough() {
    IllegalStateException cleanupFailure = new IllegalStateException("cleanup failed");
    Asyncio.runVirtual(
        () -> {
          IllegalStateException e =
              assertThrows(
                  IllegalStateException.class,
                  () ->
                      Asyncio.waitFor(
                          () -> {
                            try {
                              Asyncio.sleep(10);
                            } catch (CancelledError ce) {
                              throw cleanupFailure;
                            }
                            return null;
                          },
                          0.1));
          assertSame(cleanupFailure, e);
          return null;
        });
  }

  // scenarios: wait_for and shield 3
  @Test
  void zeroTimeoutWithDoneFutureGivesItsResult() {
    Asyncio.runVirtual(
        () -> {
          Future<String> f = Asyncio.getRunningLoop().createFuture();
          f.setResult("done");
          assertEquals("done", Asyncio.waitFor(f, 0));
          assertEquals("done", Asyncio.waitFor(f, -1));
          return null;
        });
  }

  @Test
  void zeroTimeoutWithCoroutineNeverStartsIt() {
    boolean[] started = {false};
    Asyncio.runVirtual(
        () -> {
          for (double t : new double[] {0, -3}) {
            TimeoutError e =
                assertThrows(
                    TimeoutError.class,
                    () ->
                        Asyncio.waitFor(
                            () -> {
                              started[0] = true;
                              return "ran";
                            },
                            t));
            assertInstanceOf(CancelledError.class, e.getCause());
          }
          Asyncio.sleep(0);
          return null;
        });
    assertFalse(started[0]);
  }

  @Test
  void zeroTimeoutWithRunningTaskCancelsIt() {
    Asyncio.runVirtual(
        () -> {
          boolean[] cleaned = {false};
          Task<String> t =
              Asyncio.createTask(
                  () -> {
                    try {
                      Asyncio.sleep(10);
                      return "slept";
                    } finally {
                      cleaned[0] = true;
                    }
                  });
          Asyncio.sleep(0);
          assertThrows(TimeoutError.class, () -> Asyncio.waitFor(t, 0));
          assertTrue(t.cancelled());
          assertTrue(cleaned[0]);
          assertEquals(0.0, now());
          return null;
        });
  }

  // scenarios: wait_for and shield 6
  @Test
  void cancellingWaitForCancelsTheInner() {
    for (Double timeout : new Double[] {null, 60.0}) {
      Asyncio.runVirtual(
          () -> {
            Task<String> inner = Asyncio.createTask(() -> Asyncio.sleep(100, "inner"));
            Task<String> caller = Asyncio.createTask(() -> Asyncio.waitFor(inner, timeout));
            Asyncio.sleep(1);
            assertTrue(caller.cancel());
            assertThrows(CancelledError.class, () -> Asyncio.await(caller));
            assertTrue(inner.cancelled());
            assertEquals(1.0, now());
            return null;
          });
    }
  }

  // scenarios: wait_for and shield 7
  @Test
  void resultBeforeTheDeadline() {
    Asyncio.runVirtual(
        () -> {
          Future<String> f = Asyncio.getRunningLoop().createFuture();
          Asyncio.getRunningLoop().callLater(0.1, () -> f.setResult("ok"));
          assertEquals("ok", Asyncio.waitFor(f, 0.2));
          assertEquals(0.1, now());
          Asyncio.sleep(1); // the timeout's timer is gone: nothing cancels us
          assertEquals(1.1, now(), 1e-9);
          return null;
        });
  }

  @Test
  void nullTimeoutIsAPlainAwait() {
    Asyncio.runVirtual(
        () -> {
          Future<String> f = Asyncio.getRunningLoop().createFuture();
          Asyncio.getRunningLoop().callLater(5000, () -> f.setResult("late"));
          assertEquals("late", Asyncio.waitFor(f, (Double) null));
          assertEquals("later", Asyncio.waitFor(() -> Asyncio.sleep(1, "later"), (Double) null));
          assertEquals(5001.0, now());
          return null;
        });
  }

  @Test
  void plainFutureIsCancelledOnTimeout() {
    Asyncio.runVirtual(
        () -> {
          Future<String> f = Asyncio.getRunningLoop().createFuture();
          assertThrows(TimeoutError.class, () -> Asyncio.waitFor(f, 0.5));
          assertTrue(f.cancelled());
          assertEquals(0.5, now());
          return null;
        });
  }

  @Test
  void innerExceptionBeforeTheDeadline() {
    Asyncio.runVirtual(
        () -> {
          java.io.IOException io = new java.io.IOException("io");
          Exception e =
              assertThrows(
                  java.io.IOException.class,
                  () ->
                      Asyncio.waitFor(
                          () -> {
                            Asyncio.sleep(0.1);
                            throw io;
                          },
                          1.0));
          assertSame(io, e);
          return null;
        });
  }

  @Test
  void misuse() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Asyncio.waitFor(() -> 1, 1.0));
    assertEquals(
        "waitFor() must be called from a coroutine running on an event loop", e.getMessage());
    Asyncio.runVirtual(
        () -> {
          Future<String> f = Asyncio.getRunningLoop().createFuture();
          assertThrows(IllegalArgumentException.class, () -> Asyncio.waitFor(f, Double.NaN));
          assertThrows(
              NullPointerException.class, () -> Asyncio.waitFor((Future<String>) null, 1.0));
          return null;
        });
  }
}
