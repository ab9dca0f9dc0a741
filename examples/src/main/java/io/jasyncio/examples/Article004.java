package io.jasyncio.examples;

import io.jasyncio.generators.Generator;
import io.jasyncio.generators.StopIteration;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * The programs of article 004, "generators as coroutines": {@code jumping_range} steered with
 * {@code send}, and the rocket countdown: a hand-written event loop, {@link SleepingLoop}, driving
 * generator coroutines that yield the time they want to wake up at.
 *
 * <p>Each public static method taking an {@link Env} is one program; call it from one thread at a
 * time.
 *
 * {@snippet class=io.jasyncio.examples.ExamplesSnippetsTest region=article004}
 */
public final class Article004 {
  private Article004() {}

  // ---- jumping_range ------------------------------------------------------------------------

  /** 0 to {@code upTo} (exclusive); a value sent in shifts the sequence by that much. */
  public static Generator<Integer, Integer, Void> jumpingRange(int upTo) {
    return Generator.of(
        y -> {
          int index = 0;
          while (index < upTo) {
            Integer jump = y.yield(index);
            index += jump == null ? 1 : jump;
          }
          return null;
        });
  }

  /** Prints 0, 2, 3, 2, then 3 and 4 from a for loop. */
  public static void jumpingRange(Env env) {
    PrintStream out = env.out();
    try (Generator<Integer, Integer, Void> iterator = jumpingRange(5)) {
      out.println(iterator.next()); // 0
      out.println(iterator.send(2)); // 2
      out.println(iterator.next()); // 3
      out.println(iterator.send(-1)); // 2
      for (int x : iterator) {
        out.println(x); // 3, 4
      }
    }
  }

  // ---- the rocket countdown -----------------------------------------------------------------

  /**
   * An event loop focused on delaying the execution of coroutines, as asyncio's BaseEventLoop:
   * a heap of coroutines ordered by wake-up time (then by arrival, so that equal times keep their
   * order); it sleeps the calling thread until the first is due, and resumes it.
   */
  public static final class SleepingLoop {
    private record Waiting(double until, long seq, Generator<Double, Double, Void> coro) {}

    private final Env env;
    private final List<Generator<Double, Double, Void>> fresh;
    private final PriorityQueue<Waiting> waiting =
        new PriorityQueue<>(
            (a, b) ->
                a.until != b.until
                    ? Double.compare(a.until, b.until)
                    : Long.compare(a.seq, b.seq));
    private long seq;

    /** A loop that will run {@code coros} on {@code env}'s clock. */
    public SleepingLoop(Env env, List<Generator<Double, Double, Void>> coros) {
      this.env = Objects.requireNonNull(env, "env");
      this.fresh = List.copyOf(coros);
    }

    /** Starts every coroutine, then resumes each when due, until all have ended. */
    public void runUntilComplete() {
      for (Generator<Double, Double, Void> coro : fresh) {
        push(coro.send(null), coro);
      }
      while (!waiting.isEmpty()) {
        Waiting task = waiting.poll();
        double now = env.time();
        if (now < task.until) {
          env.sleepThread(task.until - now); // ahead of schedule: wait until it is time
          now = env.time();
        }
        try {
          push(task.coro.send(now), task.coro);
        } catch (StopIteration done) {
          // the coroutine has ended
        }
      }
    }

    private void push(double until, Generator<Double, Double, Void> coro) {
      waiting.add(new Waiting(until, seq++, coro));
    }
  }

  /**
   * {@code sleep(seconds)}: yields the wake-up time and returns how long it actually waited. Used
   * with {@code yieldFrom} inside a coroutine of the {@link SleepingLoop}.
   */
  static Generator<Double, Double, Duration> sleep(Env env, double seconds) {
    return Generator.of(
        y -> {
          double now = env.time();
          double actual = y.yield(now + seconds);
          return Duration.ofNanos(Math.round((actual - now) * 1e9));
        });
  }

  /** {@code countdown(label, length, delay)}: what a user of the sleeping loop writes. */
  static Generator<Double, Double, Void> countdown(Env env, String label, int length, int delay) {
    PrintStream out = env.out();
    return Generator.of(
        y -> {
          out.println(label + " waiting " + delay + " seconds before starting countdown");
          Duration delta = y.yieldFrom(sleep(env, delay));
          out.println(label + " starting after waiting " + Texts.timedelta(delta));
          int remaining = length;
          while (remaining > 0) {
            out.println(label + " T-minus " + remaining);
            y.yieldFrom(sleep(env, 1));
            remaining--;
          }
          out.println(label + " lift-off!");
          return null;
        });
  }

  /** Three launches on one thread: A from 5 at once, B from 3 after 2 s, C from 4 after 1 s. */
  public static void rocketCountdown(Env env) {
    SleepingLoop loop =
        new SleepingLoop(
            env,
            List.of(
                countdown(env, "A", 5, 0), countdown(env, "B", 3, 2), countdown(env, "C", 4, 1)));
    double start = env.time();
    loop.runUntilComplete();
    env.out()
        .println(
            "Total elapsed time is "
                + Texts.timedelta(Duration.ofNanos(Math.round((env.time() - start) * 1e9))));
  }
}
