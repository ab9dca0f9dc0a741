package io.jasyncio.generators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.InvalidStateError;
import io.jasyncio.TestBase;
import io.jasyncio.internal.engine.Engines;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The iterator side of generators: laziness, next/hasNext, end, states, errors, threads, GC. */
class GeneratorTest extends TestBase {

  static Generator<Integer, Object, String> oneTwo(List<String> log) {
    return Generator.of(
        y -> {
          log.add("start");
          y.yield(1);
          log.add("after 1");
          y.yield(2);
          log.add("after 2");
          return "done";
        });
  }

  @Test
  void ofIsLazy() {
    List<String> log = new ArrayList<>();
    Generator<Integer, Object, String> g = oneTwo(log);
    assertEquals(List.of(), log);
    assertEquals(GeneratorState.CREATED, g.state());
    assertEquals(1, g.next());
    assertEquals(List.of("start"), log);
  }

  @Test
  void nextRunsToEachYieldThenStopIterationWithValue() {
    List<String> log = new ArrayList<>();
    Generator<Integer, Object, String> g = oneTwo(log);
    assertEquals(1, g.next());
    assertEquals(2, g.next());
    assertEquals(List.of("start", "after 1"), log);
    StopIteration end = assertThrows(StopIteration.class, g::next);
    assertEquals("done", end.value());
    assertInstanceOf(NoSuchElementException.class, end);
    assertEquals(List.of("start", "after 1", "after 2"), log);
    assertEquals("done", g.returnValue());
  }

  // scenarios: generators 5
  @Test
  void afterTheEndStopIterationEveryTime() {
    Generator<Integer, Object, String> g = oneTwo(new ArrayList<>());
    g.next();
    g.next();
    assertEquals("done", assertThrows(StopIteration.class, g::next).value());
    // As Python: the value goes out once; later StopIterations carry none.
    assertNull(assertThrows(StopIteration.class, g::next).value());
    assertNull(assertThrows(StopIteration.class, () -> g.send(null)).value());
    assertFalse(g.hasNext());
    assertEquals("done", g.returnValue());
    assertEquals(GeneratorState.CLOSED, g.state());
  }

  // scenarios: generators 5
  @Test
  void bodyExceptionPropagatesUnchangedAndClosesTheGenerator() {
    IOException boom = new IOException("boom");
    Generator<Integer, Object, Void> g =
        Generator.of(
            y -> {
              y.yield(1);
              throw boom;
            });
    assertEquals(1, g.next());
    IOException seen = assertThrows(IOException.class, g::next);
    assertSame(boom, seen);
    assertEquals(GeneratorState.CLOSED, g.state());
    assertNull(assertThrows(StopIteration.class, g::next).value());
    assertNull(g.returnValue());
  }

  @Test
  void uncheckedAndErrorsPropagateUnchanged() {
    Generator<Integer, Object, Void> g =
        Generator.of(
            y -> {
              throw new AssertionError("inside");
            });
    assertEquals("inside", assertThrows(AssertionError.class, g::next).getMessage());
    assertEquals(GeneratorState.CLOSED, g.state());
  }

  @Test
  void returnValueWhileUnfinishedIsInvalidState() {
    Generator<Integer, Object, String> g = oneTwo(new ArrayList<>());
    assertThrows(InvalidStateError.class, g::returnValue);
    g.next();
    InvalidStateError e = assertThrows(InvalidStateError.class, g::returnValue);
    assertTrue(e.getMessage().contains("SUSPENDED"), e.getMessage());
  }

  @Test
  void forEachAndIteratorIsItself() {
    List<Integer> seen = new ArrayList<>();
    Generator<Integer, Object, String> g = oneTwo(new ArrayList<>());
    assertSame(g, g.iterator());
    for (int v : g) {
      seen.add(v);
    }
    assertEquals(List.of(1, 2), seen);
    assertEquals("done", g.returnValue());
    // A second for-each sees nothing: the generator is consumed (iter(gen) is gen).
    for (int v : g) {
      seen.add(v);
    }
    assertEquals(List.of(1, 2), seen);
  }

  @Test
  void streamCollectsAndClosingTheStreamClosesTheGenerator() {
    assertEquals(
        List.of(1, 2), oneTwo(new ArrayList<>()).stream().collect(Collectors.toList()));

    List<String> log = new ArrayList<>();
    Generator<Integer, Object, Void> naturals =
        Generator.of(
            y -> {
              try {
                for (int i = 0; ; i++) {
                  y.yield(i);
                }
              } finally {
                log.add("finally");
              }
            });
    try (Stream<Integer> s = naturals.stream()) {
      assertEquals(List.of(0, 1, 2), s.limit(3).toList());
      assertEquals(List.of(), log);
    }
    assertEquals(List.of("finally"), log);
    assertEquals(GeneratorState.CLOSED, naturals.state());
  }

