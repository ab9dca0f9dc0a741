package io.jasyncio.generators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jasyncio.TestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * throwInto() and close() through yieldFrom, case by case against PEP 380 and the throw and close
 * cases of CPython's test_pep380 (Python's BaseException is an Error here, Exception a checked
 * exception, RuntimeError an IllegalStateException).
 */
class YieldFromThrowTest extends TestBase {
  private static final Object FIRST = "first";
  private static final Object SECOND = "second";
  private static final Object RETURNED = "returned";

  /** What each case throws into the delegating generator. */
  private static final List<Supplier<Throwable>> THROWN =
      List.of(
          () -> new GeneratorExit(),
          () -> new StopIteration(),
          () -> new Error("base"),
          () -> new Exception("plain"),
          () -> new IllegalArgumentException("runtime"));

  /** An outer generator whose body is {@code return y.yieldFrom(inner)}. */
  private static Generator<Object, Object, Object> outer(Generator<Object, Object, Object> inner) {
    return Generator.of(y -> y.yieldFrom(inner));
  }

  /** The generator has ended: next() throws StopIteration without a value. */
  private static void assertEnded(Generator<?, ?, ?> g) {
    assertNull(assertThrows(StopIteration.class, g::next).value());
    assertEquals(GeneratorState.CLOSED, g.state());
  }

  // ---- the value of yieldFrom after a throw the sub-generator handled -----------------------------

  @Test
  void subgeneratorCatchesAndReturnsThenTheDelegatorGoesOn() {
    List<Object> trace = new ArrayList<>();
    Generator<Object, Object, Object> inner =
        Generator.of(
            y -> {
              try {
                y.yield(1);
              } catch (IllegalArgumentException e) {
                trace.add("inner caught " + e.getMessage());
              }
              return 2;
            });
    Generator<Object, Object, Object> g =
        Generator.of(
            y -> {
              Object v = y.yieldFrom(inner);
              trace.add("inner returned " + v + " to outer");
              y.yield(v);
              return null;
            });
    trace.add(g.next());
    trace.add(g.throwInto(new IllegalArgumentException("x")));
    assertEquals(List.of(1, "inner caught x", "inner returned 2 to outer", 2), trace);
    assertEquals(GeneratorState.CLOSED, inner.state());
    assertEquals(GeneratorState.SUSPENDED, g.state());
    assertEnded(g);
  }

  @Test
  void aReturnValueThatIsAStopIterationOrAListIsJustAValue() {
    StopIteration stop = new StopIteration("not an end");
    List<String> list = List.of("a", "b");
    for (Object value : List.of(stop, list)) {
      Generator<Object, Object, Object> inner =
          Generator.of(
              y -> {
                try {
                  y.yield(1);
                } catch (IllegalStateException e) {
                  return value;
                }
                return null;
              });
      List<Object> got = new ArrayList<>();
      Generator<Object, Object, Object> g =
          Generator.of(
              y -> {
                got.add(y.yieldFrom(inner));
                y.yield("next");
                return "end";
              });
      assertEquals(1, g.next());
      assertEquals("next", g.throwInto(new IllegalStateException("x")));
      assertEquals(1, got.size());
      assertSame(value, got.get(0));
      assertEquals("end", assertThrows(StopIteration.class, g::next).value());
    }
  }

  @Test
  void everyLevelOfAChainGetsTheValueAndGoesOn() {
    List<String> trace = new ArrayList<>();
    Generator<Object, Object, Object> leaf =
        Generator.of(
            y -> {
              try {
                y.yield("leaf");
              } catch (IllegalArgumentException e) {
                return "r0";
              }
              return "unthrown";
            });
    Generator<Object, Object, Object> g = leaf;
    for (int depth = 1; depth <= 50; depth++) {
      Generator<Object, Object, Object> inner = g;
      int d = depth;
      g =
          Generator.of(
              y -> {
                Object v = y.yieldFrom(inner);
                trace.add(d + ":" + v);
                // Every level yields once more after its yieldFrom returned.
                y.yield("level " + d + " after " + v);
                return "r" + d;
              });
    }
    Generator<Object, Object, Object> top = g;
    assertEquals("leaf", top.next());
    assertEquals("level 1 after r0", top.throwInto(new IllegalArgumentException("deep")));
    assertEquals(List.of("1:r0"), trace);
    for (int d = 2; d <= 50; d++) {
      assertEquals("level " + d + " after r" + (d - 1), top.next());
    }
    assertEquals("r50", assertThrows(StopIteration.class, top::next).value());
    assertEquals(50, trace.size());
  }

