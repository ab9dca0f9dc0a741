package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.Clock;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a program needs from the world: where to print, which clock its event loops use, how a
 * thread blocks ({@code time.sleep}), what time it is ({@code datetime.now()}) and a source of
 * random numbers. The same program runs in real time from the command line ({@link #real()}) and
 * on a virtual clock in tests ({@link #virtual(PrintStream, long)}).
 *
 * <p><b>One timeline.</b> {@link #time()} is the program's clock in seconds. In real time it is
 * {@link System#nanoTime()}. On the virtual clock it starts at 0 and moves in two ways: while an
 * event loop made by {@link #run} runs, with that loop's virtual clock (which jumps to the next
 * timer when the loop is idle); and by {@link #sleepThread}, which counts the seconds a thread
 * blocks without waiting for them (only a configurable, tiny fraction of them is spent really
 * asleep, so that a blocked loop is still noticed by debug mode's slow-callback check).
 *
 * <p><b>Threads.</b> Every method may be called from any thread.
 *
 * {@snippet class=io.jasyncio.examples.ExamplesSnippetsTest region=env}
 */
public final class Env {
  /** The date the virtual clock starts at: {@code datetime.now()} at virtual time 0. */
  public static final LocalDateTime VIRTUAL_EPOCH = LocalDateTime.of(2017, 3, 5, 11, 36, 37);

  private final PrintStream out;
  private final Random random;
  private final boolean virtual;
  private final double realFraction;

  /** Virtual mode: nanoseconds of finished loop runs and of blocked threads. */
  private final AtomicLong elapsedNanos = new AtomicLong();

  /** Virtual mode: the loop run in progress, whose clock adds to the timeline. */
  private volatile Running current;

  private record Running(EventLoop loop, double start) {
    double elapsed() {
      return loop.time() - start;
    }
  }

  private Env(PrintStream out, Random random, boolean virtual, double realFraction) {
    this.out = Objects.requireNonNull(out, "out");
    this.random = Objects.requireNonNull(random, "random");
    this.virtual = virtual;
    this.realFraction = realFraction;
  }

  /** Real time, {@link System#out}, an unseeded {@link Random}: the command line. */
  public static Env real() {
    return new Env(System.out, new Random(), false, 1.0);
  }

  /**
   * Virtual time printing to {@code out}, with {@code new Random(seed)}; a thread that blocks
   * for s seconds really sleeps {@code s / 1000}.
   */
  public static Env virtual(PrintStream out, long seed) {
    return virtual(out, seed, 0.001);
  }

  /**
   * Virtual time printing to {@code out}, with {@code new Random(seed)}; a thread that blocks for
   * s seconds really sleeps {@code s * realFraction} (0 = not at all).
   *
   * @throws IllegalArgumentException if realFraction is not in [0, 1]
   */
  public static Env virtual(PrintStream out, long seed, double realFraction) {
    if (!(realFraction >= 0 && realFraction <= 1)) {
      throw new IllegalArgumentException("realFraction must be in [0, 1], not " + realFraction);
    }
    return new Env(out, new Random(seed), true, realFraction);
  }

  /** Where the program prints. */
  public PrintStream out() {
    return out;
  }

  /** The program's random numbers (seeded on the virtual clock). */
  public Random random() {
    return random;
  }

  /** Whether this environment runs on the virtual clock. */
  public boolean isVirtual() {
    return virtual;
  }

  /** A new event loop on this environment's clock; the caller closes it. */
  public EventLoop newLoop() {
    return virtual ? EventLoop.create(Clock.virtual()) : EventLoop.create();
  }

  /** Python's {@code asyncio.run(main)} on this environment's clock. */
  public <T> T run(Coroutine<T> main) {
    return run(main, false);
  }

  /** Python's {@code asyncio.run(main, debug=debug)} on this environment's clock. */
  public <T> T run(Coroutine<T> main, boolean debug) {
    Objects.requireNonNull(main, "main");
    if (!virtual) {
      return Asyncio.run(main, debug);
    }
    return Asyncio.runVirtual(
        () -> {
          Running r = new Running(Asyncio.getRunningLoop(), Asyncio.getRunningLoop().time());
          current = r;
          try {
            return main.run();
          } finally {
            elapsedNanos.addAndGet(Math.round(r.elapsed() * 1e9));
            current = null;
          }
        },
        debug);
  }

  /**
   * Runs {@code loop} until {@code main} completes, counting the loop's time into the virtual
   * timeline (for programs that drive a loop of {@link #newLoop()} by hand).
   */
  public <T> T runUntilComplete(EventLoop loop, Coroutine<T> main) {
    return track(loop, () -> loop.runUntilComplete(main));
  }

  /** Runs {@code loop} forever (until {@code stop()}), counting its time into the timeline. */
  public void runForever(EventLoop loop) {
    track(
        loop,
        () -> {
          loop.runForever();
          return null;
        });
  }

  /** Runs {@code loop} until {@code f} is done, counting its time into the timeline. */
  public <T> T runUntilComplete(EventLoop loop, io.jasyncio.Future<T> f) {
    return track(loop, () -> loop.runUntilComplete(f));
  }

  private <T> T track(EventLoop loop, java.util.function.Supplier<T> body) {
    if (!virtual) {
      return body.get();
    }
    Running r = new Running(loop, loop.time());
    current = r;
    try {
      return body.get();
    } finally {
      elapsedNanos.addAndGet(Math.round(r.elapsed() * 1e9));
      current = null;
    }
  }

  /**
   * The program's clock in seconds ({@code time.monotonic()}); only differences are meaningful.
   */
  public double time() {
    if (!virtual) {
      return System.nanoTime() / 1e9;
    }
    Running r = current;
    return elapsedNanos.get() / 1e9 + (r == null ? 0 : r.elapsed());
  }

  /** Python's {@code datetime.now()} on this environment's clock. */
  public LocalDateTime now() {
    if (!virtual) {
      return LocalDateTime.now();
    }
    return VIRTUAL_EPOCH.plus(Duration.ofNanos(Math.round(time() * 1e9)));
  }

  /**
   * Python's {@code time.sleep}: blocks the calling thread. On the virtual clock the seconds are
   * counted into the timeline and only a fraction of them is really slept.
   */
  public void sleepThread(double seconds) {
    if (!(seconds >= 0)) {
      throw new IllegalArgumentException("seconds must be >= 0, not " + seconds);
    }
    double real = virtual ? seconds * realFraction : seconds;
    if (virtual) {
      elapsedNanos.addAndGet(Math.round(seconds * 1e9));
    }
    sleepReally(real);
  }

  /**
   * The real duration that stands for {@code seconds} of blocking: {@code seconds} in real time,
   * the configured fraction of it on the virtual clock (for thresholds such as the slow-callback
   * duration that the loop measures in real time).
   */
  public double realSeconds(double seconds) {
    return virtual ? seconds * realFraction : seconds;
  }

  private static void sleepReally(double seconds) {
    if (seconds <= 0) {
      return;
    }
    try {
      Thread.sleep(Duration.ofNanos(Math.round(seconds * 1e9)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while sleeping", e);
    }
  }

  @Override
  public String toString() {
    return virtual ? "Env[virtual, t=" + time() + "]" : "Env[real]";
  }
}