  @Test
  void hasNextRunsAheadOnceAndBuffers() {
    List<String> log = new ArrayList<>();
    Generator<Integer, Object, String> g = oneTwo(log);
    assertTrue(g.hasNext());
    assertEquals(List.of("start"), log);
    assertTrue(g.hasNext()); // no second run-ahead
    assertEquals(List.of("start"), log);
    assertEquals(GeneratorState.SUSPENDED, g.state());
    assertEquals(1, g.next());
    assertEquals(List.of("start"), log);
    assertTrue(g.hasNext());
    assertEquals(2, g.next());
    assertFalse(g.hasNext());
    assertEquals(List.of("start", "after 1", "after 2"), log);
    // The end reached by hasNext() is still reported, with its value, by the next next().
    assertEquals("done", assertThrows(StopIteration.class, g::next).value());
    assertFalse(g.hasNext());
  }

  @Test
  void hasNextLetsABodyExceptionOut() {
    Generator<Integer, Object, Void> g =
        Generator.of(
            y -> {
              throw new IllegalArgumentException("bad");
            });
    assertEquals("bad", assertThrows(IllegalArgumentException.class, g::hasNext).getMessage());
    assertFalse(g.hasNext());
  }

  // scenarios: generators 1
  @Test
  void statesCreatedRunningSuspendedClosed() {
    AtomicReference<Generator<Integer, Object, Void>> self = new AtomicReference<>();
    List<GeneratorState> inside = new ArrayList<>();
    Generator<Integer, Object, Void> g =
        Generator.of(
            y -> {
              inside.add(self.get().state());
              y.yield(1);
              inside.add(self.get().state());
              return null;
            });
    self.set(g);
    assertEquals(GeneratorState.CREATED, g.state());
    g.next();
    assertEquals(GeneratorState.SUSPENDED, g.state());
    assertThrows(StopIteration.class, g::next);
    assertEquals(GeneratorState.CLOSED, g.state());
    assertEquals(List.of(GeneratorState.RUNNING, GeneratorState.RUNNING), inside);

    Generator<Integer, Object, Void> closed = Generator.of(y -> { y.yield(1); return null; });
    closed.next();
    closed.close();
    assertEquals(GeneratorState.CLOSED, closed.state());
  }

  // scenarios: generators 6
  @Test
  void pep479StopIterationFromTheBodyBecomesIllegalState() {
    Generator<Integer, Object, Void> empty = Generator.of(y -> null);
    Generator<Integer, Object, Void> g =
        Generator.of(
            y -> {
              y.yield(1);
              empty.next(); // raises StopIteration inside the body
              y.yield(2);
              return null;
            });
    assertEquals(1, g.next());
    IllegalStateException e = assertThrows(IllegalStateException.class, g::next);
    assertEquals("generator raised StopIteration", e.getMessage());
    assertInstanceOf(StopIteration.class, e.getCause());
    assertEquals(GeneratorState.CLOSED, g.state());

    Generator<Integer, Object, Void> direct =
        Generator.of(
            y -> {
              throw new StopIteration("sneaky");
            });
    IllegalStateException e2 = assertThrows(IllegalStateException.class, direct::next);
    assertEquals("sneaky", ((StopIteration) e2.getCause()).value());
  }

  // scenarios: generators 7
  @Test
  void reentrantNextIsAlreadyExecuting() {
    AtomicReference<Generator<Integer, Object, Void>> self = new AtomicReference<>();
    List<String> seen = new ArrayList<>();
    Generator<Integer, Object, Void> g =
        Generator.of(
            y -> {
              for (Runnable call :
                  List.<Runnable>of(
                      () -> self.get().next(),
                      () -> self.get().hasNext(),
                      () -> self.get().send(null),
                      () -> self.get().throwInto(new RuntimeException()),
                      () -> self.get().close())) {
                try {
                  call.run();
                  seen.add("no error");
                } catch (IllegalStateException e) {
                  seen.add(e.getMessage());
                }
              }
              y.yield(1);
              self.get().next();
              return null;
            });
    self.set(g);
    assertEquals(1, g.next());
    assertEquals(List.of(
        "generator already executing",
        "generator already executing",
        "generator already executing",
        "generator already executing",
        "generator already executing"), seen);
    IllegalStateException e = assertThrows(IllegalStateException.class, g::next);
    assertEquals("generator already executing", e.getMessage());
    assertEquals(GeneratorState.CLOSED, g.state());
  }

  @Test
  void yielderOutsideItsBodyIsRefused() {
    AtomicReference<Yielder<Integer, Object>> leaked = new AtomicReference<>();
    Generator<Integer, Object, Void> g =
        Generator.of(
            y -> {
              leaked.set(y);
              y.yield(1);
              return null;
            });
    g.next();
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> leaked.get().yield(5));
    assertEquals("yield() must be called by the generator's own body while it runs", e.getMessage());
    assertThrows(IllegalStateException.class, () -> leaked.get().yieldAll(List.of(1).iterator()));
    assertEquals(GeneratorState.SUSPENDED, g.state());
    assertThrows(StopIteration.class, g::next);
    assertThrows(IllegalStateException.class, () -> leaked.get().yield(6));

