package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.generators.Generator;
import io.jasyncio.generators.StopIteration;
import io.jasyncio.locks.Held;
import io.jasyncio.locks.Lock;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The coroutine programs of article 003, "concurrency in Python": generator coroutines (states,
 * the priming decorator, return values, {@code yield from}), asyncio's Future with {@code
 * run_until_complete} and {@code run_forever}, wait / as_completed / gather, and asynchronous
 * context managers.
 *
 * <p>Each public static method taking an {@link Env} is one program; call it from one thread at a
 * time.
 *
 * {@snippet class=io.jasyncio.examples.ExamplesSnippetsTest region=article003Asyncio}
 */
public final class Article003Asyncio {
  private Article003Asyncio() {}

  // ---- generator coroutines -----------------------------------------------------------------

  /** {@code simple_coroutine}: its states before, during and after its one yield. */
  public static void simpleCoroutine(Env env) {
    PrintStream out = env.out();
    Generator<Void, Integer, Void> myCoro =
        Generator.of(
            y -> {
              out.println("-> coroutine started");
              int x = y.yield(null);
              out.println("-> coroutine received: " + x);
              return null;
            });
    out.println(myCoro.state());
    myCoro.send(null); // or next(): runs to the first yield
    out.println(myCoro.state());
    try {
      myCoro.send(42);
    } catch (StopIteration end) {
      out.println("StopIteration: the body ended");
    }
    out.println(myCoro.state());
  }

  /** The {@code @coroutine}-primed averager: each value sent in gives the running average. */
  public static Generator<Double, Double, Void> averager() {
    return Generator.primed(
        y -> {
          double total = 0.0;
          int count = 0;
          Double average = null;
          while (true) {
            double term = y.yield(average);
            total += term;
            count += 1;
            average = total / count;
          }
        });
  }

  /**
   * Sends 40 and 50 to a primed averager (40.0, 45.0), then a value that fails inside it: the
   * article sends the string '123' (a TypeError); Java's types refuse a string at compile time, so
   * this sends null, which fails at the same spot. The failure ends the averager.
   */
  public static void averager(Env env) {
    PrintStream out = env.out();
    Generator<Double, Double, Void> coroAvg = averager();
    out.println(coroAvg.send(40.0));
    out.println(coroAvg.send(50.0));
    try {
      coroAvg.send(null);
    } catch (NullPointerException e) {
      out.println("send(null) failed inside the averager: " + e.getClass().getSimpleName());
    }
    out.println("the averager is now " + coroAvg.state());
  }

  /** What the returning averager gives back: how many values, and their average. */
  public record Result(int count, double average) {}

  /** The averager that returns a {@link Result} when sent null (PEP 380's return value). */
  public static Generator<Void, Double, Result> returningAverager() {
    return Generator.of(
        y -> {
          double total = 0.0;
          int count = 0;
          double average = Double.NaN;
          while (true) {
            Double term = y.yield(null);
            if (term == null) {
              break; // to return a value, a coroutine must end normally
            }
            total += term;
            count += 1;
            average = total / count;
          }
          return new Result(count, average);
        });
  }

  /** {@code grouper}: delegates to a fresh returning averager per key, storing each result. */
  static Generator<Void, Double, Void> grouper(Map<String, Result> results, String key) {
    return Generator.of(
        y -> {
          while (true) {
            results.put(key, y.yieldFrom(returningAverager()));
          }
        });
  }

  /**
   * The returning averager alone (its value comes with the end, as StopIteration.value), then the
   * article's {@code yield from} report of weights and heights.
   */
  public static void grouper(Env env) {
    PrintStream out = env.out();
    Generator<Void, Double, Result> coroAvg = returningAverager();
    coroAvg.next();
    coroAvg.send(10.0);
    coroAvg.send(20.0);
    try {
      coroAvg.send(null);
    } catch (StopIteration end) {
      out.println("StopIteration value: " + end.value());
    }

    Map<String, List<Double>> data = new TreeMap<>();
    data.put("girls;kg", List.of(40.0, 41.0, 42.0, 43.0, 44.0, 54.0));
    data.put("girls;m", List.of(1.5, 1.6, 1.8, 1.5, 1.45, 1.6));
    data.put("boys;kg", List.of(50.0, 51.0, 62.0, 53.0, 54.0, 54.0));
    data.put("boys;m", List.of(1.6, 1.8, 1.8, 1.7, 1.55, 1.6));
    Map<String, Result> results = new TreeMap<>();
    data.forEach(
        (key, values) -> {
          Generator<Void, Double, Void> group = grouper(results, key);
          group.next();
          for (double value : values) {
            group.send(value);
          }
          group.send(null); // ends the current averager; grouper stores its result
          group.close();
        });
    results.forEach(
        (key, result) -> {
          String[] groupUnit = key.split(";");
          out.println(
              String.format(
                  Locale.ROOT,
                  "%2d %-5s averaging %.2f%s",
                  result.count(),
                  groupUnit[0],
                  result.average(),
                  groupUnit[1]));
        });
  }

