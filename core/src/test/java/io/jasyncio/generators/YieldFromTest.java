package io.jasyncio.generators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.TestBase;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** yieldFrom (PEP 380) and yieldAll. */
class YieldFromTest extends TestBase {

  // scenarios: yield-from 1
  @Test
  void firstNextIsDelegated() {
    List<String> trace = new ArrayList<>();
    Generator<Integer, Object, Void> g2 =
        Generator.of(
            y -> {
              trace.add("Starting g2");
              y.yield(42);
              trace.add("Finishing g2");
              return null;
            });
    Generator<Integer, Object, Void> g1 =
        Generator.of(
            y -> {
              trace.add("Starting g1");
              y.yieldFrom(g2);
              trace.add("Finishing g1");
              return null;
            });
    for (int x : g1) {
      trace.add("Yielded " + x);
    }
    assertEquals(
        List.of("Starting g1", "Starting g2", "Yielded 42", "Finishing g2", "Finishing g1"), trace);
  }

  // scenarios: yield-from 2
  @Test
  void exceptionInTheSubgeneratorRunsFinallyInnerThenOuter() {
    List<String> trace = new ArrayList<>();
    Generator<String, Object, Void> g2 =
        Generator.of(
            y -> {
              try {
                trace.add("Starting g2");
                y.yield("g2 spam");
                y.yield("g2 more spam");
                throw new IllegalArgumentException("hovercraft is full of eels");
              } finally {
                trace.add("Finishing g2");
              }
            });
    Generator<String, Object, Void> g1 =
        Generator.of(
            y -> {
              try {
                trace.add("Starting g1");
                y.yieldFrom(g2);
              } finally {
                trace.add("Finishing g1");
              }
              return null;
            });
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> {
              for (String x : g1) {
                trace.add("Yielded " + x);
              }
            });
    assertEquals("hovercraft is full of eels", e.getMessage());
    assertEquals(
        List.of(
            "Starting g1",
            "Starting g2",
            "Yielded g2 spam",
            "Yielded g2 more spam",
            "Finishing g2",
            "Finishing g1"),
        trace);
    assertEquals(GeneratorState.CLOSED, g1.state());
    assertEquals(GeneratorState.CLOSED, g2.state());
  }

  // scenarios: yield-from 3
  @Test
  void sendIsDelegated() {
    List<String> trace = new ArrayList<>();
    Generator<String, Integer, Void> g2 =
        Generator.of(
            y -> {
              Integer x = y.yield("g2 spam");
              trace.add("g2 received " + x);
              x = y.yield("g2 more spam");
              trace.add("g2 received " + x);
              trace.add("Finishing g2");
              return null;
            });
    Generator<String, Integer, Void> g1 =
        Generator.of(
            y -> {
              Integer x = y.yield("g1 ham");
              trace.add("g1 received " + x);
              y.yieldFrom(g2);
              x = y.yield("g1 eggs");
              trace.add("g1 received " + x);
              trace.add("Finishing g1");
              return null;
            });
    g1.next();
    int x = 1;
    try {
      while (true) {
        String out = g1.send(x);
        trace.add("Yielded " + out);
        x++;
      }
    } catch (StopIteration end) {
      // done
    }
    assertEquals(
        List.of(
            "g1 received 1",
            "Yielded g2 spam",
            "g2 received 2",
            "Yielded g2 more spam",
            "g2 received 3",
            "Finishing g2",
            "Yielded g1 eggs",
            "g1 received 4",
            "Finishing g1"),
        trace);
  }

  // scenarios: yield-from 5
  @Test
  void throwIsDelegated() {
    List<String> trace = new ArrayList<>();
    Generator<String, Object, Void> g2 =
        Generator.of(
            y -> {
              try {
                trace.add("Starting g2");
                y.yield("g2 spam");
                y.yield("g2 more spam");
              } finally {
                trace.add("Finishing g2");
              }
              return null;
            });
    Generator<String, Object, Void> g1 =
        Generator.of(
            y -> {
              try {
                trace.add("Starting g1");
                y.yield("g1 ham");
                y.yieldFrom(g2);
                y.yield("g1 eggs");
              } finally {
                trace.add("Finishing g1");
              }
              return null;
            });
    for (int i = 0; i < 2; i++) {
      trace.add("Yielded " + g1.next());
    }
    IllegalArgumentException e = new IllegalArgumentException("tomato ejected");
    assertSame(e, assertThrows(IllegalArgumentException.class, () -> g1.throwInto(e)));
    assertEquals(
        List.of(
            "Starting g1",
            "Yielded g1 ham",
            "Starting g2",
            "Yielded g2 spam",
            "Finishing g2",
            "Finishing g1"),
        trace);
  }

  @Test
  void throwCaughtByTheSubgeneratorReturnsItsValue() {
    Generator<String, Object, String> sub =
        Generator.of(
            y -> {
              try {
                y.yield("a");
              } catch (IllegalArgumentException e) {
                y.yield("sub caught " + e.getMessage());
                return "sub result";
              }
              return "not thrown";
            });
    List<String> log = new ArrayList<>();
    Generator<String, Object, Void> outer =
        Generator.of(
            y -> {
              log.add(y.yieldFrom(sub));
              y.yield("after");
              return null;
            });
    assertEquals("a", outer.next());
    assertEquals("sub caught x", outer.throwInto(new IllegalArgumentException("x")));
    assertEquals(GeneratorState.SUSPENDED, sub.state());
    assertEquals("after", outer.next());
    assertEquals(List.of("sub result"), log);
  }

  @Test
  void checkedExceptionThroughDelegationIsUnchanged() {
    Generator<String, Object, Void> sub = Generator.of(y -> { y.yield("a"); return null; });
    Generator<String, Object, Void> outer = Generator.of(y -> { y.yieldFrom(sub); return null; });
    outer.next();
    IOException io = new IOException("x");
    assertSame(io, assertThrows(IOException.class, () -> outer.throwInto(io)));
    assertEquals(GeneratorState.CLOSED, sub.state());
    assertEquals(GeneratorState.CLOSED, outer.state());
  }

  // scenarios: yield-from 6
  @Test
  void returnValueOfYieldFrom() {
    List<Object> got = new ArrayList<>();
    Generator<Integer, Object, Void> g1 =
        Generator.of(
            y -> {
              got.add(y.yieldFrom(Generator.<Integer, Object, Object>of(z -> { z.yield(1); return null; })));
              got.add(y.yieldFrom(Generator.<Integer, Object, Integer>of(z -> { z.yield(2); return 42; })));
              return null;
            });
    assertEquals(List.of(1, 2), g1.stream().toList());
    assertEquals(2, got.size());
    assertNull(got.get(0));
    assertEquals(42, got.get(1));
  }

  @Test
  void yieldFromASubgeneratorThatEndsAtOnce() {
    Generator<Integer, Object, String> empty = Generator.of(y -> "at once");
    Generator<Integer, Object, String> g = Generator.of(y -> y.yieldFrom(empty));
    assertEquals("at once", assertThrows(StopIteration.class, g::next).value());
    // An exhausted generator delegated to again returns null, as Python's second StopIteration.
    Generator<Integer, Object, String> again = Generator.of(y -> y.yieldFrom(empty));
    assertNull(assertThrows(StopIteration.class, again::next).value());
  }

  @Test
  void yieldFromAPartlyConsumedSubgenerator() {
    Generator<Integer, Object, Void> sub = Generator.of(y -> {
      for (int i = 0; i < 4; i++) y.yield(i);
      return null;
    });
    assertEquals(0, sub.next());
    assertTrue(sub.hasNext()); // 1 is buffered: yieldFrom takes it first
    Generator<Integer, Object, Void> outer = Generator.of(y -> { y.yieldFrom(sub); return null; });
    assertEquals(List.of(1, 2, 3), outer.stream().toList());
  }

  @Test
  void closeIsDelegatedFirst() {
    List<String> trace = new ArrayList<>();
    Generator<Integer, Object, Void> g2 =
        Generator.of(
            y -> {
              try {
                y.yield(1);
              } finally {
                trace.add("Finishing g2");
              }
              return null;
            });
    Generator<Integer, Object, Void> g1 =
        Generator.of(
            y -> {
              try {
                y.yieldFrom(g2);
              } catch (GeneratorExit e) {
                trace.add("g1 got GeneratorExit");
                throw e;
              } finally {
                trace.add("Finishing g1");
              }
              return null;
            });
    assertEquals(1, g1.next());
    g1.close();
    assertEquals(List.of("Finishing g2", "g1 got GeneratorExit", "Finishing g1"), trace);
    assertEquals(GeneratorState.CLOSED, g2.state());
    assertEquals(GeneratorState.CLOSED, g1.state());
  }

  @Test
  void aSubgeneratorCloseFailureIsRaisedInTheDelegator() {
    Generator<Integer, Object, Void> g2 =
        Generator.of(
            y -> {
              try {
                y.yield(1);
              } finally {
                throw new IllegalArgumentException("g2 cleanup");
              }
            });
    List<String> trace = new ArrayList<>();
    Generator<Integer, Object, Void> g1 =
        Generator.of(
            y -> {
              try {
                y.yieldFrom(g2);
              } catch (IllegalArgumentException e) {
                trace.add("g1 saw " + e.getMessage());
                throw e;
              }
              return null;
            });
    g1.next();
    assertEquals(
        "g2 cleanup", assertThrows(IllegalArgumentException.class, g1::close).getMessage());
    assertEquals(List.of("g1 saw g2 cleanup"), trace);
    assertEquals(GeneratorState.CLOSED, g1.state());
  }

  // scenarios: generators 1
  @Test
  void stateDuringDelegation() {
    // CPython's test_generator_gi_yieldfrom: the delegator is RUNNING while its delegate runs.
    AtomicReference<Generator<Object, Object, Void>> genB = new AtomicReference<>();
    List<GeneratorState> inA = new ArrayList<>();
    Generator<Object, Object, Void> a =
        Generator.of(
            y -> {
              inA.add(genB.get().state());
              y.yield(null);
              inA.add(genB.get().state());
              return null;
            });
    Generator<Object, Object, Void> b =
        Generator.of(
            y -> {
              y.yieldFrom(a);
              y.yield(null);
              return null;
            });
    genB.set(b);
    assertEquals(GeneratorState.CREATED, b.state());
    b.send(null);
    assertEquals(GeneratorState.SUSPENDED, b.state());
    assertTrue(b.toString().startsWith("Generator[SUSPENDED, delegating to Generator["), b.toString());
    b.send(null);
    assertEquals(GeneratorState.SUSPENDED, b.state());
    assertEquals("Generator[SUSPENDED]", b.toString());
    assertEquals(List.of(), b.stream().toList());
    assertEquals(GeneratorState.CLOSED, b.state());
    assertEquals(List.of(GeneratorState.RUNNING, GeneratorState.RUNNING), inA);
  }

  @Test
  void delegationLoopIsAlreadyExecuting() {
    AtomicReference<Generator<Integer, Object, Void>> g2 = new AtomicReference<>();
    Generator<Integer, Object, Void> g1 =
        Generator.of(
            y -> {
              y.yieldFrom(g2.get());
              return null;
            });
    g2.set(Generator.of(y -> { y.yieldFrom(g1); return null; }));
    IllegalStateException e = assertThrows(IllegalStateException.class, g1::next);
    assertEquals("generator already executing", e.getMessage());
    assertEquals(GeneratorState.CLOSED, g1.state());
    assertEquals(GeneratorState.CLOSED, g2.get().state());

    AtomicReference<Generator<Integer, Object, Void>> me = new AtomicReference<>();
    me.set(Generator.of(y -> { y.yieldFrom(me.get()); return null; }));
    assertEquals(
        "generator already executing",
        assertThrows(IllegalStateException.class, me.get()::next).getMessage());
  }

  @Test
  void chainOfAHundredGenerators() {
    List<String> closed = new ArrayList<>();
    Generator<Integer, Integer, Integer> g = Generator.of(y -> {
      int sum = 0;
      try {
        for (Integer v = y.yield(0); v != null; v = y.yield(sum)) {
          sum += v;
        }
      } finally {
        closed.add("leaf");
      }
      return sum;
    });
    for (int depth = 1; depth < 100; depth++) {
      Generator<Integer, Integer, Integer> inner = g;
      int d = depth;
      g = Generator.of(y -> {
        try {
          return y.yieldFrom(inner) + 1;
        } finally {
          closed.add("level " + d);
        }
      });
    }
    Generator<Integer, Integer, Integer> top = g;
    assertEquals(0, top.next());
    assertEquals(5, top.send(5));
    assertEquals(12, top.send(7));
    // The leaf's return value climbs 99 levels, each adding one.
    assertEquals(12 + 99, assertThrows(StopIteration.class, () -> top.send(null)).value());
    assertEquals(100, closed.size());
    assertEquals("leaf", closed.get(0));
    assertEquals("level 99", closed.get(99));
  }

  @Test
  void chainOfAHundredClosesAndThrowsThrough() {
    List<String> trace = new ArrayList<>();
    Generator<Integer, Object, Void> leaf = Generator.of(y -> {
      try {
        while (true) {
          try {
            y.yield(1);
          } catch (IllegalArgumentException e) {
            trace.add("leaf caught " + e.getMessage());
          }
        }
      } finally {
        trace.add("leaf finally");
      }
    });
    Generator<Integer, Object, Void> g = leaf;
    for (int depth = 1; depth < 100; depth++) {
      Generator<Integer, Object, Void> inner = g;
      g = Generator.of(y -> { y.yieldFrom(inner); return null; });
    }
    Generator<Integer, Object, Void> top = g;
    assertEquals(1, top.next());
    assertEquals(1, top.throwInto(new IllegalArgumentException("deep")));
    top.close();
    assertEquals(List.of("leaf caught deep", "leaf finally"), trace);
    assertEquals(GeneratorState.CLOSED, leaf.state());
  }

  @Test
  void yieldFromNullIsRejected() {
    Generator<Integer, Object, Object> g = Generator.of(y -> y.yieldFrom(null));
    assertEquals("sub", assertThrows(NullPointerException.class, g::next).getMessage());
    Generator<Integer, Object, Object> h = Generator.of(y -> { y.yieldAll(null); return null; });
    assertEquals("iterator", assertThrows(NullPointerException.class, h::next).getMessage());
  }

  // scenarios: yield-from 10
  @Test
  void yieldAllOverAPlainIterator() {
    Generator<Integer, Object, Void> g =
        Generator.of(
            y -> {
              y.yieldAll(IntStream.range(0, 3).iterator());
              return null;
            });
    assertEquals(List.of(0, 1, 2), g.stream().toList());

    Generator<Integer, Object, Void> s =
        Generator.of(
            y -> {
              y.yieldAll(List.of(0, 1, 2).iterator());
              return null;
            });
    assertEquals(0, s.send(null));
    assertEquals(1, s.send(null)); // send(null) works like next
    assertEquals(2, s.next());
    assertThrows(StopIteration.class, () -> s.send(null));
  }

  // scenarios: yield-from 10
  @Test
  void nonNullSendThroughYieldAllFailsAtThatPointAndFinallyRuns() {
    List<String> trace = new ArrayList<>();
    Generator<Integer, Object, Void> g =
        Generator.of(
            y -> {
              try {
                y.yieldAll(List.of(0, 1, 2).iterator());
              } finally {
                trace.add("finally");
              }
              return null;
            });
    assertEquals(0, g.next());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> g.send(42));
    assertTrue(e.getMessage().startsWith("yieldAll() delegates to a plain Iterator"), e.getMessage());
    assertTrue(e.getMessage().contains("sent value 42"), e.getMessage());
    assertEquals(List.of("finally"), trace);
    assertEquals(GeneratorState.CLOSED, g.state());
  }

  @Test
  void nonNullSendThroughYieldAllCanBeCaughtInTheBody() {
    Generator<Integer, Object, String> g =
        Generator.of(
            y -> {
              try {
                y.yieldAll(List.of(0, 1).iterator());
              } catch (IllegalStateException e) {
                return "caught";
              }
              return "done";
            });
    g.next();
    assertEquals("caught", assertThrows(StopIteration.class, () -> g.send("x")).value());
  }

  // scenarios: yield-from 10
  @Test
  void throwThroughYieldAllIsRaisedAtTheYieldAll() {
    List<String> trace = new ArrayList<>();
    Generator<Integer, Object, Void> g =
        Generator.of(
            y -> {
              try {
                y.yieldAll(List.of(0, 1, 2).iterator());
              } catch (IllegalArgumentException e) {
                trace.add("caught at yieldAll: " + e.getMessage());
                y.yield(99);
              }
              return null;
            });
    assertEquals(0, g.next());
    assertEquals(99, g.throwInto(new IllegalArgumentException("x")));
    assertEquals(List.of("caught at yieldAll: x"), trace);
  }

  // scenarios: yield-from 10
  @Test
  void closeThroughYieldAllIsSilent() {
    List<String> trace = new ArrayList<>();
    Generator<Integer, Object, Void> g =
        Generator.of(
            y -> {
              try {
                y.yieldAll(List.of(0, 1, 2).iterator());
              } finally {
                trace.add("finally");
              }
              return null;
            });
    assertEquals(0, g.next());
    g.close();
    assertEquals(List.of("finally"), trace);
    assertEquals(GeneratorState.CLOSED, g.state());
  }

  // scenarios: yield-from 10
  @Test
  void yieldAllOverAnEmptyIteratorEndsAtOnce() {
    Generator<Integer, Object, String> g =
        Generator.of(
            y -> {
              y.yieldAll(List.<Integer>of().iterator());
              return "empty";
            });
    assertEquals("empty", assertThrows(StopIteration.class, g::next).value());
  }

  @Test
  void yieldAllClosesAnAutoCloseableIteratorOnClose() {
    List<String> trace = new ArrayList<>();
    final class Resource implements Iterator<Integer>, AutoCloseable {
      int i;

      @Override
      public boolean hasNext() {
        return true;
      }

      @Override
      public Integer next() {
        return i++;
      }

      @Override
      public void close() {
        trace.add("iterator closed");
      }
    }
    Generator<Integer, Object, Void> g =
        Generator.of(
            y -> {
              y.yieldAll(new Resource());
              return null;
            });
    assertEquals(0, g.next());
    assertEquals(1, g.next());
    g.close();
    assertEquals(List.of("iterator closed"), trace);
  }

  @Test
  void yieldAllOfAGeneratorDelegatesSendThrowAndClose() {
    List<String> trace = new ArrayList<>();
    Generator<String, String, String> sub =
        Generator.of(
            y -> {
              try {
                String got = y.yield("first");
                trace.add("sub got " + got);
                try {
                  y.yield("second");
                } catch (IllegalArgumentException e) {
                  trace.add("sub caught " + e.getMessage());
                }
                y.yield("third");
              } finally {
                trace.add("sub finally");
              }
              return "ignored";
            });
    Iterator<String> asIterator = sub;
    Generator<String, String, Void> outer =
        Generator.of(
            y -> {
              y.yieldAll(asIterator);
              return null;
            });
    assertEquals("first", outer.next());
    assertEquals("second", outer.send("hello"));
    assertEquals("third", outer.throwInto(new IllegalArgumentException("x")));
    outer.close();
    assertEquals(List.of("sub got hello", "sub caught x", "sub finally"), trace);
  }
}