    // Another generator's body cannot yield through it either.
    Generator<Integer, Object, Void> outer =
        Generator.of(
            y -> {
              Generator<Integer, Object, Void> inner =
                  Generator.of(
                      z -> {
                        y.yield(99); // the outer Yielder, from the inner body
                        return null;
                      });
              inner.next();
              return null;
            });
    assertEquals(
        "yield() must be called by the generator's own body while it runs",
        assertThrows(IllegalStateException.class, outer::next).getMessage());
  }

  @Test
  void primedRunsToTheFirstYield() {
    List<String> log = new ArrayList<>();
    Generator<Integer, Integer, Void> g =
        Generator.primed(
            y -> {
              log.add("primed");
              Integer got = y.yield(null);
              log.add("got " + got);
              y.yield(got * 2);
              return null;
            });
    assertEquals(List.of("primed"), log);
    assertEquals(GeneratorState.SUSPENDED, g.state());
    assertEquals(42, g.send(21));
    assertEquals(List.of("primed", "got 21"), log);

    assertEquals("nothing", assertThrows(StopIteration.class,
        () -> Generator.primed(y -> "nothing")).value());
  }

  @Test
  void nullBodyIsRejected() {
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> Generator.of(null));
    assertEquals("body", e.getMessage());
  }

  @Test
  void aGeneratorDrivesOtherGenerators() {
    Generator<Integer, Object, Void> evens = Generator.of(y -> {
      for (int i = 0; i < 6; i += 2) y.yield(i);
      return null;
    });
    Generator<Integer, Object, Void> odds = Generator.of(y -> {
      for (int i = 1; i < 6; i += 2) y.yield(i);
      return null;
    });
    Generator<Integer, Object, Void> merged = Generator.of(y -> {
      while (evens.hasNext() || odds.hasNext()) {
        if (evens.hasNext()) y.yield(evens.next());
        if (odds.hasNext()) y.yield(odds.next());
      }
      return null;
    });
    assertEquals(List.of(0, 1, 2, 3, 4, 5), merged.stream().toList());
    assertEquals(GeneratorState.CLOSED, evens.state());
    assertEquals(GeneratorState.CLOSED, odds.state());
  }

  @Test
  void createdOnOneThreadResumedOnOthers() throws Exception {
    List<String> threads = new ArrayList<>();
    Generator<Integer, Object, Void> g =
        Generator.of(
            y -> {
              for (int i = 0; i < 4; i++) {
                threads.add(Thread.currentThread().getName());
                y.yield(i);
              }
              return null;
            });
    ExecutorService a = Executors.newSingleThreadExecutor(r -> new Thread(r, "thread-a"));
    ExecutorService b = Executors.newSingleThreadExecutor(r -> new Thread(r, "thread-b"));
    try {
      List<Integer> got = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        // Each submit/get pair is a happens-before hand-off: never two threads at once.
        got.add((i % 2 == 0 ? a : b).submit(g::next).get());
      }
      assertEquals(List.of(0, 1, 2, 3), got);
      assertThrows(StopIteration.class, g::next); // and once more on the test thread
      assertEquals(GeneratorState.CLOSED, g.state());
    } finally {
      a.shutdown();
      b.shutdown();
    }
    assertEquals(4, threads.size());
  }

  @Test
  void toStringShowsState() {
    Generator<Integer, Object, Void> g = Generator.of(y -> { y.yield(1); return null; });
    assertEquals("Generator[CREATED]", g.toString());
    g.next();
    assertEquals("Generator[SUSPENDED]", g.toString());
  }

  @Test
  void aClosedGeneratorIsCollectable() {
    Generator<Integer, Object, Void> g = Generator.of(y -> {
      while (true) y.yield(1);
    });
    g.next();
    g.close();
    WeakReference<Object> ref = new WeakReference<>(g);
    g = null;
    assertTrue(collected(ref), "a closed generator must be garbage");
  }

  @Test
  void anAbandonedSuspendedGeneratorIsCollectable() {
    WeakReference<Object> ref = abandonSuspended();
    if (Engines.get().name().equals("virtual")) {
      // The virtual-thread engine runs the body on a virtual thread, parked while suspended; the
      // JDK's thread tracking keeps parked virtual threads reachable, so the generator cannot be
      // collected there (documented in Generator's javadoc: close it, with try-with-resources).
      // aClosedGeneratorIsCollectable covers that idiom on both engines.
      return;
    }
    assertTrue(collected(ref), "an abandoned suspended generator must be garbage");
  }

  private static WeakReference<Object> abandonSuspended() {
    byte[] payload = new byte[1 << 20];
    Generator<Integer, Object, Void> g = Generator.of(y -> {
      while (true) y.yield(payload.length);
    });
    assertEquals(1 << 20, g.next());
    return new WeakReference<>(g);
  }

  private static boolean collected(WeakReference<?> ref) {
    // System.gc() is a full, synchronous collection here; a few rounds clear the weak reference.
    for (int i = 0; i < 20 && ref.get() != null; i++) {
      System.gc();
    }
    return ref.get() == null;
  }
}