  /** {@code generator_word}: letters, then numbers, first with loops, then with yield from. */
  public static void generatorWord(Env env) {
    Generator<Object, Object, Void> withLoops =
        Generator.of(
            y -> {
              for (char c : "ABCDE".toCharArray()) {
                y.yield(String.valueOf(c));
              }
              for (int i = 1; i < 3; i++) {
                y.yield(i);
              }
              return null;
            });
    Generator<Object, Object, Void> withYieldFrom =
        Generator.of(
            y -> {
              y.yieldAll(List.of("A", "B", "C", "D", "E").iterator());
              y.yieldAll(List.of(1, 2).iterator());
              return null;
            });
    env.out().println(withLoops.stream().toList());
    env.out().println(withYieldFrom.stream().toList());
  }

  // ---- hello, display_date ------------------------------------------------------------------

  /**
   * {@code hello} twice: as a generator-based coroutine ({@code @asyncio.coroutine} with {@code
   * yield from asyncio.sleep(1)}) and as a native one ({@code async def} with {@code await}).
   */
  public static void hello(Env env) {
    PrintStream out = env.out();
    try (EventLoop loop = env.newLoop()) {
      env.runUntilComplete(
          loop,
          () ->
              GeneratorCoroutines.drive(
                  Generator.<Future<?>, Object, Void>of(
                      y -> {
                        out.println("Hello world!");
                        y.yieldFrom(GeneratorCoroutines.sleep(loop, 1));
                        out.println("Hello again!");
                        return null;
                      })));
      env.runUntilComplete(
          loop,
          () -> {
            out.println("Hello world!");
            Asyncio.sleep(1);
            out.println("Hello again!");
            return null;
          });
    }
  }

  /** {@code display_date(loop)}: the date every second for five seconds. Suspends. */
  static Void displayDate(Env env, EventLoop loop) {
    double endTime = loop.time() + 5.0;
    while (true) {
      env.out().println(Texts.datetime(env.now()));
      if (loop.time() + 1.0 >= endTime) {
        break;
      }
      Asyncio.sleep(1);
    }
    return null;
  }

  /** The loop runs one coroutine until it returns: five dates, a second apart. */
  public static void displayDate(Env env) {
    try (EventLoop loop = env.newLoop()) {
      env.runUntilComplete(loop, () -> displayDate(env, loop));
    }
  }

  // ---- asyncio.Future -----------------------------------------------------------------------

  /** {@code async def slow_operation(future)}: sleeps a second, then sets the result. Suspends. */
  static Void slowOperation(Future<String> future) {
    Asyncio.sleep(1);
    future.setResult("Future is done!");
    return null;
  }

  /** A future completed by a task; the loop runs until that future is done. */
  public static void slowOperation(Env env) {
    try (EventLoop loop = env.newLoop()) {
      Future<String> future = loop.createFuture();
      loop.createTask(() -> slowOperation(future));
      env.runUntilComplete(loop, future);
      env.out().println(future.result());
    }
  }

  /** The same with {@code runForever}: the future's done callback prints and stops the loop. */
  public static void slowOperationForever(Env env) {
    try (EventLoop loop = env.newLoop()) {
      Future<String> future = loop.createFuture();
      loop.createTask(() -> slowOperation(future));
      future.addDoneCallback(
          f -> {
            env.out().println(f.result());
            loop.stop();
          });
      env.runForever(loop);
    }
  }

  // ---- wait, as_completed, gather -----------------------------------------------------------

  /**
   * The article's {@code print_page(url)}, with the network left out: the page "arrives" after the
   * number of seconds its address says (the HTTP client comes with its own examples).
   */
  static String printPage(PrintStream out, String url, double seconds) {
    Asyncio.sleep(seconds);
    out.println("  page " + url + " arrived after " + seconds + " s");
    return url;
  }