  @Test
  void aChainThatEndsMidWayHandsTheValueToTheFirstLevelThatYields() {
    // leaf catches and returns; the middle level returns at once; the top level yields.
    Generator<Object, Object, Object> leaf =
        Generator.of(
            y -> {
              try {
                y.yield("leaf");
              } catch (IllegalArgumentException e) {
                return "leaf value";
              }
              return null;
            });
    Generator<Object, Object, Object> middle = Generator.of(y -> "middle saw " + y.yieldFrom(leaf));
    List<Object> got = new ArrayList<>();
    Generator<Object, Object, Object> top =
        Generator.of(
            y -> {
              got.add(y.yieldFrom(middle));
              return y.yield("top goes on");
            });
    assertEquals("leaf", top.next());
    assertEquals("top goes on", top.throwInto(new IllegalArgumentException("x")));
    assertEquals(List.of("middle saw leaf value"), got);
    assertEquals(GeneratorState.CLOSED, leaf.state());
    assertEquals(GeneratorState.CLOSED, middle.state());
    assertEquals("sent", assertThrows(StopIteration.class, () -> top.send("sent")).value());
  }

  @Test
  void theSameThroughYieldAllOfAGenerator() {
    Generator<Object, Object, Object> inner =
        Generator.of(
            y -> {
              try {
                y.yield(1);
              } catch (IllegalArgumentException e) {
                return null;
              }
              return null;
            });
    Generator<Object, Object, Object> g =
        Generator.of(
            y -> {
              y.yieldAll(inner);
              return y.yield("after yieldAll");
            });
    assertEquals(1, g.next());
    assertEquals("after yieldAll", g.throwInto(new IllegalArgumentException("x")));
  }

  @Test
  void subgeneratorCatchesAndYieldsTheDelegationGoesOn() {
    List<String> trace = new ArrayList<>();
    Generator<Object, Object, Object> g2 =
        Generator.of(
            y -> {
              try {
                trace.add("Starting g2");
                y.yield("g2 spam");
                y.yield("g2 more spam");
              } catch (IllegalArgumentException e) {
                trace.add("Caught " + e.getMessage() + " in g2");
                y.yield("g2 lunch saved");
                y.yield("g2 yet more spam");
              }
              return null;
            });
    Generator<Object, Object, Object> g1 =
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
    assertEquals("g2 lunch saved", g1.throwInto(new IllegalArgumentException("lunch")));
    for (Object x : g1) {
      trace.add("Yielded " + x);
    }
    assertEquals(
        List.of(
            "Starting g1",
            "Yielded g1 ham",
            "Starting g2",
            "Yielded g2 spam",
            "Caught lunch in g2",
            "Yielded g2 yet more spam",
            "Yielded g1 eggs",
            "Finishing g1"),
        trace);
  }

  // ---- GeneratorExit thrown into a delegating generator ----------------------------------------

  @Test
  void generatorExitIntoASubgeneratorThatReturnsIsRaisedInTheDelegator() {
    List<String> trace = new ArrayList<>();
    Generator<Object, Object, Object> f =
        Generator.of(
            y -> {
              try {
                trace.add("Enter f");
                y.yield(null);
                trace.add("Exit f");
              } catch (GeneratorExit e) {
                return "ignored";
              }
              return null;
            });
    Generator<Object, Object, Object> g =
        Generator.of(
            y -> {
              trace.add("Enter g");
              y.yieldFrom(f);
              trace.add("Exit g");
              return null;
            });
    g.next();
    GeneratorExit thrown = new GeneratorExit();
    assertSame(thrown, assertThrows(GeneratorExit.class, () -> g.throwInto(thrown)));
    assertEquals(List.of("Enter g", "Enter f"), trace);
    assertEnded(g);
  }

