package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TaskTest extends TestBase {
  private final EventLoop loop = EventLoop.create(Clock.virtual());

  @AfterEach
  void closeLoop() {
    loop.close();
  }

  @Test
  void firstStepIsScheduledNotInline() {
    expect(1);
    Task<Integer> t = loop.createTask(() -> { expect(3); return 7; });
    expect(2);
    assertFalse(t.done());
    assertEquals(7, loop.runUntilComplete(t));
    assertTrue(t.done());
    assertEquals(7, t.result());
    finish(4);
  }

  @Test
  void resultAndExceptionPassThroughUnchanged() {
    IOException boom = new IOException("boom");
    Task<Integer> t = loop.createTask(() -> { Asyncio.sleep(1); throw boom; });
    assertSame(boom, assertThrows(IOException.class, () -> loop.runUntilComplete(t)));
    assertSame(boom, t.exception());
    assertFalse(t.cancelled());
    int r =
        loop.runUntilComplete(
            () -> {
              try {
                Asyncio.await(t);
              } catch (Exception e) {
                assertSame(boom, e);
              }
              return 1;
            });
    assertEquals(1, r);
  }

  // scenarios: tasks 16
  @Test
  void taskAwaitingItself() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> loop.runUntilComplete(() -> Asyncio.await(Asyncio.currentTask())));
    assertTrue(e.getMessage().startsWith("Task cannot await on itself"), e.getMessage());
  }

  // scenarios: tasks 16
  @Test
  void setResultAndSetExceptionOnATask() {
    Task<Integer> t = loop.createTask(() -> 1);
    IllegalStateException a = assertThrows(IllegalStateException.class, () -> t.setResult(2));
    assertEquals("Task does not support setResult()", a.getMessage());
    IllegalStateException b =
        assertThrows(IllegalStateException.class, () -> t.setException(new IOException()));
    assertEquals("Task does not support setException()", b.getMessage());
    assertEquals(1, loop.runUntilComplete(t));
    assertThrows(IllegalStateException.class, () -> t.setResult(2));
  }

  // scenarios: tasks 17
  @Test
  void sleepZeroYieldsExactlyOnce() {
    List<String> log = new ArrayList<>();
    int r =
        loop.runUntilComplete(
            () -> {
              loop.callSoon(() -> log.add("cb"));
              log.add("before");
              int v = Asyncio.sleep(0, 10);
              log.add("after");
              return v;
            });
    assertEquals(10, r);
    assertEquals(List.of("before", "cb", "after"), log);
  }

  @Test
  void sleepZeroLetsEveryReadyTaskRunOnce() {
    List<String> log = new ArrayList<>();
    loop.runUntilComplete(
        () -> {
          for (String name : List.of("a", "b")) {
            Asyncio.createTask(
                () -> {
                  for (int i = 0; i < 3; i++) {
                    log.add(name + i);
                    Asyncio.sleep(0);
                  }
                  return null;
                });
          }
          Asyncio.sleep(0);
          Asyncio.sleep(0);
          Asyncio.sleep(0);
          Asyncio.sleep(0);
          return null;
        });
    assertEquals(List.of("a0", "b0", "a1", "b1", "a2", "b2"), log);
  }

  @Test
  void awaitingADoneFutureDoesNotSuspend() {
    Future<Integer> done = loop.createFuture();
    done.setResult(5);
    loop.runUntilComplete(
        () -> {
          expect(1);
          loop.callSoon(() -> expect(3));
          int v = Asyncio.await(done);
          expect(2);
          assertEquals(5, v);
          Task<Integer> finished = Asyncio.createTask(() -> 6);
          Asyncio.sleep(0); // runs the callback, then `finished` (queued before this task's step)
          expect(4);
          assertTrue(finished.done());
          loop.callSoon(() -> expect(6));
          assertEquals(6, Asyncio.await(finished)); // does not suspend either
          expect(5);
          Asyncio.sleep(0);
          finish(7);
          return null;
        });
  }

  // ---- names and toString -------------------------------------------------------------------

  @Test
  void namesAreTaskN() {
    Task<Void> a = loop.createTask(() -> null);
    Task<Void> b = loop.createTask(() -> null);
    assertTrue(a.getName().matches("Task-\\d+"), a.getName());
    long na = Long.parseLong(a.getName().substring(5));
    long nb = Long.parseLong(b.getName().substring(5));
    assertTrue(nb > na, a.getName() + " then " + b.getName());
    Task<Void> c = loop.createTask(() -> null, "worker");
    assertEquals("worker", c.getName());
    c.setName("renamed");
    assertEquals("renamed", c.getName());
    assertEquals("name", assertThrows(NullPointerException.class, () -> c.setName(null)).getMessage());
    loop.runUntilComplete(c);
    loop.runUntilComplete(a);
    loop.runUntilComplete(b);
  }

  @Test
  void toStringShowsStateAndWaiter() {
    Future<Integer> f = loop.createFuture();
    Task<Integer> t = loop.createTask(() -> Asyncio.await(f), "waiter");
    assertEquals("Task[name=waiter, pending]", t.toString());
    loop.runUntilComplete(() -> Asyncio.sleep(0, null));
    assertTrue(
        t.toString().matches("Task\\[name=waiter, pending, waiting on Future@[0-9a-f]+\\[pending]]"),
        t.toString());
    Task<Integer> outer = loop.createTask(() -> Asyncio.await(t), "outer");
    loop.runUntilComplete(() -> Asyncio.sleep(0, null));
    assertEquals("Task[name=outer, pending, waiting on Task[name=waiter]]", outer.toString());
    outer.cancel();
    assertEquals(
        "Task[name=outer, pending, cancelling, waiting on Task[name=waiter]]", outer.toString());
    assertTrue(f.cancelled(), "the cancellation went down to the future");
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(outer));
    assertEquals("Task[name=waiter, cancelled]", t.toString());
    assertEquals("Task[name=outer, cancelled]", outer.toString());
    Task<Integer> ok = loop.createTask(() -> 3, "ok");
    loop.runUntilComplete(ok);
    assertEquals("Task[name=ok, finished result=3]", ok.toString());
    Task<Integer> failed = loop.createTask(() -> { throw new IOException("io"); }, "failed");
    assertThrows(IOException.class, () -> loop.runUntilComplete(failed));
    assertEquals("Task[name=failed, finished exception=java.io.IOException: io]", failed.toString());
  }

  // ---- getStack -----------------------------------------------------------------------------

  private static Integer parkHere(Future<Integer> f) {
    return Asyncio.await(f);
  }

  @Test
  void getStackShowsWhereASuspendedTaskWaits() {
    Future<Integer> f = loop.createFuture();
    Task<Integer> t = loop.createTask(() -> parkHere(f));
    assertEquals(List.of(), t.getStack(), "not started");
    loop.runUntilComplete(() -> Asyncio.sleep(0, null));
    List<StackTraceElement> stack = t.getStack();
    assertTrue(
        stack.stream()
            .anyMatch(
                e -> e.getClassName().equals(TaskTest.class.getName())
                    && e.getMethodName().equals("parkHere")),
        stack.toString());
    assertTrue(
        stack.stream()
            .noneMatch(
                e -> e.getClassName().startsWith("io.jasyncio.internal.")
                    || e.getClassName().startsWith("jdk.internal.")
                    || e.getClassName().startsWith("java.lang.VirtualThread")),
        stack.toString());
    // Innermost first: Asyncio.await comes before the user's frame.
    int await = indexOf(stack, Asyncio.class.getName(), "await");
    int park = indexOf(stack, TaskTest.class.getName(), "parkHere");
    assertTrue(await >= 0 && await < park, stack.toString());
    f.setResult(1);
    loop.runUntilComplete(t);
    assertEquals(List.of(), t.getStack(), "done");
  }

  @Test
  void getStackOfTheRunningTaskIsEmpty() {
    List<StackTraceElement> own =
        loop.runUntilComplete(() -> Asyncio.currentTask().getStack());
    assertEquals(List.of(), own);
  }

  private static int indexOf(List<StackTraceElement> stack, String cls, String method) {
    for (int i = 0; i < stack.size(); i++) {
      if (stack.get(i).getClassName().equals(cls) && stack.get(i).getMethodName().equals(method)) {
        return i;
      }
    }
    return -1;
  }

  // ---- currentTask / allTasks ---------------------------------------------------------------

  @Test
  void currentTaskAndAllTasks() {
    assertNull(Asyncio.currentTask());
    AtomicReference<Task<?>> inCallback = new AtomicReference<>();
    Task<Set<Task<?>>> main =
        loop.createTask(
            () -> {
              Task<?> me = Asyncio.currentTask();
              Future<Void> gate = Asyncio.getRunningLoop().createFuture();
              Task<Void> child = Asyncio.createTask(() -> Asyncio.await(gate), "child");
              Task<Integer> quick = Asyncio.createTask(() -> 1, "quick");
              Asyncio.getRunningLoop().callSoon(() -> inCallback.set(Asyncio.currentTask()));
              assertEquals(Set.of(me, child, quick), Asyncio.allTasks());
              Asyncio.sleep(0);
              assertTrue(quick.done());
              Set<Task<?>> live = Asyncio.allTasks();
              assertEquals(Set.of(me, child), live);
              gate.setResult(null);
              Asyncio.await(child);
              assertEquals(Set.of(me), Asyncio.allTasks());
              assertSame(me, Asyncio.currentTask());
              return live;
            },
            "main");
    Set<Task<?>> live = loop.runUntilComplete(main);
    assertEquals(List.of("main", "child"), live.stream().map(Task::getName).toList());
    assertNull(inCallback.get(), "a plain callback runs outside any task");
    assertNull(Asyncio.currentTask());
    IllegalStateException e = assertThrows(IllegalStateException.class, Asyncio::allTasks);
    assertTrue(e.getMessage().contains("allTasks()"), e.getMessage());
  }

  @Test
  void loopHoldsUnfinishedTasksStrongly() {
    AtomicReference<WeakReference<Future<String>>> gateRef = new AtomicReference<>();
    List<String> log = new ArrayList<>();
    WeakReference<Task<String>> taskRef = startForgottenTask(gateRef, log);
    loop.runUntilComplete(() -> Asyncio.sleep(0, null));
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    assertNotNull(taskRef.get(), "the loop keeps the task");
    Future<String> gate = gateRef.get().get();
    assertNotNull(gate, "and what it waits on");
    gate.setResult("go");
    gate = null;
    loop.runUntilComplete(() -> Asyncio.sleep(0, Asyncio.sleep(0, null)));
    assertEquals(List.of("started", "finished go"), log);
  }

  private WeakReference<Task<String>> startForgottenTask(
      AtomicReference<WeakReference<Future<String>>> gateRef, List<String> log) {
    Task<String> t =
        loop.createTask(
            () -> {
              Future<String> gate = Asyncio.getRunningLoop().createFuture();
              gateRef.set(new WeakReference<>(gate));
              log.add("started");
              String v = Asyncio.await(gate);
              log.add("finished " + v);
              return v;
            });
    return new WeakReference<>(t);
  }

  // ---- eager tasks --------------------------------------------------------------------------

  @Test
  void eagerTaskThatDoesNotSuspendIsDoneAtOnce() {
    loop.setEagerTasks(true);
    assertTrue(loop.getEagerTasks());
    loop.runUntilComplete(
        () -> {
          expect(1);
          Task<Integer> t =
              Asyncio.createTask(
                  () -> {
                    expect(2);
                    assertSame(Asyncio.currentTask(), Asyncio.currentTask());
                    return 42;
                  });
          expect(3);
          assertTrue(t.done());
          assertEquals(42, t.result());
          assertFalse(Asyncio.allTasks().contains(t));
          assertFalse(t.cancel());
          finish(4);
          return null;
        });
  }

  @Test
  void eagerTaskThatSuspendsContinuesLater() {
    loop.setEagerTasks(true);
    loop.runUntilComplete(
        () -> {
          Task<?> main = Asyncio.currentTask();
          expect(1);
          Task<Integer> t =
              Asyncio.createTask(
                  () -> {
                    expect(2);
                    Task<?> me = Asyncio.currentTask();
                    assertTrue(me != main);
                    Asyncio.sleep(0);
                    expect(5);
                    assertSame(me, Asyncio.currentTask());
                    return 7;
                  },
                  "eager");
          expect(3);
          assertSame(main, Asyncio.currentTask());
          assertFalse(t.done());
          assertTrue(Asyncio.allTasks().contains(t));
          expect(4);
          assertEquals(7, Asyncio.await(t));
          finish(6);
          return null;
        });
  }

  @Test
  void eagerTaskFailingAtOnce() {
    loop.setEagerTasks(true);
    IOException boom = new IOException("eager boom");
    loop.runUntilComplete(
        () -> {
          Task<Integer> t = Asyncio.createTask(() -> { throw boom; });
          assertTrue(t.done());
          assertSame(boom, t.exception());
          return null;
        });
  }

  @Test
  void eagerModeAppliesOnlyOnARunningLoop() {
    loop.setEagerTasks(true);
    List<String> log = new ArrayList<>();
    Task<Void> t = loop.createTask(() -> { log.add("ran"); return null; });
    assertEquals(List.of(), log, "not running: scheduled as usual");
    loop.runUntilComplete(t);
    assertEquals(List.of("ran"), log);
  }

  @Test
  void eagerTasksAreCancellable() {
    loop.setEagerTasks(true);
    loop.runUntilComplete(
        () -> {
          List<String> log = new ArrayList<>();
          Task<Void> sleeper =
              Asyncio.createTask(
                  () -> {
                    try {
                      Asyncio.sleep(10);
                    } finally {
                      log.add("finally");
                    }
                    return null;
                  });
          assertTrue(sleeper.cancel("stop"));
          CancelledError e = assertThrows(CancelledError.class, () -> Asyncio.await(sleeper));
          assertEquals("stop", e.getMessage());
          assertTrue(sleeper.cancelled());
          assertEquals(List.of("finally"), log);

          Task<Integer> selfCancel =
              Asyncio.createTask(
                  () -> {
                    Asyncio.currentTask().cancel();
                    return 12;
                  });
          assertTrue(selfCancel.cancelled(), "self-cancel then return, eagerly");
          return null;
        });
  }

  @Test
  void runUntilCompleteOfACoroutine() {
    assertEquals("x", loop.runUntilComplete(() -> Asyncio.sleep(1, "x")));
    assertEquals(1.0, loop.time());
  }
}
