package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.generators.Generator;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The programs of article 000, "asynchronous programming in Python": generators, {@code send},
 * {@code yield from}, and two concurrent {@code display_date} loops in three forms.
 *
 * <p>Each public static method is one program and takes the {@link Env} it runs in; the
 * generator-returning methods are the article's generator functions. Call the programs from one
 * thread at a time.
 *
 * {@snippet class=io.jasyncio.examples.ExamplesSnippetsTest region=article000}
 */
public final class Article000 {
  /** How long each display_date loop runs, in seconds (the article's 50.0). */
  public static final double DISPLAY_SECONDS = 50.0;

  private Article000() {}

  // ---- simple_gen ---------------------------------------------------------------------------

  /** {@code def simple_gen(): yield "Hello"; yield "World"}. */
  public static Generator<String, Object, Void> simpleGen() {
    return Generator.of(
        y -> {
          y.yield("Hello");
          y.yield("World");
          return null;
        });
  }

  /** Takes the two values of {@link #simpleGen()} with {@code next()}. */
  public static void simpleGen(Env env) {
    try (Generator<String, Object, Void> gen = simpleGen()) {
      env.out().println(gen.next());
      env.out().println(gen.next());
    }
  }

  // ---- generate_nums ------------------------------------------------------------------------

  /** An endless sequence 0, 1, 2, ... that nothing stores. */
  public static Generator<Integer, Object, Void> generateNums() {
    return Generator.of(
        y -> {
          int num = 0;
          while (true) {
            y.yield(num);
            num = num + 1;
          }
        });
  }

  /** Iterates {@link #generateNums()} with a for loop and breaks after 10: prints 0 to 10. */
  public static void generateNums(Env env) {
    try (Generator<Integer, Object, Void> nums = generateNums()) {
      for (int x : nums) {
        env.out().println(x);
        if (x > 9) {
          break;
        }
      }
    }
  }

  // ---- coro ---------------------------------------------------------------------------------

  /** {@code hello = yield "Hello"; yield hello}: a generator-based coroutine fed by send. */
  public static Generator<String, String, Void> coro() {
    return Generator.of(
        y -> {
          String hello = y.yield("Hello");
          y.yield(hello);
          return null;
        });
  }

  /** {@code next(c)} gives Hello; {@code c.send("World")} gives World back. */
  public static void coroSend(Env env) {
    try (Generator<String, String, Void> c = coro()) {
      env.out().println(c.next());
      env.out().println(c.send("World"));
    }
  }

  // ---- accumulate / gather_tallies ----------------------------------------------------------

  /** Sums the values sent in; a null ends it and returns the tally. */
  public static Generator<Void, Integer, Integer> accumulate() {
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

  /** Delegates to a fresh {@link #accumulate()} again and again, keeping each tally. */
  public static Generator<Void, Integer, Void> gatherTallies(List<Integer> tallies) {
    return Generator.of(
        y -> {
          while (true) {
            int tally = y.yieldFrom(accumulate());
            tallies.add(tally);
          }
        });
  }

  /** Sends 0..3, null, 0..4, null through {@code yield from}: prints {@code [6, 10]}. */
  public static void gatherTallies(Env env) {
    List<Integer> tallies = new ArrayList<>();
    try (Generator<Void, Integer, Void> acc = gatherTallies(tallies)) {
      acc.next(); // ready to receive values
      for (int i = 0; i < 4; i++) {
        acc.send(i);
      }
      acc.send(null); // ends the first tally
      for (int i = 0; i < 5; i++) {
        acc.send(i);
      }
      acc.send(null); // ends the second tally
    }
    env.out().println(tallies);
  }

  // ---- display_date -------------------------------------------------------------------------

  /** The three ways the article writes display_date, and the blocking mistake. */
  public enum Form {
    /** {@code @asyncio.coroutine} with {@code yield from asyncio.sleep(...)}. */
    GENERATOR,
    /** {@code async def} with {@code await asyncio.sleep(...)}. */
    NATIVE,
    /** {@code async def} awaiting a {@code @types.coroutine} generator, my_sleep_func. */
    INTEROP,
    /** {@code time.sleep} inside the coroutine: the loops no longer take turns. */
    BLOCKING
  }

  /** Two display_date loops of {@link #DISPLAY_SECONDS} each, running concurrently. */
  public static void displayDate(Env env, Form form) {
    displayDate(env, form, DISPLAY_SECONDS);
  }

  /**
   * Two display_date loops (numbered 1 and 2) of {@code seconds} each on one event loop; each
   * prints the time, then sleeps a random 0 to 5 seconds, until less than a second is left.
   */
  public static void displayDate(Env env, Form form, double seconds) {
    env.run(
        () -> {
          EventLoop loop = Asyncio.getRunningLoop();
          List<Task<Void>> loops = new ArrayList<>();
          for (int num = 1; num <= 2; num++) {
            int n = num;
            loops.add(
                switch (form) {
                  case GENERATOR ->
                      Asyncio.createTask(
                          () -> GeneratorCoroutines.drive(displayDateGen(env, n, loop, seconds)));
                  default -> Asyncio.createTask(() -> displayDate(env, n, loop, seconds, form));
                });
          }
          Asyncio.await(Asyncio.gather(loops));
          return null;
        });
  }

  /** The generator-based display_date: yields what it waits for (the futures of sleeps). */
  static Generator<Future<?>, Object, Void> displayDateGen(
      Env env, int num, EventLoop loop, double seconds) {
    return Generator.of(
        y -> {
          double endTime = env.time() + seconds; // the loop's time, and blocked time
          while (true) {
            printTime(env.out(), num, env);
            if (env.time() + 1.0 >= endTime) {
              break;
            }
            y.yieldFrom(GeneratorCoroutines.sleep(loop, env.random().nextInt(6)));
          }
          return null;
        });
  }

  /** The native display_date (or its interop and blocking variants). Suspends. */
  static Void displayDate(Env env, int num, EventLoop loop, double seconds, Form form) {
    double endTime = env.time() + seconds; // the loop's time, and blocked time
    while (true) {
      printTime(env.out(), num, env);
      if (env.time() + 1.0 >= endTime) {
        break;
      }
      int pause = env.random().nextInt(6);
      switch (form) {
        case NATIVE -> Asyncio.sleep(pause);
        case INTEROP -> GeneratorCoroutines.drive(mySleepFunc(loop, pause));
        case BLOCKING -> env.sleepThread(pause);
        case GENERATOR -> throw new IllegalArgumentException("use displayDateGen");
      }
    }
    return null;
  }

  /** {@code @types.coroutine def my_sleep_func(): yield from asyncio.sleep(...)}. */
  static Generator<Future<?>, Object, Void> mySleepFunc(EventLoop loop, double seconds) {
    return Generator.of(y -> y.yieldFrom(GeneratorCoroutines.sleep(loop, seconds)));
  }

  private static void printTime(PrintStream out, int num, Env env) {
    out.println("Loop: " + num + " Time: " + Texts.datetime(env.now()));
  }
}
