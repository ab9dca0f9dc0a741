package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TaskGroupTest extends TestBase {
  private static double now() {
    return Asyncio.getRunningLoop().time();
  }

  private static Set<Class<?>> types(ExceptionGroup g) {
    Set<Class<?>> out = new HashSet<>();
    for (Throwable t : g.exceptions()) {
      out.add(t.getClass());
    }
    return out;
  }

  private static Integer fail(double after) throws Exception {
    Asyncio.sleep(after);
    int zero = 0;
    return 1 / zero;
  }

  // scenarios: taskgroup 1
  @Test
  void waitsForAllChildren() {
    Asyncio.runVirtual(
        () -> {
          List<Task<Integer>> ts = new ArrayList<>();
          String r =
              Asyncio.taskGroup(
                  tg -> {
                    ts.add(tg.createTask(() -> Asyncio.sleep(0.1, 42)));
                    ts.add(tg.createTask(() -> Asyncio.sleep(0.2, 11)));
                    return "body";
                  });
          assertEquals("body", r);
          assertEquals(42, ts.get(0).result());
          assertEquals(11, ts.get(1).result());
          assertEquals(0.2, now());
          return null;
        });
  }

  @Test
  void waitsForTasksCreatedLaterInTheBody() {
    Asyncio.runVirtual(
        () -> {
          List<Task<Integer>> ts = new ArrayList<>();
          Asyncio.taskGroup(
              tg -> {
                ts.add(tg.createTask(() -> Asyncio.sleep(0.1, 42)));
                Asyncio.sleep(0.15);
                ts.add(tg.createTask(() -> Asyncio.sleep(0.2, 11)));
                return null;
              });
          assertEquals(42, ts.get(0).result());
          assertEquals(11, ts.get(1).result());
          assertEquals(0.35, now(), 1e-9);
          return null;
        });
  }

  // scenarios: taskgroup 2
  @Test
  void cancellingOneChildYourselfIsFine() {
    Asyncio.runVirtual(
        () -> {
          Task<?>[] ts = new Task<?>[2];
          Asyncio.taskGroup(
              tg -> {
                ts[0] = tg.createTask(() -> Asyncio.sleep(1, 42));
                ts[1] = tg.createTask(() -> Asyncio.sleep(0.2, 11));
                Asyncio.sleep(0.1);
                ts[0].cancel();
                return null;
              });
          assertTrue(ts[0].cancelled());
          assertEquals(11, ts[1].result());
          assertEquals(0.2, now());
          return null;
        });
  }

  // scenarios: taskgroup 3
  @Test
  void firstFailureCancelsSiblings() {
    Asyncio.runVirtual(
        () -> {
          boolean[] foo2Cancelled = {false};
          boolean[] after = {false};
          ExceptionGroup g =
              assertThrows(
                  ExceptionGroup.class,
                  () ->
                      Asyncio.taskGroup(
                          tg -> {
                            tg.createTask(() -> fail(0.1));
                            tg.createTask(
                                () -> {
                                  try {
                                    Asyncio.sleep(10);
                                  } catch (CancelledError e) {
                                    foo2Cancelled[0] = true;
                                    throw e;
                                  }
                                  return 0;
                                });
                            return null;
                          }));
          after[0] = true;
          assertEquals(1, g.exceptions().size());
          assertInstanceOf(ArithmeticException.class, g.exceptions().get(0));
          assertSame(g.exceptions().get(0), g.getCause());
          assertTrue(foo2Cancelled[0]);
          assertEquals(0.1, now());
          return null;
        });
  }

  @Test
  void codeAfterTheFailedBlockDoesNotRun() {
    List<String> log = new ArrayList<>();
    assertThrows(
        ExceptionGroup.class,
        () ->
            Asyncio.runVirtual(
                () -> {
                  Asyncio.taskGroup(
                      tg -> {
                        tg.createTask(() -> fail(0.1));
                        return null;
                      });
                  log.add("after");
                  return null;
                }));
    assertEquals(List.of(), log);
  }

  // scenarios: taskgroup 4
  @Test
  void theBodyIsCancelledToo() {
    Asyncio.runVirtual(
        () -> {
          boolean[] bodyCancelled = {false};
          ExceptionGroup g =
              assertThrows(
                  ExceptionGroup.class,
                  () ->
                      Asyncio.taskGroup(
                          tg -> {
                            for (int i = 0; i < 3; i++) {
                              tg.createTask(() -> fail(0.1));
                            }
                            try {
                              Asyncio.sleep(10);
                            } catch (CancelledError e) {
                              bodyCancelled[0] = true;
                              throw e;
                            }
                            return null;
                          }));
          assertTrue(bodyCancelled[0]);
          assertEquals(Set.of(ArithmeticException.class), types(g));
          assertEquals(3, g.exceptions().size(), "all three failed in the same iteration");
          assertEquals(0.1, now());
          assertEquals(0, Asyncio.currentTask().cancelling());
          return null;
        });
  }

  // scenarios: taskgroup 5
  @Test
  void theBodyRaises() {
    Asyncio.runVirtual(
        () -> {
          Task<?>[] child = new Task<?>[1];
          ExceptionGroup g =
              assertThrows(
                  ExceptionGroup.class,
                  () ->
                      Asyncio.taskGroup(
                          tg -> {
                            child[0] = tg.createTask(() -> Asyncio.sleep(10, 1));
                            Asyncio.sleep(0.1);
                            int zero = 0;
                            return 1 / zero;
                          }));
          assertTrue(child[0].cancelled());
          assertEquals(Set.of(ArithmeticException.class), types(g));
          assertEquals(0.1, now());
          return null;
        });
  }

  @Test
  void failuresInOrderWithTheBodysLast() {
    Asyncio.runVirtual(
        () -> {
          IllegalStateException first = new IllegalStateException("child 1");
          IllegalArgumentException second = new IllegalArgumentException("child 2");
          java.io.IOException body = new java.io.IOException("body");
          ExceptionGroup g =
              assertThrows(
                  ExceptionGroup.class,
                  () ->
                      Asyncio.taskGroup(
                          tg -> {
                            tg.createTask(
                                () -> {
                                  Asyncio.sleep(0.1);
                                  throw first;
                                });
                            tg.createTask(
                                () -> {
                                  try {
                                    Asyncio.sleep(10);
                                  } catch (CancelledError e) {
                                    throw second; // fails while being cancelled
                                  }
                                  return null;
                                });
                            try {
                              Asyncio.sleep(10);
                            } catch (CancelledError e) {
                              throw body;
                            }
                            return null;
                          }));
          assertEquals(List.of(first, second, body), g.exceptions());
          assertEquals("unhandled errors in a TaskGroup (3 sub-exceptions)", g.getMessage());
          return null;
        });
  }

  // scenarios: taskgroup 8
  @Test
  void fatalErrorFromTheBodyPropagatesAsItself() {
    OutOfMemoryError oom = new OutOfMemoryError("simulated");
    Task<?>[] child = new Task<?>[1];
    OutOfMemoryError e =
        assertThrows(
            OutOfMemoryError.class,
            () ->
                Asyncio.runVirtual(
                    () ->
                        Asyncio.taskGroup(
                            tg -> {
                              child[0] = tg.createTask(() -> Asyncio.sleep(10, 1));
                              Asyncio.sleep(0.1);
                              throw oom;
                            })));
    assertSame(oom, e);
    assertTrue(child[0].cancelled(), "children were stopped first");
  }

  @Test
  void otherErrorsAreGrouped() {
    Asyncio.runVirtual(
        () -> {
          AssertionError custom = new AssertionError("an Error, not fatal");
          ExceptionGroup g =
              assertThrows(
                  ExceptionGroup.class,
                  () ->
                      Asyncio.taskGroup(
                          tg -> {
                            tg.createTask(() -> Asyncio.sleep(1, 1));
                            throw custom;
                          }));
          assertEquals(List.of(custom), g.exceptions());
          return null;
        });
  }

  // scenarios: taskgroup 10
  @Test
  void childrenAddChildren() {
    Asyncio.runVirtual(
        () -> {
          List<String> done = new ArrayList<>();
          Asyncio.taskGroup(
              tg -> {
                tg.createTask(
                    () -> {
                      Asyncio.sleep(0.1);
                      tg.createTask(
                          () -> {
                            Asyncio.sleep(0.1);
                            tg.createTask(
                                () -> {
                                  Asyncio.sleep(0.1);
                                  done.add("grandchild");
                                  return null;
                                });
                            done.add("child");
                            return null;
                          });
                      done.add("parent");
                      return null;
                    });
                return null;
              });
          assertEquals(List.of("parent", "child", "grandchild"), done);
          assertEquals(0.3, now(), 1e-9);
          return null;
        });
  }

  @Test
  void hydra() {
    Asyncio.runVirtual(
        () -> {
          int[] hydras = {0};
          ExceptionGroup g =
              assertThrows(
                  ExceptionGroup.class,
                  () ->
                      Asyncio.taskGroup(
                          tg -> {
                            tg.createTask(hydra(tg, hydras));
                            tg.createTask(
                                () -> {
                                  while (hydras[0] < 10) {
                                    Asyncio.sleep(0.015);
                                  }
                                  int zero = 0;
                                  return 1 / zero;
                                });
                            return null;
                          }));
          assertEquals(Set.of(ArithmeticException.class), types(g));
          assertTrue(hydras[0] >= 10);
          return null;
        });
  }

  private static Coroutine<Void> hydra(TaskGroup tg, int[] count) {
    return () -> {
      count[0]++;
      Asyncio.sleep(0.01);
      tg.createTask(hydra(tg, count));
      tg.createTask(hydra(tg, count));
      return null;
    };
  }

  @Test
  void nestedGroups() {
    Asyncio.runVirtual(
        () -> {
          boolean[] outerSiblingCancelled = {false};
          ExceptionGroup g =
              assertThrows(
                  ExceptionGroup.class,
                  () ->
                      Asyncio.taskGroup(
                          outer -> {
                            outer.createTask(
                                () -> {
                                  try {
                                    Asyncio.sleep(10);
                                  } catch (CancelledError e) {
                                    outerSiblingCancelled[0] = true;
                                    throw e;
                                  }
                                  return null;
                                });
                            Asyncio.taskGroup(
                                inner -> {
                                  inner.createTask(() -> fail(0.1));
                                  return null;
                                });
                            return null;
                          }));
          assertEquals(1, g.exceptions().size());
          ExceptionGroup inner = assertInstanceOf(ExceptionGroup.class, g.exceptions().get(0));
          assertEquals(Set.of(ArithmeticException.class), types(inner));
          assertTrue(outerSiblingCancelled[0]);
          assertEquals(0, Asyncio.currentTask().cancelling());
          return null;
        });
  }

  @Test
  void innerGroupFailureCaughtInsideTheOuterBody() {
    Asyncio.runVirtual(
        () -> {
          String r =
              Asyncio.taskGroup(
                  outer -> {
                    Task<Integer> sibling = outer.createTask(() -> Asyncio.sleep(0.5, 7));
                    assertThrows(
                        ExceptionGroup.class,
                        () ->
                            Asyncio.taskGroup(
                                inner -> {
                                  inner.createTask(() -> fail(0.1));
                                  return null;
                                }));
                    Asyncio.sleep(0.1); // not cancelled: the inner group took its request back
                    assertFalse(sibling.done());
                    return "recovered";
                  });
          assertEquals("recovered", r);
          assertEquals(0.5, now());
          return null;
        });
  }

  @Test
  void parentCancelledFromOutsideGivesCancelledErrorNotAGroup() {
    Asyncio.runVirtual(
        () -> {
          Task<?>[] child = new Task<?>[1];
          Task<Void> parent =
              Asyncio.createTask(
                  () ->
                      Asyncio.taskGroup(
                          tg -> {
                            child[0] = tg.createTask(() -> Asyncio.sleep(10, 1));
                            Asyncio.sleep(10);
                            return null;
                          }));
          Asyncio.sleep(1);
          parent.cancel("from outside");
          CancelledError e = assertThrows(CancelledError.class, () -> Asyncio.await(parent));
          assertEquals("from outside", e.getMessage());
          assertTrue(parent.cancelled());
          assertTrue(child[0].cancelled());
          return null;
        });
  }

  @Test
  void parentCancelledWhileWaitingForChildren() {
    Asyncio.runVirtual(
        () -> {
          Task<?>[] child = new Task<?>[1];
          Task<Void> parent =
              Asyncio.createTask(
                  () ->
                      Asyncio.taskGroup(
                          tg -> {
                            child[0] = tg.createTask(() -> Asyncio.sleep(10, 1));
                            return null; // the group now waits for the child
                          }));
          Asyncio.sleep(1);
          parent.cancel();
          assertThrows(CancelledError.class, () -> Asyncio.await(parent));
          assertTrue(child[0].cancelled());
          assertEquals(1.0, now());
          return null;
        });
  }

  // scenarios: taskgroup 11
  @Test
  void lifecycleErrors() {
    Asyncio.runVirtual(
        () -> {
          TaskGroup fresh = new TaskGroup();
          IllegalStateException notEntered =
              assertThrows(IllegalStateException.class, () -> fresh.createTask(() -> 1));
          assertTrue(
              notEntered.getMessage().endsWith("has not been entered"), notEntered.getMessage());

          TaskGroup tg = new TaskGroup();
          String[] twice = new String[1];
          tg.run(
              g -> {
                twice[0] =
                    assertThrows(IllegalStateException.class, () -> g.run(h -> null)).getMessage();
                return null;
              });
          assertEquals("TaskGroup[entered, tasks=0, errors=0] has already been entered", twice[0]);

          boolean[] ran = {false};
          TaskGroup done = new TaskGroup();
          done.run(g -> null);
          IllegalStateException finished =
              assertThrows(
                  IllegalStateException.class,
                  () ->
                      done.createTask(
                          () -> {
                            ran[0] = true;
                            return null;
                          }));
          assertTrue(finished.getMessage().endsWith("is finished"), finished.getMessage());
          assertThrows(IllegalStateException.class, () -> done.run(g -> null));

          String[] shuttingDown = new String[1];
          assertThrows(
              ExceptionGroup.class,
              () ->
                  Asyncio.taskGroup(
                      g -> {
                        g.createTask(() -> fail(0));
                        try {
                          Asyncio.sleep(1);
                        } catch (CancelledError e) {
                          shuttingDown[0] =
                              assertThrows(
                                      IllegalStateException.class,
                                      () ->
                                          g.createTask(
                                              () -> {
                                                ran[0] = true;
                                                return null;
                                              }))
                                  .getMessage();
                          throw e;
                        }
                        return null;
                      }));
          assertTrue(shuttingDown[0].endsWith("is shutting down"), shuttingDown[0]);
          Asyncio.sleep(0);
          assertFalse(ran[0], "a refused coroutine never runs");
          return null;
        });
    IllegalStateException outside =
        assertThrows(IllegalStateException.class, () -> Asyncio.taskGroup(tg -> null));
    assertEquals(
        "taskGroup() must be called from a coroutine running on an event loop",
        outside.getMessage());
    assertThrows(NullPointerException.class, () -> new TaskGroup().run(null));
  }

  // scenarios: taskgroup 12
  @Test
  void cancelCountIsRestored() {
    Task<?>[] self = new Task<?>[1];
    String r =
        Asyncio.runVirtual(
            () -> {
              self[0] = Asyncio.currentTask();
              try {
                Asyncio.taskGroup(
                    tg -> {
                      tg.createTask(() -> fail(0.1));
                      Asyncio.sleep(10);
                      return null;
                    });
              } catch (ExceptionGroup e) {
                // handled
              }
              assertEquals(0, Asyncio.currentTask().cancelling());
              Asyncio.sleep(0.5); // not cancelled
              return "after " + now();
            });
    assertEquals("after 0.6", r);
    assertFalse(self[0].cancelled());
  }

  // scenarios: taskgroup 14
  @Test
  void outsideCancelPlusChildError() {
    Asyncio.runVirtual(
        () -> {
          int[] cancellingAfter = {-1};
          boolean[] sleptAfter = {false};
          Task<Void> t =
              Asyncio.createTask(
                  () -> {
                    try {
                      Asyncio.taskGroup(
                          tg -> {
                            tg.createTask(
                                () -> {
                                  try {
                                    Asyncio.sleep(10);
                                  } catch (CancelledError e) {
                                    throw new IllegalStateException("error while cancelled");
                                  }
                                  return null;
                                });
                            Asyncio.sleep(10);
                            return null;
                          });
                    } catch (ExceptionGroup e) {
                      cancellingAfter[0] = Asyncio.currentTask().cancelling();
                    }
                    Asyncio.sleep(1); // the outside cancellation is still pending
                    sleptAfter[0] = true;
                    return null;
                  });
          Asyncio.sleep(0.1);
          t.cancel();
          assertThrows(CancelledError.class, () -> Asyncio.await(t));
          assertEquals(1, cancellingAfter[0]);
          assertFalse(sleptAfter[0]);
          assertTrue(t.cancelled());
          return null;
        });
  }

  @Test
  void eagerTaskThatFinishesAtOnce() {
    try (EventLoop loop = EventLoop.create(Clock.virtual())) {
      loop.setEagerTasks(true);
      List<Integer> r =
          loop.runUntilComplete(
              () -> {
                List<Integer> out = new ArrayList<>();
                Asyncio.taskGroup(
                    tg -> {
                      Task<Integer> quick = tg.createTask(() -> 5);
                      assertTrue(quick.done());
                      out.add(quick.result());
                      return null;
                    });
                assertThrows(
                    ExceptionGroup.class,
                    () ->
                        Asyncio.taskGroup(
                            tg -> {
                              tg.createTask(
                                  () -> {
                                    throw new IllegalStateException("eager failure");
                                  });
                              Asyncio.sleep(10);
                              return null;
                            }));
                out.add((int) Asyncio.getRunningLoop().time());
                return out;
              });
      assertEquals(List.of(5, 0), r);
    }
  }

  @Test
  void toStringShowsState() {
    TaskGroup tg = new TaskGroup();
    assertTrue(tg.toString().contains("created"), tg.toString());
    Asyncio.runVirtual(
        () ->
            tg.run(
                g -> {
                  g.createTask(() -> Asyncio.sleep(1, 1));
                  assertTrue(g.toString().contains("tasks=1"), g.toString());
                  return null;
                }));
    assertTrue(tg.toString().contains("finished"), tg.toString());
  }
}
