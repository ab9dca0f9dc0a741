package io.jasyncio.generators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jasyncio.TestBase;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** throwInto() and close(): exceptions at the yield point, GeneratorExit, cleanup. */
class GeneratorThrowCloseTest extends TestBase {

  /** Yields "waiting" forever; a caught IllegalArgumentException yields "caught <msg>". */
  static Generator<String, Object, Void> catcher(List<String> log) {
    return Generator.of(
        y -> {
          try {
            while (true) {
              try {
                y.yield("waiting");
              } catch (IllegalArgumentException e) {
                log.add("caught " + e.getMessage());
                y.yield("caught " + e.getMessage());
              }
            }
          } finally {
            log.add("finally");
          }
        });
  }

  // scenarios: generators 8
  @Test
  void throwCaughtInsideReturnsTheNextYieldedValue() {
    List<String> log = new ArrayList<>();
    Generator<String, Object, Void> g = catcher(log);
    assertEquals("waiting", g.next());
    assertEquals("caught x", g.throwInto(new IllegalArgumentException("x")));
    assertEquals("waiting", g.next());
    assertEquals(GeneratorState.SUSPENDED, g.state());
    assertEquals(List.of("caught x"), log);
  }

  // scenarios: generators 8
  @Test
  void throwNotCaughtPropagatesUnchangedAndCloses() {
    List<String> log = new ArrayList<>();
    Generator<String, Object, Void> g = catcher(log);
    g.next();
    IOException io = new IOException("disk");
    assertSame(io, assertThrows(IOException.class, () -> g.throwInto(io)));
    assertEquals(List.of("finally"), log);
    assertEquals(GeneratorState.CLOSED, g.state());
    assertThrows(StopIteration.class, g::next);
  }

  // scenarios: generators 8
  @Test
  void throwIntoAClosedGeneratorRaisesAtOnce() {
    List<String> log = new ArrayList<>();
    Generator<String, Object, Void> g = catcher(log);
    g.next();
    g.close();
    log.clear();
    IllegalArgumentException e = new IllegalArgumentException("late");
    assertSame(e, assertThrows(IllegalArgumentException.class, () -> g.throwInto(e)));
    assertEquals(List.of(), log);
    assertEquals(GeneratorState.CLOSED, g.state());
  }

  // scenarios: generators 8
  @Test
  void throwIntoAnUnstartedGeneratorRaisesAtOnceWithoutFinally() {
    List<String> log = new ArrayList<>();
    Generator<String, Object, Void> g = catcher(log);
    IllegalArgumentException e = new IllegalArgumentException("early");
    assertSame(e, assertThrows(IllegalArgumentException.class, () -> g.throwInto(e)));
    assertEquals(List.of(), log); // the body never ran: no catch, no finally
    assertEquals(GeneratorState.CLOSED, g.state());
    assertThrows(StopIteration.class, g::next);
  }

  @Test
  void throwCaughtThenReturnIsStopIteration() {
    Generator<Integer, Object, String> g =
        Generator.of(
            y -> {
              try {
                y.yield(1);
              } catch (IllegalStateException e) {
                return "handled " + e.getMessage();
              }
              return "normal";
            });
    g.next();
    StopIteration end =
        assertThrows(StopIteration.class, () -> g.throwInto(new IllegalStateException("oops")));
    assertEquals("handled oops", end.value());
    assertEquals("handled oops", g.returnValue());
  }

  @Test
  void throwIntoNullIsRejected() {
    Generator<Integer, Object, Void> g = Generator.of(y -> null);
    assertEquals("exception", assertThrows(NullPointerException.class, () -> g.throwInto(null)).getMessage());
    assertEquals(GeneratorState.CREATED, g.state());
  }