  /** {@code wait}, {@code as_completed} and {@code gather} over two pages of 2 and 1 seconds. */
  public static void taskFunctions(Env env) {
    PrintStream out = env.out();
    String foo = "http://example.com/foo";
    String bar = "http://example.com/bar";
    out.println("wait:");
    env.run(
        () ->
            Asyncio.wait(
                List.of(
                    Asyncio.createTask(() -> printPage(out, foo, 2)),
                    Asyncio.createTask(() -> printPage(out, bar, 1)))));
    out.println("asCompleted:");
    env.run(
        () -> {
          List<Task<String>> fs =
              List.of(
                  Asyncio.createTask(() -> printPage(out, foo, 2)),
                  Asyncio.createTask(() -> printPage(out, bar, 1)));
          for (Future<String> f : Asyncio.asCompleted(fs, null)) {
            out.println("  result " + Asyncio.await(f));
          }
          return null;
        });
    out.println("gather:");
    List<String> results =
        env.run(
            () ->
                Asyncio.await(
                    Asyncio.gather(
                        List.of(
                            Asyncio.createTask(() -> printPage(out, foo, 2)),
                            Asyncio.createTask(() -> printPage(out, bar, 1))))));
    for (String result : results) {
      out.println("  Task ret: " + result);
    }
  }

  // ---- async with ---------------------------------------------------------------------------

  /** {@code async def log(msg)}: a tenth of a second of pretend I/O, then the line. Suspends. */
  static void log(PrintStream out, String msg) {
    Asyncio.sleep(0.1);
    out.println(msg);
  }

  /**
   * Python's {@code AsyncContextManager}: entering ({@link #enter}) and leaving ({@link #close})
   * both suspend, so it is used with try-with-resources inside a coroutine.
   */
  static final class LoggingContext implements AutoCloseable {
    private final PrintStream out;

    private LoggingContext(PrintStream out) {
      this.out = out;
    }

    /** {@code __aenter__}. Suspends. */
    static LoggingContext enter(PrintStream out) {
      log(out, "entering context");
      return new LoggingContext(out);
    }

    /** {@code __aexit__}. Suspends. */
    @Override
    public void close() {
      log(out, "exiting context");
    }
  }

  /** A database session whose transactions begin, update and finish with pretend I/O. */
  static final class Session {
    private final PrintStream out;
    private final Map<String, String> rows = new TreeMap<>();

    Session(PrintStream out) {
      this.out = out;
    }

    /** {@code async with session.transaction()}: begins one. Suspends. */
    Transaction transaction() {
      log(out, "  begin");
      return new Transaction(this);
    }

    Map<String, String> rows() {
      return rows;
    }
  }

  /** A transaction: {@link #commit} keeps its updates; closing without commit rolls them back. */
  static final class Transaction implements AutoCloseable {
    private final Session session;
    private final Map<String, String> pending = new TreeMap<>();
    private boolean committed;

    private Transaction(Session session) {
      this.session = session;
    }

    /** {@code await session.update(data)}. Suspends. */
    void update(String key, String value) {
      log(session.out, "  update " + key + " = " + value);
      pending.put(key, value);
    }

    /** Makes the updates permanent. Suspends. */
    void commit() {
      log(session.out, "  commit");
      session.rows.putAll(pending);
      committed = true;
    }

    /** Rolls back unless committed. Suspends. */
    @Override
    public void close() {
      if (!committed) {
        log(session.out, "  rollback");
      }
    }
  }

  /**
   * {@code async with} is try-with-resources in a coroutine: a logging context manager, a
   * database transaction (committed, then one that fails and rolls back), and {@link Lock#hold()}
   * keeping two workers out of each other's critical section.
   */
  public static void asyncWith(Env env) {
    PrintStream out = env.out();
    env.run(
        () -> {
          try (LoggingContext _ = LoggingContext.enter(out)) {
            out.println("inside the context");
          }

          Session session = new Session(out);
          out.println("commit(session, data):");
          try (Transaction tx = session.transaction()) {
            tx.update("fruit", "apple");
            tx.commit();
          }
          out.println("a transaction that fails:");
          try (Transaction tx = session.transaction()) {
            tx.update("fruit", "pear");
            throw new IllegalStateException("the pear is rotten");
          } catch (IllegalStateException e) {
            out.println("  failed: " + e.getMessage());
          }
          out.println("rows " + session.rows());

          Lock lock = new Lock();
          List<Task<Void>> workers = new ArrayList<>();
          for (int i = 1; i <= 2; i++) {
            String name = "worker-" + i;
            workers.add(
                Asyncio.createTask(
                    () -> {
                      try (Held _ = lock.hold()) {
                        out.println(name + " holds the lock");
                        Asyncio.sleep(1);
                        out.println(name + " releases the lock");
                      }
                      return null;
                    }));
          }
          Asyncio.await(Asyncio.gather(workers));
          return null;
        });
  }
}
