package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AsCompletedTest extends TestBase {
  private static double now() {
    return Asyncio.getRunningLoop().time();
  }

  // scenarios: wait 8
  @Test
  void completionOrder() {
    List<String> got = new ArrayList<>();
    List<Double> times = new ArrayList<>();
    Asyncio.runVirtual(
        () -> {
          Task<String> b = Asyncio.createTask(() -> Asyncio.sleep(0.01, "b"));
          Task<String> c = Asyncio.createTask(() -> Asyncio.sleep(0.15, "c"));
          Task<String> a = Asyncio.createTask(() -> Asyncio.sleep(0.01, "a"));
          for (Future<String> f : Asyncio.asCompleted(List.of(b, c, a), null)) {
            got.add(Asyncio.await(f));
            times.add(now());
          }
          return null;
        });
    assertEquals(Set.of("a", "b"), Set.copyOf(got.subList(0, 2)));
    assertEquals("c", got.get(2));
    assertEquals(List.of(0.01, 0.01, 0.15), times);
  }

  @Test
  void duplicatesGiveOneResultEach() {
    List<String> got = new ArrayList<>();
    Asyncio.runVirtual(
        () -> {
          Task<String> c = Asyncio.createTask(() -> Asyncio.sleep(0.1, "c"));
          Task<String> spam = Asyncio.createTask(() -> Asyncio.sleep(0.2, "spam"));
          for (Future<String> f : Asyncio.asCompleted(List.of(c, c, spam), null)) {
            got.add(Asyncio.await(f));
          }
          return null;
        });
    assertEquals(List.of("c", "spam"), got);
  }

  // scenarios: wait 11 (jasyncio returns new futures; they carry the very objects of the inputs)
  @Test
  void outputsCarryTheInputsOwnResultsAndExceptions() {
    Object value = new Object();
    IllegalStateException boom = new IllegalStateException("boom");
    Asyncio.runVirtual(
        () -> {
          Task<Object> ok = Asyncio.createTask(() -> Asyncio.sleep(0.1, value));
          Task<Object> bad =
              Asyncio.createTask(
                  () -> {
                    Asyncio.sleep(0.2);
                    throw boom;
                  });
          Task<Object> cancelled = Asyncio.createTask(() -> Asyncio.sleep(0.3, null));
          Asyncio.getRunningLoop().callLater(0.25, () -> cancelled.cancel("stop"));
          Iterator<Future<Object>> it =
              Asyncio.asCompleted(List.of(cancelled, bad, ok), null).iterator();
          assertSame(value, Asyncio.await(it.next()));
          assertSame(
              boom, assertThrows(IllegalStateException.class, () -> Asyncio.await(it.next())));
          CancelledError ce = assertThrows(CancelledError.class, () -> Asyncio.await(it.next()));
          assertEquals("stop", ce.getMessage());
          assertFalse(it.hasNext());
          return null;
        });
  }

  @Test
  void iteratorResumesAfterBreak() {
    List<String> got = new ArrayList<>();
    Asyncio.runVirtual(
        () -> {
          List<Task<String>> ts = new ArrayList<>();
          for (int i = 1; i <= 3; i++) {
            int n = i;
            ts.add(Asyncio.createTask(() -> Asyncio.sleep(0.1 * n, "t" + n)));
          }
          Iterator<Future<String>> it = Asyncio.asCompleted(ts, null).iterator();
          while (it.hasNext()) {
            got.add(Asyncio.await(it.next()));
            break;
          }
          while (it.hasNext()) {
            got.add(Asyncio.await(it.next()));
          }
          return null;
        });
    assertEquals(List.of("t1", "t2", "t3"), got);
  }

  @Test
  void deadlineFailsTheRestWithTimeoutErrorAndCancelsNothing() throws Exception {
    Asyncio.runVirtual(
        () -> {
          Task<String> a = Asyncio.createTask(() -> Asyncio.sleep(0.1, "a"));
          Task<String> b = Asyncio.createTask(() -> Asyncio.sleep(10, "b"));
          Task<String> c = Asyncio.createTask(() -> Asyncio.sleep(20, "c"));
          List<Future<String>> outs = new ArrayList<>();
          Asyncio.asCompleted(List.of(a, b, c), 1.0).forEach(outs::add);
          assertEquals(3, outs.size());
          assertEquals("a", Asyncio.await(outs.get(0)));
          assertEquals(0.1, now());
          TimeoutError e = assertThrows(TimeoutError.class, () -> Asyncio.await(outs.get(1)));
          assertTrue(e.getMessage().contains("deadline"), e.getMessage());
          assertEquals(1.0, now());
          assertThrows(TimeoutError.class, () -> Asyncio.await(outs.get(2)));
          assertFalse(b.done());
          assertFalse(c.done());
          assertNull(WaitTest.callbacks(b), "callbacks removed at the deadline");
          assertEquals("b", Asyncio.await(b));
          assertEquals("c", Asyncio.await(c));
          return null;
        });
  }

  @Test
  void cancellingAnOutputDoesNotCancelInputs() {
    Asyncio.runVirtual(
        () -> {
          Task<String> a = Asyncio.createTask(() -> Asyncio.sleep(0.1, "a"));
          Task<String> b = Asyncio.createTask(() -> Asyncio.sleep(0.2, "b"));
          Iterator<Future<String>> it = Asyncio.asCompleted(List.of(a, b), null).iterator();
          Future<String> first = it.next();
          assertTrue(first.cancel());
          // The first input to finish goes to the next output still pending.
          assertEquals("a", Asyncio.await(it.next()));
          assertFalse(a.cancelled());
          assertEquals("b", Asyncio.await(b));
          assertEquals(0.2, now());
          return null;
        });
  }

  @Test
  void alreadyDoneInputsComeOutInInputOrder() {
    List<Integer> got = new ArrayList<>();
    Asyncio.runVirtual(
        () -> {
          Future<Integer> x = Asyncio.getRunningLoop().createFuture();
          Future<Integer> y = Asyncio.getRunningLoop().createFuture();
          y.setResult(2);
          x.setResult(1);
          for (Future<Integer> f : Asyncio.asCompleted(List.of(x, y), 5.0)) {
            got.add(Asyncio.await(f));
          }
          assertEquals(0.0, now());
          return null;
        });
    assertEquals(List.of(1, 2), got);
  }

  @Test
  void emptyAndBadArguments() {
    assertFalse(Asyncio.asCompleted(List.<Future<String>>of(), 1.0).iterator().hasNext());
    assertThrows(NullPointerException.class, () -> Asyncio.asCompleted(null, null));
    try (EventLoop loop = EventLoop.create(Clock.virtual());
        EventLoop other = EventLoop.create(Clock.virtual())) {
      Future<String> f = loop.createFuture();
      assertThrows(
          IllegalArgumentException.class, () -> Asyncio.asCompleted(List.of(f), Double.NaN));
      assertThrows(
          IllegalArgumentException.class,
          () -> Asyncio.asCompleted(List.of(f, other.<String>createFuture()), null));
      List<Future<String>> withNull = new ArrayList<>();
      withNull.add(null);
      assertThrows(NullPointerException.class, () -> Asyncio.asCompleted(withNull, null));
    }
  }
}
