package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WaitTest extends TestBase {
  private static double now() {
    return Asyncio.getRunningLoop().time();
  }

  /** The done callbacks registered on {@code f} (null when none). */
  static Object callbacks(Future<?> f) throws Exception {
    Field field = Future.class.getDeclaredField("callbacks");
    field.setAccessible(true);
    return field.get(f);
  }

  // scenarios: wait 1
  @Test
  void allCompleted() {
    Asyncio.runVirtual(
        () -> {
          Task<String> a = Asyncio.createTask(() -> Asyncio.sleep(0.1, "a"));
          Task<String> b = Asyncio.createTask(() -> Asyncio.sleep(0.15, "b"));
          WaitResult<String> r = Asyncio.wait(List.of(b, a));
          assertEquals(Set.of(a, b), r.done());
          assertEquals(Set.of(), r.pending());
          assertEquals(0.15, now());
          // Again: returns at once.
          WaitResult<String> again = Asyncio.wait(List.of(b, a));
          assertEquals(Set.of(a, b), again.done());
          assertEquals(0.15, now());
          assertEquals("a", a.result());
          return null;
        });
  }

  // scenarios: wait 2
  @Test
  void firstCompletedLeavesTheOthersRunning() {
    Asyncio.runVirtual(
        () -> {
          Task<String> a = Asyncio.createTask(() -> Asyncio.sleep(10, "a"));
          Task<String> b = Asyncio.createTask(() -> Asyncio.sleep(0.1, "b"));
          WaitResult<String> r = Asyncio.wait(List.of(a, b), null, ReturnWhen.FIRST_COMPLETED);
          assertEquals(Set.of(b), r.done());
          assertEquals(Set.of(a), r.pending());
          assertEquals(0.1, now());
          assertFalse(a.cancelled());
          assertNull(callbacks(a), "no callback left registered on a pending future");
          assertEquals("a", Asyncio.await(a));
          assertEquals(10.0, now());
          return null;
        });
  }

  @Test
  void firstCompletedCountsACancellation() {
    Asyncio.runVirtual(
        () -> {
          Task<String> a = Asyncio.createTask(() -> Asyncio.sleep(10, "a"));
          Future<String> b = Asyncio.getRunningLoop().createFuture();
          Asyncio.getRunningLoop().callLater(0.5, b::cancel);
          WaitResult<String> r = Asyncio.wait(List.of(a, b), null, ReturnWhen.FIRST_COMPLETED);
          assertEquals(Set.of(b), r.done());
          assertEquals(0.5, now());
          a.cancel();
          return null;
        });
  }

  // scenarios: wait 4
  @Test
  void firstExceptionAtOnce() {
    Asyncio.runVirtual(
        () -> {
          Task<String> a = Asyncio.createTask(() -> Asyncio.sleep(10, "a"));
          Task<String> b =
              Asyncio.createTask(
                  () -> {
                    throw new ArithmeticException("zde");
                  });
          WaitResult<String> r = Asyncio.wait(List.of(a, b), null, ReturnWhen.FIRST_EXCEPTION);
          assertEquals(Set.of(b), r.done());
          assertEquals(Set.of(a), r.pending());
          assertEquals(0.0, now());
          assertThrows(ArithmeticException.class, b::result);
          a.cancel();
          return null;
        });
  }

  @Test
  void firstExceptionLater() {
    Asyncio.runVirtual(
        () -> {
          Task<String> a = Asyncio.createTask(() -> Asyncio.sleep(10, "a"));
          Task<String> ok = Asyncio.createTask(() -> Asyncio.sleep(0.005, "ok"));
          Task<String> b =
              Asyncio.createTask(
                  () -> {
                    Asyncio.sleep(0.01);
                    throw new ArithmeticException("zde");
                  });
          WaitResult<String> r = Asyncio.wait(List.of(a, ok, b), null, ReturnWhen.FIRST_EXCEPTION);
          assertEquals(Set.of(ok, b), r.done());
          assertEquals(Set.of(a), r.pending());
          assertEquals(0.01, now());
          a.cancel();
          return null;
        });
  }

  @Test
  void firstExceptionWithoutFailureWaitsForAll() {
    Asyncio.runVirtual(
        () -> {
          Task<String> a = Asyncio.createTask(() -> Asyncio.sleep(0.3, "a"));
          Task<String> b = Asyncio.createTask(() -> Asyncio.sleep(0.1, "b"));
          Future<String> c = Asyncio.getRunningLoop().createFuture();
          Asyncio.getRunningLoop().callLater(0.2, c::cancel); // a cancellation is not a failure
          WaitResult<String> r = Asyncio.wait(List.of(a, b, c), null, ReturnWhen.FIRST_EXCEPTION);
          assertEquals(Set.of(a, b, c), r.done());
          assertEquals(0.3, now());
          return null;
        });
  }

  @Test
  void alreadyFailedReturnsWithoutSuspending() {
    Asyncio.runVirtual(
        () -> {
          Future<String> bad = Asyncio.getRunningLoop().createFuture();
          bad.setException(new IllegalStateException("x"));
          Future<String> pending = Asyncio.getRunningLoop().createFuture();
          expect(1);
          Asyncio.getRunningLoop().callSoon(() -> expect(3));
          WaitResult<String> r =
              Asyncio.wait(List.of(bad, pending), null, ReturnWhen.FIRST_EXCEPTION);
          expect(2);
          assertEquals(Set.of(bad), r.done());
          Asyncio.sleep(0);
          finish(4);
          return null;
        });
  }

  @Test
  void timeoutReturnsWithoutCancelling() throws Exception {
    List<Future<String>> kept = new ArrayList<>();
    Asyncio.runVirtual(
        () -> {
          Task<String> a = Asyncio.createTask(() -> Asyncio.sleep(1, "a"));
          Task<String> b = Asyncio.createTask(() -> Asyncio.sleep(0.2, "b"));
          kept.add(a);
          WaitResult<String> r = Asyncio.wait(List.of(a, b), 0.5, ReturnWhen.ALL_COMPLETED);
          assertEquals(0.5, now());
          assertEquals(Set.of(b), r.done());
          assertEquals(Set.of(a), r.pending());
          assertFalse(a.done());
          assertNull(callbacks(a), "no callback left registered on a pending future");
          assertEquals("a", Asyncio.await(a));
          assertEquals(1.0, now());
          return null;
        });
    assertEquals("a", kept.get(0).result());
  }

  @Test
  void zeroTimeoutPolls() {
    Asyncio.runVirtual(
        () -> {
          Task<String> a = Asyncio.createTask(() -> Asyncio.sleep(1, "a"));
          WaitResult<String> r = Asyncio.wait(List.of(a), 0.0, ReturnWhen.ALL_COMPLETED);
          assertEquals(Set.of(a), r.pending());
          assertEquals(0.0, now());
          a.cancel();
          return null;
        });
  }

  // scenarios: wait 6 (a bad ReturnWhen value, a single future or a coroutine in the collection do
  // not compile in Java; a null ReturnWhen is the remaining bad value)
  @Test
  void duplicatesCountOnce() {
    Asyncio.runVirtual(
        () -> {
          Task<String> c = Asyncio.createTask(() -> Asyncio.sleep(0.1, "c"));
          Task<String> d = Asyncio.createTask(() -> Asyncio.sleep(0.2, "d"));
          WaitResult<String> r = Asyncio.wait(List.of(c, c, d));
          assertEquals(2, r.done().size());
          assertEquals(0.2, now());
          return null;
        });
  }

  @Test
  void invalidArgumentsAreRejected() {
    Asyncio.runVirtual(
        () -> {
          Future<String> f = Asyncio.getRunningLoop().createFuture();
          IllegalArgumentException empty =
              assertThrows(
                  IllegalArgumentException.class, () -> Asyncio.wait(List.<Future<String>>of()));
          assertEquals("Set of Tasks/Futures is empty.", empty.getMessage());
          NullPointerException when =
              assertThrows(NullPointerException.class, () -> Asyncio.wait(List.of(f), null, null));
          assertEquals("when", when.getMessage());
          assertThrows(
              NullPointerException.class,
              () -> Asyncio.wait((List<Future<String>>) null, null, ReturnWhen.ALL_COMPLETED));
          List<Future<String>> withNull = new ArrayList<>();
          withNull.add(null);
          assertThrows(NullPointerException.class, () -> Asyncio.wait(withNull));
          assertThrows(
              IllegalArgumentException.class,
              () -> Asyncio.wait(List.of(f), Double.NaN, ReturnWhen.ALL_COMPLETED));
          try (EventLoop other = EventLoop.create(Clock.virtual())) {
            Future<String> foreign = other.createFuture();
            assertThrows(IllegalArgumentException.class, () -> Asyncio.wait(List.of(f, foreign)));
          }
          return null;
        });
  }

  @Test
  void outsideACoroutine() {
    try (EventLoop loop = EventLoop.create(Clock.virtual())) {
      Future<String> f = loop.createFuture();
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> Asyncio.wait(List.of(f)));
      assertEquals(
          "wait() must be called from a coroutine running on an event loop", e.getMessage());
    }
  }

  // scenarios: wait 7
  @Test
  void cancellingTheWaiterLeavesChildrenRunning() throws Exception {
    try (EventLoop loop = EventLoop.create(Clock.virtual())) {
      Task<String> inner = loop.createTask(() -> Asyncio.sleep(0.1, "inner"));
      Task<WaitResult<String>> waiter = loop.createTask(() -> Asyncio.wait(List.of(inner)));
      GatherTest.tick(loop);
      assertTrue(waiter.cancel());
      assertThrows(CancelledError.class, () -> loop.runUntilComplete(waiter));
      assertFalse(inner.done());
      assertNull(callbacks(inner), "the waiter's callback was removed");
      assertEquals("inner", loop.runUntilComplete(inner));
      assertEquals(0.1, loop.time());
    }
  }
}
