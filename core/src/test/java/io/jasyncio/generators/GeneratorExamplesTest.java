package io.jasyncio.generators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jasyncio.TestBase;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The cores of the reference articles' generator programs (articles 000, 001, 003, 004). */
class GeneratorExamplesTest extends TestBase {

  @Test
  void simpleGen() {
    Generator<String, Object, Void> gen =
        Generator.of(
            y -> {
              y.yield("Hello");
              y.yield("World");
              return null;
            });
    assertEquals("Hello", gen.next());
    assertEquals("World", gen.next());
  }

  @Test
  void generateNumsWithBreak() {
    Generator<Integer, Object, Void> nums =
        Generator.of(
            y -> {
              int num = 0;
              while (true) {
                y.yield(num);
                num = num + 1;
              }
            });
    List<Integer> printed = new ArrayList<>();
    for (int x : nums) {
      printed.add(x);
      if (x > 9) {
        break;
      }
    }
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10), printed);
    assertEquals(GeneratorState.SUSPENDED, nums.state()); // Python would close it at GC
    nums.close();
    assertEquals(GeneratorState.CLOSED, nums.state());
  }

  @Test
  void coroWithSend() {
    Generator<String, String, Void> c =
        Generator.of(
            y -> {
              String hello = y.yield("Hello");
              y.yield(hello);
              return null;
            });
    assertEquals("Hello", c.next());
    assertEquals("World", c.send("World"));
  }

  static Generator<Object, Integer, Integer> accumulate() {
    return Generator.of(
        y -> {
          int tally = 0;
          while (true) {
            Integer next = y.yield(null);
            if (next == null) {
              return tally;
            }
            tally += next;
          }
        });
  }

  @Test
  void accumulateAndGatherTallies() {
    List<Integer> tallies = new ArrayList<>();
    Generator<Object, Integer, Void> acc =
        Generator.of(
            y -> {
              while (true) {
                int tally = y.yieldFrom(accumulate());
                tallies.add(tally);
              }
            });
    acc.next(); // ready to accept values
    for (int i = 0; i < 4; i++) {
      acc.send(i);
    }
    acc.send(null); // finishes the first tally
    for (int i = 0; i < 5; i++) {
      acc.send(i);
    }
    acc.send(null); // finishes the second tally
    assertEquals(List.of(6, 10), tallies);
  }

  @Test
  void jumpingRange() {
    Generator<Integer, Integer, Void> iterator = jumpingRange(5);
    assertEquals(0, iterator.next());
    assertEquals(2, iterator.send(2));
    assertEquals(3, iterator.next());
    assertEquals(2, iterator.send(-1));
    List<Integer> rest = new ArrayList<>();
    for (int x : iterator) {
      rest.add(x);
    }
    assertEquals(List.of(3, 4), rest);
  }

  static Generator<Integer, Integer, Void> jumpingRange(int upTo) {
    return Generator.of(
        y -> {
          int index = 0;
          while (index < upTo) {
            Integer jump = y.yield(index);
            if (jump == null) {
              jump = 1;
            }
            index += jump;
          }
          return null;
        });
  }

  @Test
  void averagerWithThePrimer() {
    // Article 003's @coroutine decorator is Generator.primed.
    Generator<Double, Object, Void> coroAvg =
        Generator.primed(
            y -> {
              double total = 0.0;
              int count = 0;
              Double average = null;
              while (true) {
                Object term = y.yield(average);
                total += (Double) term;
                count += 1;
                average = total / count;
              }
            });
    assertEquals(40.0, coroAvg.send(40.0));
    assertEquals(45.0, coroAvg.send(50.0));
    // '123' is not a number: the body fails (Python: TypeError) and the generator is finished.
    assertThrows(ClassCastException.class, () -> coroAvg.send("123"));
    assertThrows(StopIteration.class, () -> coroAvg.send(1.0));
  }

  record Result(int count, Double average) {}

  static Generator<Object, Double, Result> averager() {
    return Generator.of(
        y -> {
          double total = 0.0;
          int count = 0;
          Double average = null;
          while (true) {
            Double term = y.yield(null);
            if (term == null) {
              break;
            }
            total += term;
            count += 1;
            average = total / count;
          }
          return new Result(count, average);
        });
  }

  @Test
  void averagerReturnsItsResultThroughStopIteration() {
    Generator<Object, Double, Result> coroAvg = averager();
    coroAvg.next();
    coroAvg.send(10.0);
    coroAvg.send(20.0);
    StopIteration exc = assertThrows(StopIteration.class, () -> coroAvg.send(null));
    assertEquals(new Result(2, 15.0), exc.value());
  }

  @Test
  void grouperDelegatesToAverager() {
    Map<String, List<Double>> data = new TreeMap<>();
    data.put("girls;kg", List.of(40.0, 41.0, 42.0, 43.0, 44.0, 54.0));
    data.put("boys;kg", List.of(50.0, 51.0, 62.0, 53.0, 54.0, 54.0));
    Map<String, Result> results = new TreeMap<>();
    for (Map.Entry<String, List<Double>> e : data.entrySet()) {
      Generator<Object, Double, Void> group =
          Generator.of(
              y -> {
                while (true) {
                  results.put(e.getKey(), y.yieldFrom(averager()));
                }
              });
      group.next();
      for (double value : e.getValue()) {
        group.send(value);
      }
      group.send(null);
    }
    assertEquals(6, results.get("girls;kg").count());
    assertEquals(44.0, results.get("girls;kg").average());
    assertEquals(54.0, results.get("boys;kg").average());
  }

  // ---- article 004: a hand-written event loop driving generator-based coroutines -------------

  /**
   * SleepingLoop of article 004, on a virtual clock: instead of {@code time.sleep} it jumps to
   * the wake-up time. Coroutines yield the time they want to wake up at and receive the time it
   * is when they resume. Equal wake-up times resume in the order they were scheduled (with a real
   * clock, the later one is always a little later).
   */
  static final class SleepingLoop {
    private record Waiting(double until, long seq, Generator<Double, Double, ?> coro) {}

    private final List<Generator<Double, Double, ?>> fresh;
    private final PriorityQueue<Waiting> waiting =
        new PriorityQueue<>(
            Comparator.comparingDouble(Waiting::until).thenComparingLong(Waiting::seq));
    private long seq;
    double now;

    SleepingLoop(List<Generator<Double, Double, ?>> coros) {
      this.fresh = coros;
    }

    void runUntilComplete() {
      for (Generator<Double, Double, ?> coro : fresh) {
        waiting.add(new Waiting(coro.send(null), seq++, coro));
      }
      while (!waiting.isEmpty()) {
        Waiting task = waiting.poll();
        if (now < task.until()) {
          now = task.until(); // virtual time: jump instead of sleeping
        }
        try {
          double waitUntil = task.coro().send(now);
          waiting.add(new Waiting(waitUntil, seq++, task.coro()));
        } catch (StopIteration done) {
          // the coroutine is done
        }
      }
    }

    /** The loop's sleep: yields the wake-up time, returns how long it actually waited. */
    Generator<Double, Double, Double> sleep(double seconds) {
      return Generator.of(
          y -> {
            double start = now;
            double actual = y.yield(start + seconds);
            return actual - start;
          });
    }

    Generator<Double, Double, Void> countdown(String label, int length, int delay, List<String> out) {
      return Generator.of(
          y -> {
            out.add(label + " waiting " + delay + " seconds before starting countdown");
            double delta = y.yieldFrom(sleep(delay));
            out.add(label + " starting after waiting " + delta);
            for (int left = length; left > 0; left--) {
              out.add(label + " T-minus " + left);
              y.yieldFrom(sleep(1));
            }
            out.add(label + " lift-off!");
            return null;
          });
    }
  }

  @Test
  void rocketCountdownOnAHandWrittenLoop() {
    List<String> out = new ArrayList<>();
    List<Generator<Double, Double, ?>> coros = new ArrayList<>();
    SleepingLoop loop = new SleepingLoop(coros);
    coros.add(loop.countdown("A", 5, 0, out));
    coros.add(loop.countdown("B", 3, 2, out));
    coros.add(loop.countdown("C", 4, 1, out));
    loop.runUntilComplete();
    // The order of the reference output (article 004); delays are exact on the virtual clock.
    assertEquals(
        List.of(
            "A waiting 0 seconds before starting countdown",
            "B waiting 2 seconds before starting countdown",
            "C waiting 1 seconds before starting countdown",
            "A starting after waiting 0.0",
            "A T-minus 5",
            "C starting after waiting 1.0",
            "C T-minus 4",
            "A T-minus 4",
            "B starting after waiting 2.0",
            "B T-minus 3",
            "C T-minus 3",
            "A T-minus 3",
            "B T-minus 2",
            "C T-minus 2",
            "A T-minus 2",
            "B T-minus 1",
            "C T-minus 1",
            "A T-minus 1",
            "B lift-off!",
            "C lift-off!",
            "A lift-off!"),
        out);
    assertEquals(5.0, loop.now); // total elapsed time
    for (Generator<Double, Double, ?> c : coros) {
      assertEquals(GeneratorState.CLOSED, c.state());
    }
  }
}