  @Test
  void generatorExitIntoASubgeneratorThatYieldsIsIgnoredGeneratorExit() {
    List<String> trace = new ArrayList<>();
    Generator<Object, Object, Object> f =
        Generator.of(
            y -> {
              try {
                trace.add("Enter f");
                y.yield(null);
                trace.add("Exit f");
              } catch (GeneratorExit e) {
                y.yield(null);
              }
              return null;
            });
    Generator<Object, Object, Object> g =
        Generator.of(
            y -> {
              trace.add("Enter g");
              y.yieldFrom(f);
              trace.add("Exit g");
              return null;
            });
    g.next();
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> g.throwInto(new GeneratorExit()));
    assertEquals("generator ignored GeneratorExit", e.getMessage());
    assertEquals(List.of("Enter g", "Enter f"), trace);
    assertEnded(g);
  }

  @Test
  void generatorExitIntoASubgeneratorThatRaisesRaisesThatInTheDelegator() {
    List<String> trace = new ArrayList<>();
    IllegalArgumentException raised = new IllegalArgumentException("Vorpal bunny encountered");
    Generator<Object, Object, Object> f =
        Generator.of(
            y -> {
              try {
                trace.add("Enter f");
                y.yield(null);
                trace.add("Exit f");
              } catch (GeneratorExit e) {
                raised.addSuppressed(e);
                throw raised;
              }
              return null;
            });
    Generator<Object, Object, Object> g =
        Generator.of(
            y -> {
              trace.add("Enter g");
              y.yieldFrom(f);
              trace.add("Exit g");
              return null;
            });
    g.next();
    assertSame(raised, assertThrows(IllegalArgumentException.class, () -> g.throwInto(new GeneratorExit())));
    assertInstanceOf(GeneratorExit.class, raised.getSuppressed()[0]);
    assertEquals(List.of("Enter g", "Enter f"), trace);
    assertEnded(g);
  }

  // ---- close and throw against what the sub-generator does (CPython's edge cases) ----------------

  @Test
  void closeAndThrowWhenTheSubgeneratorDoesNothingSpecial() {
    Supplier<Generator<Object, Object, Object>> make =
        () ->
            outer(
                Generator.of(
                    y -> {
                      y.yield(FIRST);
                      y.yield(SECOND);
                      return RETURNED;
                    }));
    Generator<Object, Object, Object> closed = make.get();
    assertSame(FIRST, closed.next());
    closed.close();
    assertEnded(closed);

    for (Supplier<Throwable> kind : THROWN) {
      Generator<Object, Object, Object> g = make.get();
      assertSame(FIRST, g.next());
      Throwable thrown = kind.get();
      Throwable out = assertThrows(Throwable.class, () -> g.throwInto(thrown));
      if (thrown instanceof StopIteration) {
        // PEP 479: a StopIteration escaping the sub-generator's body.
        assertEquals("generator raised StopIteration", out.getMessage());
        assertSame(thrown, out.getCause());
      } else {
        assertSame(thrown, out);
      }
      assertEnded(g);
    }
  }

  @Test
  void closeAndThrowWhenTheSubgeneratorRaisesWhileCleaningUp() {
    for (Supplier<Throwable> raisedKind : THROWN) {
      Throwable raised = raisedKind.get();
      Supplier<Generator<Object, Object, Object>> make =
          () ->
              outer(
                  Generator.of(
                      y -> {
                        try {
                          y.yield(FIRST);
                          y.yield(SECOND);
                          return RETURNED;
                        } finally {
                          throwUnchecked(raised);
                        }
                      }));
      boolean raisesExit = raised instanceof GeneratorExit;
      boolean raisesStop = raised instanceof StopIteration;

      Generator<Object, Object, Object> closed = make.get();
      assertSame(FIRST, closed.next());
      if (raisesExit) {
        closed.close(); // a GeneratorExit raised while closing is what close() expects
      } else {
        Throwable out = assertThrows(Throwable.class, closed::close);
        assertRaised(raised, raisesStop, out);
      }
      assertEnded(closed);

      for (Supplier<Throwable> thrownKind : THROWN) {
        Generator<Object, Object, Object> g = make.get();
        assertSame(FIRST, g.next());
        Throwable thrown = thrownKind.get();
        Throwable out = assertThrows(Throwable.class, () -> g.throwInto(thrown));
        if (raisesExit && thrown instanceof GeneratorExit) {
          // The sub-generator's GeneratorExit is its close() succeeding; the thrown one goes on.
          assertSame(thrown, out);
        } else {
          assertRaised(raised, raisesStop, out);
        }
        assertEnded(g);
      }
    }
  }

  @Test
  void closeAndThrowWhenTheSubgeneratorYieldsWhileCleaningUp() {
    Supplier<Generator<Object, Object, Object>> make =
        () ->
            outer(
                Generator.of(
                    y -> {
                      try {
                        y.yield(FIRST);
                      } finally {
                        y.yield(SECOND);
                      }
                      return RETURNED;
                    }));
    Generator<Object, Object, Object> closed = make.get();
    assertSame(FIRST, closed.next());
    assertEquals(
        "generator ignored GeneratorExit",
        assertThrows(IllegalStateException.class, closed::close).getMessage());
    assertEnded(closed);

    for (Supplier<Throwable> kind : THROWN) {
      Generator<Object, Object, Object> g = make.get();
      assertSame(FIRST, g.next());
      Throwable thrown = kind.get();
      if (thrown instanceof GeneratorExit) {
        assertEquals(
            "generator ignored GeneratorExit",
            assertThrows(IllegalStateException.class, () -> g.throwInto(thrown)).getMessage());
      } else {
        // The sub-generator yields from its finally block: the delegation goes on.
        assertSame(SECOND, g.throwInto(thrown));
        Throwable out = assertThrows(Throwable.class, g::next);
        if (thrown instanceof StopIteration) {
          assertEquals("generator raised StopIteration", out.getMessage());
          assertSame(thrown, out.getCause());
        } else {
          assertSame(thrown, out);
        }
      }
      assertEnded(g);
    }
  }

  @Test
  void closeAndThrowWhenTheSubgeneratorReturnsWhileCleaningUp() {
    Supplier<Generator<Object, Object, Object>> make =
        () ->
            outer(
                Generator.of(
                    y -> {
                      try {
                        y.yield(FIRST);
                        y.yield(SECOND);
                      } catch (Throwable t) {
                        return RETURNED;
                      }
                      return null;
                    }));
    Generator<Object, Object, Object> closed = make.get();
    assertSame(FIRST, closed.next());
    closed.close();
    assertEnded(closed);

    for (Supplier<Throwable> kind : THROWN) {
      Generator<Object, Object, Object> g = make.get();
      assertSame(FIRST, g.next());
      Throwable thrown = kind.get();
      if (thrown instanceof GeneratorExit) {
        assertSame(thrown, assertThrows(GeneratorExit.class, () -> g.throwInto(thrown)));
      } else {
        // yieldFrom returns the value and the delegating generator returns it in turn.
        assertSame(RETURNED, assertThrows(StopIteration.class, () -> g.throwInto(thrown)).value());
      }
      assertEnded(g);
    }
  }

  @Test
  void delegatingGeneratorsClaimToBeRunningUnderThrow() {
    List<Generator<Object, Object, Object>> self = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    Generator<Object, Object, Object> two =
        Generator.of(
            y -> {
              try {
                y.yield(1);
              } catch (IllegalArgumentException e) {
                // handled
              }
              try {
                y.yieldFrom(self.get(0));
              } catch (IllegalStateException e) {
                errors.add(e.getMessage());
              }
              try {
                y.yield(2);
              } catch (IllegalArgumentException e) {
                // handled
              }
              return null;
            });
    Generator<Object, Object, Object> one =
        Generator.of(
            y -> {
              try {
                y.yield(0);
              } catch (IllegalArgumentException e) {
                // handled
              }
              y.yieldFrom(two);
              try {
                y.yield(3);
              } catch (IllegalArgumentException e) {
                // handled
              }
              return null;
            });
    self.add(one);
    List<Object> res = new ArrayList<>();
    res.add(one.next());
    assertThrows(
        StopIteration.class,
        () -> {
          while (true) {
            res.add(one.throwInto(new IllegalArgumentException()));
          }
        });
    assertEquals(List.of(0, 1, 2, 3), res);
    assertEquals(List.of("generator already executing"), errors);
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** The outcome when the sub-generator raised {@code raised} (PEP 479 for a StopIteration). */
  private static void assertRaised(Throwable raised, boolean raisesStop, Throwable out) {
    if (raisesStop) {
      assertEquals("generator raised StopIteration", out.getMessage());
      assertSame(raised, out.getCause());
    } else {
      assertSame(raised, out);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void throwUnchecked(Throwable t) throws T {
    throw (T) t;
  }
}
