package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GatherTest extends TestBase {
  private EventLoop loop;

  @BeforeEach
  void newLoop() {
    loop = EventLoop.create(Clock.virtual());
  }

  @AfterEach
  void closeLoop() {
    loop.close();
  }

  /** Runs the loop for a few iterations, so that scheduled callbacks have run. */
  static void tick(EventLoop loop) {
    loop.runUntilComplete(
        () -> {
          Asyncio.sleep(0);
          return null;
        });
  }

  private <T> Future<T> fut() {
    return loop.createFuture();
  }

  // scenarios: gather 1
  @Test
  void resultsInArgumentOrder() {
    Future<Integer> a = fut();
    Future<Integer> b = fut();
    Future<Integer> c = fut();
    Future<List<Object>> g = Asyncio.gather(a, b, c);
    int[] calls = {0};
    g.addDoneCallback(x -> calls[0]++);
    tick(loop);
    assertFalse(g.done());
    b.setResult(1);
    a.setResult(2);
    tick(loop);
    assertFalse(g.done());
    c.setResult(3);
    tick(loop);
    assertTrue(g.done());
    assertEquals(List.of(2, 1, 3), g.result());
    assertEquals(1, calls[0]);
  }

  // scenarios: gather 2
  @Test
  void firstExceptionWinsAndLeavesOthersRunning() {
    List<Future<Integer>> fs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      fs.add(fut());
    }
    Future<List<Integer>> g = Asyncio.gather(fs);
    fs.get(0).setResult(1);
    ArithmeticException z = new ArithmeticException("/ by zero");
    fs.get(1).setException(z);
    tick(loop);
    assertTrue(g.done());
    assertFalse(g.cancelled());
    assertSame(z, g.exception());
    for (int i = 2; i < 5; i++) {
      assertFalse(fs.get(i).done(), "child " + i + " left alone");
    }
    // The others finish later without changing the outcome.
    fs.get(2).setResult(3);
    fs.get(3).setException(new IllegalStateException("late"));
    fs.get(4).cancel();
    tick(loop);
    assertSame(z, g.exception());
  }

  @Test
  void firstExceptionReachesAwaiterUnchangedAtItsTime() {
    Object[] r =
        Asyncio.runVirtual(
            () -> {
              Task<String> slow = Asyncio.createTask(() -> Asyncio.sleep(5, "slow"));
              Task<String> bad =
                  Asyncio.createTask(
                      () -> {
                        Asyncio.sleep(1);
                        throw new java.io.IOException("disk");
                      });
              Future<List<String>> g = Asyncio.gather(List.of(slow, bad));
              Exception e = assertThrows(java.io.IOException.class, () -> Asyncio.await(g));
              double t = Asyncio.getRunningLoop().time();
              boolean slowRunning = !slow.done();
              String slowResult = Asyncio.await(slow);
              return new Object[] {e.getMessage(), t, slowRunning, slowResult};
            });
    assertEquals(List.of("disk", 1.0, true, "slow"), Arrays.asList(r));
  }

  // scenarios: gather 3
  @Test
  void returnExceptionsPutsThemInTheList() {
    Future<Object> a = fut();
    Future<Object> b = fut();
    Future<Object> c = fut();
    Future<Object> d = fut();
    Future<List<Object>> g = Asyncio.gather(List.of(a, b, c, d), true);
    b.setResult(1);
    IllegalStateException exc = new IllegalStateException("exc");
    c.setException(exc);
    a.setResult(3);
    tick(loop);
    assertFalse(g.done());
    IllegalArgumentException exc2 = new IllegalArgumentException("exc2");
    d.setException(exc2);
    tick(loop);
    List<Object> r = g.result();
    assertEquals(4, r.size());
    assertEquals(3, r.get(0));
    assertEquals(1, r.get(1));
    assertSame(exc, r.get(2));
    assertSame(exc2, r.get(3));
  }

  // scenarios: gather 5
  @Test
  void returnExceptionsPutsCancelledErrorInstancesInTheList() {
    List<Future<Object>> fs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      fs.add(fut());
    }
    Future<List<Object>> g = Asyncio.gather(fs, true);
    ArithmeticException zde = new ArithmeticException("zde");
    RuntimeException rte = new RuntimeException("rte");
    fs.get(0).setResult(1);
    fs.get(1).setException(zde);
    fs.get(2).cancel();
    fs.get(3).setResult(3);
    fs.get(4).cancel("why");
    fs.get(5).setException(rte);
    tick(loop);
    List<Object> r = g.result();
    assertEquals(1, r.get(0));
    assertSame(zde, r.get(1));
    assertInstanceOf(CancelledError.class, r.get(2));
    assertNull(((CancelledError) r.get(2)).getMessage());
    assertEquals(3, r.get(3));
    assertInstanceOf(CancelledError.class, r.get(4));
    assertEquals("why", ((CancelledError) r.get(4)).getMessage());
    assertSame(rte, r.get(5));
    assertFalse(g.cancelled());
  }

  @Test
  void childCancellationSurfacesAsCancelledError() {
    Future<Integer> a = fut();
    Future<Integer> b = fut();
    Future<List<Object>> g = Asyncio.gather(a, b);
    a.cancel("child");
    tick(loop);
    assertTrue(g.done());
    assertFalse(g.cancelled(), "the gather itself was not cancelled");
    CancelledError e = assertThrows(CancelledError.class, g::result);
    assertEquals("child", e.getMessage());
    assertFalse(b.done(), "the other child keeps running");
  }

  // scenarios: gather 6
  @Test
  void outerCancelReachesAllChildren() {
    int[] proof = {0};
    Future<Void> waiter = fut();
    Task<Void> child1 =
        loop.createTask(
            () -> {
              Asyncio.await(waiter);
              proof[0] += 1;
              return null;
            });
    Task<Void> child2 =
        loop.createTask(
            () -> {
              Asyncio.await(waiter);
              proof[0] += 1;
              return null;
            });
    List<Future<List<Object>>> gatherer = new ArrayList<>();
    Task<Void> outer =
        loop.createTask(
            () -> {
              Future<List<Object>> g = Asyncio.gather(child1, child2);
              gatherer.add(g);
              Asyncio.await(g);
              proof[0] += 100;
              return null;
            });
    tick(loop);
    assertTrue(outer.cancel());
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(outer));
    assertFalse(gatherer.get(0).cancel());
    assertTrue(gatherer.get(0).cancelled());
    assertTrue(waiter.cancelled());
    assertTrue(child1.cancelled());
    assertTrue(child2.cancelled());
    tick(loop);
    assertEquals(0, proof[0]);
  }

  @Test
  void cancellingTheGatherCancelsChildrenWithTheMessage() {
    Task<Integer> a = loop.createTask(() -> Asyncio.sleep(10, 1));
    Future<Integer> b = fut();
    Future<Integer> done = fut();
    done.setResult(7);
    Future<List<Integer>> g = Asyncio.gather(List.of(a, b, done), true);
    tick(loop);
    assertTrue(g.cancel("enough"));
    assertTrue(b.cancelled());
    tick(loop);
    assertTrue(a.cancelled());
    assertTrue(g.cancelled(), "cancelled even with returnExceptions");
    CancelledError e = assertThrows(CancelledError.class, g::result);
    assertEquals("enough", e.getMessage());
    assertFalse(g.cancel());
  }

  @Test
  void gatherCancelledEvenIfAChildSwallowsTheCancellation() {
    Task<String> stubborn =
        loop.createTask(
            () -> {
              try {
                Asyncio.sleep(10);
              } catch (CancelledError e) {
                return "ignored";
              }
              return "slept";
            });
    Future<List<String>> g = Asyncio.gather(List.of(stubborn));
    tick(loop);
    assertTrue(g.cancel());
    tick(loop);
    assertEquals("ignored", stubborn.result());
    assertTrue(g.cancelled());
  }

  @Test
  void childFailingWhileCancelledGivesItsException() {
    IllegalStateException cleanup = new IllegalStateException("cleanup failed");
    Task<String> a =
        loop.createTask(
            () -> {
              try {
                Asyncio.sleep(10);
              } catch (CancelledError e) {
                throw cleanup;
              }
              return "slept";
            });
    Task<String> b = loop.createTask(() -> Asyncio.sleep(10, "b"));
    Future<List<String>> g = Asyncio.gather(List.of(a, b));
    tick(loop);
    assertTrue(g.cancel());
    tick(loop);
    assertTrue(b.cancelled());
    assertFalse(g.cancelled());
    assertSame(cleanup, g.exception());
  }

  @Test
  void cancelReturnsFalseWhenNoChildCanBeCancelled() {
    Future<Integer> a = fut();
    Future<List<Object>> g = Asyncio.gather(a);
    a.setResult(1);
    assertFalse(g.cancel(), "the only child is already done");
    tick(loop);
    assertEquals(List.of(1), g.result());
  }

  // scenarios: gather 9
  @Test
  void sameCoroutineTwiceRunsOnce() {
    int[] runs = {0};
    Coroutine<String> c =
        () -> {
          runs[0]++;
          Asyncio.sleep(0.1);
          return "abc";
        };
    List<String> r =
        loop.runUntilComplete(
            () -> Asyncio.await(Asyncio.gatherCoroutines(List.of(c, c, () -> "def", c))));
    assertEquals(List.of("abc", "abc", "def", "abc"), r);
    assertEquals(1, runs[0]);
  }

  @Test
  void sameFutureTwice() {
    Future<String> a = fut();
    Future<List<Object>> g = Asyncio.gather(a, a);
    a.setResult("x");
    tick(loop);
    assertEquals(List.of("x", "x"), g.result());
  }

  @Test
  void gatherOfNothingIsDoneWithEmptyList() {
    List<Object> r =
        loop.runUntilComplete(
            () -> {
              Future<List<Object>> g = Asyncio.gather();
              assertTrue(g.done());
              assertSame(loop, g.getLoop());
              assertTrue(Asyncio.gatherCoroutines(List.of()).done());
              return Asyncio.await(g);
            });
    assertEquals(List.of(), r);
  }

  @Test
  void futuresOfTwoLoopsAreRejected() {
    try (EventLoop other = EventLoop.create(Clock.virtual())) {
      Future<Integer> a = fut();
      Future<Integer> b = other.createFuture();
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Asyncio.gather(a, b));
      assertTrue(e.getMessage().contains("one event loop"), e.getMessage());
    }
  }

  @Test
  void nullsAreRejected() {
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> Asyncio.gather((List<Future<Object>>) null));
    assertEquals("futures", e.getMessage());
    assertThrows(NullPointerException.class, () -> Asyncio.gather(fut(), null));
    assertThrows(NullPointerException.class, () -> Asyncio.gatherCoroutines(null));
  }

  // scenarios: gather 10
  @Test
  void everyChildFailsAwaiterGetsTheFirstOthersMarkedRetrieved() throws Exception {
    loop.setDebug(true);
    RuntimeException first = new RuntimeException("first");
    RuntimeException second = new RuntimeException("second");
    Task<Void> a =
        loop.createTask(
            () -> {
              throw first;
            });
    Task<Void> b =
        loop.createTask(
            () -> {
              Asyncio.sleep(0);
              throw second;
            });
    Task<Throwable> awaiter =
        loop.createTask(
            () -> {
              try {
                Asyncio.await(Asyncio.gather(a, b));
                return null;
              } catch (RuntimeException e) {
                return e;
              }
            });
    assertSame(first, loop.runUntilComplete(awaiter));
    tick(loop);
    assertTrue(b.done());
    assertTrue(retrieved(a), "the first was handed to the awaiter");
    assertTrue(retrieved(b), "the second is marked retrieved: nothing to report");
  }

  /** Whether a failed future's exception counts as retrieved (debug mode's unretrieved report). */
  static boolean retrieved(Future<?> f) throws Exception {
    Field reporter = Future.class.getDeclaredField("reporter");
    reporter.setAccessible(true);
    Object r = reporter.get(f);
    Field flag = r.getClass().getDeclaredField("retrieved");
    flag.setAccessible(true);
    return (boolean) flag.get(r);
  }

  @Test
  void gatherCoroutinesCreatesTasksOnTheRunningLoop() {
    List<Integer> r =
        loop.runUntilComplete(
            () -> {
              Future<List<Integer>> g =
                  Asyncio.gatherCoroutines(
                      List.of(() -> Asyncio.sleep(0.2, 1), () -> Asyncio.sleep(0.1, 2)));
              List<Integer> out = Asyncio.await(g);
              assertEquals(0.2, Asyncio.getRunningLoop().time());
              return out;
            });
    assertEquals(List.of(1, 2), r);
  }
}
