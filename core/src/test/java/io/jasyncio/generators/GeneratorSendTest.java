package io.jasyncio.generators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.TestBase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** send(): PEP 342 values into the pending yield. */
class GeneratorSendTest extends TestBase {

  // scenarios: generators 3
  @Test
  void sendSetsTheValueOfThePendingYield() {
    List<Object> seen = new ArrayList<>();
    Generator<Integer, Integer, Void> g =
        Generator.of(
            y -> {
              seen.add(y.yield(1));
              seen.add(y.yield(2));
              seen.add(y.yield(3));
              return null;
            });
    assertEquals(1, g.next());
    assertEquals(2, g.send(42));
    assertEquals(List.of(42), seen);
    assertEquals(3, g.next()); // next() sends null
    assertEquals(42, seen.get(0));
    assertNull(seen.get(1));
    assertNull(assertThrows(StopIteration.class, () -> g.send(7)).value());
    assertEquals(7, seen.get(2));
  }

  // scenarios: generators 3
  @Test
  void runningTotalWithAugmentedYield() {
    // Python: total = 0; while True: total += yield total
    Generator<Integer, Integer, Void> g =
        Generator.of(
            y -> {
              int total = 0;
              while (true) {
                total += y.yield(total);
              }
            });
    assertEquals(0, g.next());
    assertEquals(10, g.send(10));
    assertEquals(20, g.send(10));
    assertEquals(30, g.send(10));
  }

  // scenarios: generators 2
  @Test
  void nonNullSendToAJustStartedGeneratorIsRefusedAndItStaysCreated() {
    List<String> log = new ArrayList<>();
    Generator<Integer, Integer, Void> g =
        Generator.of(
            y -> {
              log.add("started");
              y.yield(1);
              return null;
            });
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> g.send(42));
    assertEquals("can't send non-null value to a just-started generator", e.getMessage());
    assertEquals(GeneratorState.CREATED, g.state());
    assertEquals(List.of(), log);
    assertEquals(1, g.next());
    assertEquals(List.of("started"), log);
  }

  @Test
  void sendNullStartsLikeNext() {
    Generator<String, String, Void> g =
        Generator.of(
            y -> {
              String hello = y.yield("Hello");
              y.yield(hello);
              return null;
            });
    assertEquals("Hello", g.send(null));
    assertEquals("World", g.send("World"));
  }

  @Test
  void sendWhenTheBodyReturnsThrowsStopIterationWithTheValue() {
    Generator<Object, Integer, Integer> g =
        Generator.of(
            y -> {
              int sum = 0;
              for (Integer n = y.yield(null); n != null; n = y.yield(null)) {
                sum += n;
              }
              return sum;
            });
    g.next();
    g.send(1);
    g.send(2);
    assertEquals(3, assertThrows(StopIteration.class, () -> g.send(null)).value());
    assertEquals(3, g.returnValue());
    assertEquals(GeneratorState.CLOSED, g.state());
  }

  @Test
  void sendAfterHasNextRanAheadIsRefused() {
    List<Object> seen = new ArrayList<>();
    Generator<Integer, Integer, Void> g =
        Generator.of(
            y -> {
              seen.add(y.yield(1));
              seen.add(y.yield(2));
              return null;
            });
    assertTrue(g.hasNext());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> g.send(5));
    assertTrue(e.getMessage().startsWith("send() after hasNext() ran the generator ahead"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> g.send(null));
    IllegalStateException t =
        assertThrows(IllegalStateException.class, () -> g.throwInto(new RuntimeException("x")));
    assertTrue(t.getMessage().startsWith("throwInto() after hasNext()"), t.getMessage());
    // The buffered value is intact, and send works again once it is taken.
    assertEquals(1, g.next());
    assertEquals(2, g.send(9));
    assertEquals(List.of(9), seen);
  }

  @Test
  void sendIntoAClosedGeneratorIsStopIteration() {
    Generator<Integer, Integer, Void> g = Generator.of(y -> { y.yield(1); return null; });
    g.close();
    assertThrows(StopIteration.class, () -> g.send(3));
    assertEquals(GeneratorState.CLOSED, g.state());
  }

  @Test
  void aWrongSentTypeFailsInsideTheBody() {
    // averager of article 003 sent '123': the body's arithmetic fails, the generator closes.
    Generator<Double, Object, Void> averager =
        Generator.primed(
            y -> {
              double total = 0;
              int count = 0;
              Double average = null;
              while (true) {
                Object term = y.yield(average);
                total += (Double) term;
                average = total / ++count;
              }
            });
    assertEquals(40.0, averager.send(40.0));
    assertEquals(45.0, averager.send(50.0));
    assertThrows(ClassCastException.class, () -> averager.send("123"));
    assertEquals(GeneratorState.CLOSED, averager.state());
  }

  @Test
  void producerConsumerWithSend() {
    // Article 001: produce(c) drives consume() with send.
    List<String> log = new ArrayList<>();
    Generator<Void, Integer, Void> consumer =
        Generator.of(
            y -> {
              while (true) {
                Integer res = y.yield(null);
                log.add("consumed " + res);
              }
            });
    consumer.send(null);
    for (int i = 0; i < 3; i++) {
      log.add("produced " + i);
      consumer.send(i);
    }
    assertEquals(
        List.of("produced 0", "consumed 0", "produced 1", "consumed 1", "produced 2", "consumed 2"),
        log);
    consumer.close();
  }
}