  @Test
  void throwingStopIterationInIsPep479() {
    Generator<Integer, Object, Void> g = Generator.of(y -> { y.yield(1); return null; });
    g.next();
    StopIteration si = new StopIteration("in");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> g.throwInto(si));
    assertEquals("generator raised StopIteration", e.getMessage());
    assertSame(si, e.getCause());
  }

  // scenarios: generators 9
  @Test
  void closeRunsExceptGeneratorExitAndFinally() {
    List<String> log = new ArrayList<>();
    Generator<Integer, Object, Void> g =
        Generator.of(
            y -> {
              try {
                try {
                  y.yield(1);
                } catch (GeneratorExit e) {
                  log.add("exit");
                  throw e;
                } finally {
                  log.add("inner finally");
                }
              } finally {
                log.add("outer finally");
              }
              log.add("not reached");
              return null;
            });
    g.next();
    g.close();
    // close() returns after every finally block ran.
    assertEquals(List.of("exit", "inner finally", "outer finally"), log);
    assertEquals(GeneratorState.CLOSED, g.state());
    g.close(); // a second close does nothing
    assertEquals(3, log.size());
    assertThrows(StopIteration.class, g::next);
  }

  // scenarios: generators 9
  @Test
  void closeBeforeStartNeverRunsTheBody() {
    List<String> log = new ArrayList<>();
    Generator<String, Object, Void> g = catcher(log);
    g.close();
    assertEquals(GeneratorState.CLOSED, g.state());
    assertThrows(StopIteration.class, g::next);
    assertEquals(List.of(), log);
  }

  @Test
  void generatorExitIsNotCaughtByCatchException() {
    List<String> log = new ArrayList<>();
    Generator<Integer, Object, Void> g =
        Generator.of(
            y -> {
              while (true) {
                try {
                  y.yield(1);
                } catch (Exception e) {
                  log.add("swallowed " + e);
                }
              }
            });
    g.next();
    g.close();
    assertEquals(List.of(), log);
    assertEquals(GeneratorState.CLOSED, g.state());
    assertInstanceOf(Error.class, new GeneratorExit());
  }

  @Test
  void yieldingAfterGeneratorExitIsIgnoredGeneratorExit() {
    List<String> log = new ArrayList<>();
    Generator<Integer, Object, Void> g =
        Generator.of(
            y -> {
              while (true) {
                try {
                  y.yield(1);
                } catch (GeneratorExit e) {
                  log.add("ignoring");
                }
              }
            });
    g.next();
    IllegalStateException e = assertThrows(IllegalStateException.class, g::close);
    assertEquals("generator ignored GeneratorExit", e.getMessage());
    assertEquals(List.of("ignoring"), log);
    // As in Python, the generator is still suspended at the yield it made.
    assertEquals(GeneratorState.SUSPENDED, g.state());
    assertEquals(1, g.next());
  }

  @Test
  void aCleanupExceptionComesOutOfClose() {
    Generator<Integer, Object, Void> g =
        Generator.of(
            y -> {
              try {
                y.yield(1);
              } finally {
                throw new IOException("cleanup failed");
              }
            });
    g.next();
    IOException e = assertThrows(IOException.class, g::close);
    assertEquals("cleanup failed", e.getMessage());
    assertEquals(GeneratorState.CLOSED, g.state());
    g.close();
  }

  @Test
  void closeWhenTheBodyThrowsItsOwnGeneratorExitIsSilent() {
    Generator<Integer, Object, Void> g =
        Generator.of(
            y -> {
              try {
                y.yield(1);
              } catch (GeneratorExit e) {
                throw new GeneratorExit();
              }
              return null;
            });
    g.next();
    g.close();
    assertEquals(GeneratorState.CLOSED, g.state());
  }

  @Test
  void throwIntoAGeneratorExitDirectlyReturnsWhatTheBodyYields() {
    Generator<Integer, Object, Void> g =
        Generator.of(
            y -> {
              try {
                y.yield(1);
              } catch (GeneratorExit e) {
                y.yield(2);
              }
              return null;
            });
    g.next();
    // Only close() calls a yield after GeneratorExit an error; throw() returns the value.
    assertEquals(2, g.throwInto(new GeneratorExit()));
  }

  @Test
  void tryWithResourcesClosesTheGenerator() {
    List<String> log = new ArrayList<>();
    Generator<String, Object, Void> kept;
    try (Generator<String, Object, Void> g = catcher(log)) {
      kept = g;
      assertEquals("waiting", g.next());
    }
    assertEquals(List.of("finally"), log);
    assertEquals(GeneratorState.CLOSED, kept.state());
  }

  // scenarios: generators 11
  @Test
  void closeReturnsTheValueTheBodyReturnsOnGeneratorExit() {
    Generator<Integer, Object, Integer> g =
        Generator.of(
            y -> {
              try {
                y.yield(1);
              } catch (GeneratorExit e) {
                return 0;
              }
              return 1;
            });
    g.next();
    assertEquals(0, g.closeAndGetValue());
    assertEquals(GeneratorState.CLOSED, g.state());
    assertNull(g.closeAndGetValue()); // second close -> null
    assertEquals(0, g.returnValue());
    assertNull(assertThrows(StopIteration.class, g::next).value());
  }

  // scenarios: generators 11
  @Test
  void closeValueIsNullWhenNotCaughtUnstartedOrExhausted() {
    Generator<Integer, Object, Integer> notCaught = Generator.of(y -> { y.yield(1); return 5; });
    notCaught.next();
    assertNull(notCaught.closeAndGetValue());
    assertNull(notCaught.returnValue());

    Generator<Integer, Object, Integer> unstarted =
        Generator.of(y -> { try { y.yield(1); } catch (GeneratorExit e) { return 0; } return 1; });
    assertNull(unstarted.closeAndGetValue());

    Generator<Integer, Object, Integer> exhausted = Generator.of(y -> 7);
    assertEquals(7, assertThrows(StopIteration.class, exhausted::next).value());
    assertNull(exhausted.closeAndGetValue());
    assertEquals(7, exhausted.returnValue());
  }

  // scenarios: generators 13
  @Test
  void contextOfAThrownExceptionIsTheHandledOne() {
    Generator<Object, Object, Void> g =
        Generator.of(
            y -> {
              try {
                throw new IllegalArgumentException("a"); // Python: raise KeyError('a')
              } catch (IllegalArgumentException e) {
                y.handling(e).yield(null);
              }
              return null;
            });
    g.next();
    IllegalStateException thrown = new IllegalStateException("value");
    IllegalStateException seen =
        assertThrows(IllegalStateException.class, () -> g.throwInto(thrown));
    assertSame(thrown, seen);
    assertEquals(1, seen.getSuppressed().length);
    assertEquals("a", seen.getSuppressed()[0].getMessage());
    assertInstanceOf(IllegalArgumentException.class, seen.getSuppressed()[0]);
    assertNull(seen.getCause()); // the cause is left alone
  }

  // scenarios: generators 13
  @Test
  void contextIsVisibleInsideTheGenerator() {
    List<String> log = new ArrayList<>();
    Generator<String, Object, Void> g =
        Generator.of(
            y -> {
              try {
                throw new IllegalArgumentException("a");
              } catch (IllegalArgumentException e) {
                try {
                  y.handling(e).yield(null);
                } catch (IllegalStateException exc) {
                  log.add(exc.getMessage() + " with " + exc.getSuppressed()[0].getMessage());
                  y.yield("b");
                }
              }
              return null;
            });
    g.next();
    assertEquals("b", g.throwInto(new IllegalStateException("value")));
    assertEquals(List.of("value with a"), log);
  }

  // scenarios: generators 13
  @Test
  void contextThroughYieldFrom() {
    Generator<Object, Object, Void> f = Generator.of(y -> { y.yield(null); return null; });
    Generator<Object, Object, Void> g =
        Generator.of(
            y -> {
              try {
                throw new IllegalArgumentException("a");
              } catch (IllegalArgumentException e) {
                y.handling(e).yieldFrom(f);
              }
              return null;
            });
    g.next();
    IllegalStateException seen =
        assertThrows(IllegalStateException.class, () -> g.throwInto(new IllegalStateException("v")));
    assertEquals(
        List.of("a"), List.of(seen.getSuppressed()).stream().map(Throwable::getMessage).toList());
    assertEquals(GeneratorState.CLOSED, f.state());
  }

  @Test
  void contextIsNotAddedTwiceNorToItself() {
    IllegalArgumentException handled = new IllegalArgumentException("a");
    Generator<Object, Object, Void> g =
        Generator.of(
            y -> {
              while (true) {
                try {
                  y.handling(handled).yield(null);
                } catch (IllegalStateException e) {
                  y.handling(handled).yield(e);
                }
              }
            });
    g.next();
    IllegalStateException e = new IllegalStateException("v");
    assertSame(e, g.throwInto(e));
    assertSame(e, assertThrows(IllegalStateException.class, () -> g.throwInto(e)));
    assertArrayEquals(new Throwable[] {handled}, e.getSuppressed());
    // Throwing the handled exception itself in does not make it suppress itself.
    Generator<Object, Object, Void> h =
        Generator.of(
            y -> {
              y.handling(handled).yield(null);
              return null;
            });
    h.next();
    assertSame(handled, assertThrows(IllegalArgumentException.class, () -> h.throwInto(handled)));
    assertEquals(0, handled.getSuppressed().length);
  }

  @Test
  void handlingNullIsRejected() {
    Generator<Object, Object, Void> g =
        Generator.of(
            y -> {
              y.handling(null);
              return null;
            });
    assertEquals("handled", assertThrows(NullPointerException.class, g::next).getMessage());
  }
}
