package io.jasyncio.examples;

import io.jasyncio.examples.Article000.Form;
import io.jasyncio.examples.Article001.Collect;
import java.util.List;
import java.util.Optional;

/**
 * {@code ./jasyncio examples [NAME]}: lists the programs of the reference articles, one line each,
 * or runs one with real time.
 *
 * {@snippet class=io.jasyncio.examples.ExamplesSnippetsTest region=examples}
 */
public final class Examples {
  private static final List<Program> PROGRAMS =
      List.of(
          // article 000
          p("simple-gen", "000", "a generator yields Hello, then World", Article000::simpleGen),
          p(
              "generate-nums",
              "000",
              "an endless generator in a for loop with break",
              Article000::generateNums),
          p("coro-send", "000", "send() hands a value back in at the yield", Article000::coroSend),
          p(
              "gather-tallies",
              "000",
              "yield from delegates to a sub-generator: [6, 10]",
              Article000::gatherTallies),
          p(
              "display-date-generator",
              "000",
              "two concurrent loops, generator-based (yield futures)",
              e -> Article000.displayDate(e, Form.GENERATOR)),
          p(
              "display-date-native",
              "000",
              "two concurrent loops, native coroutines",
              e -> Article000.displayDate(e, Form.NATIVE)),
          p(
              "display-date-interop",
              "000",
              "native coroutines awaiting a generator-based sleep",
              e -> Article000.displayDate(e, Form.INTEROP)),
          p(
              "display-date-blocking",
              "000",
              "the same loops with a blocking sleep: no more turns",
              e -> Article000.displayDate(e, Form.BLOCKING)),
          // article 001
          p(
              "produce-consume",
              "001",
              "producer and consumer take turns through send()",
              Article001::produceConsume),
          p("create-task", "001", "a coroutine becomes a task two ways", Article001::createTask),
          p(
              "done-callback",
              "001",
              "a done callback reads the finished task's result",
              Article001::doneCallback),
          p(
              "wait-tasks",
              "001",
              "two 2-second tasks under wait take 2 seconds",
              Article001::waitTasks),
          p(
              "blocking-sleep",
              "001",
              "a blocking sleep stalls the loop; debug mode warns",
              Article001::blockingSleep),
          p(
              "collect-wait",
              "001",
              "200 random sleeps collected with wait",
              e -> Article001.collect(e, Collect.WAIT)),
          p(
              "collect-gather",
              "001",
              "200 random sleeps collected with gather",
              e -> Article001.collect(e, Collect.GATHER)),
          p(
              "collect-gather-returned",
              "001",
              "main returns gather's results to the caller",
              e -> Article001.collect(e, Collect.GATHER_RETURNED)),
          p(
              "collect-wait-returned",
              "001",
              "main returns wait's done and pending sets",
              e -> Article001.collect(e, Collect.WAIT_RETURNED)),
          p(
              "collect-as-completed",
              "001",
              "200 random sleeps collected in finishing order",
              e -> Article001.collect(e, Collect.AS_COMPLETED)),
          p(
              "cancel-on-interrupt",
              "001",
              "Ctrl-C cancels every task; finally blocks run",
              Article001::cancelOnInterrupt),
          p(
              "concurrency",
              "001",
              "200 tasks, ~800 s of sleeping, done in ~7 s on one thread",
              Article001::concurrency),
          p(
              "aiohttp-get-response",
              "001",
              "get_response: a ClientSession GETs a page (local page server)",
              Article001Http::getResponse),
          p(
              "sync-vs-async-requests",
              "001",
              "10 blocking GETs in a row vs 10 concurrent ClientSession GETs",
              Article001Http::syncVsAsync),
          // article 002
          p(
              "print-sum",
              "002",
              "nested coroutines: print_sum awaits compute",
              Article002::printSum),
          p(
              "coroutine-vs-task",
              "002",
              "runUntilComplete takes a task or a bare coroutine",
              Article002::coroutineVsTask),
          p(
              "combinators",
              "002",
              "what gather, wait and asCompleted return",
              Article002::combinators),
          // article 003
          p(
              "coding-music",
              "003",
              "two daemon threads, each started and joined",
              Article003Threads::codingMusic),
          p(
              "daemon-thread",
              "003",
              "a daemon thread does not keep the program alive",
              Article003Threads::daemonThread),
          p(
              "show-time",
              "003",
              "one job submitted to a pool; result() waits",
              Article003Threads::showTime),
          p(
              "file-stats",
              "003",
              "lines and characters of files, counted by a pool",
              Article003Threads::fileStats),
          p(
              "pool-map",
              "003",
              "a thread pool's map over a local server, in order",
              Article003Threads::poolMap),
          p(
              "pool-as-completed",
              "003",
              "downloads collected as they complete",
              Article003Threads::poolAsCompleted),
          p(
              "futures-wait",
              "003",
              "wait: ALL_COMPLETED, FIRST_COMPLETED, FIRST_EXCEPTION",
              Article003Threads::futuresWait),
          p(
              "fork-as-process",
              "003",
              "os.fork() on the JVM: a Process runs the child branch",
              Article003Processes::forkAsProcess),
          p(
              "run-proc",
              "003",
              "multiprocessing.Process(target=run_proc), started and joined",
              Article003Processes::runProc),
          p(
              "my-flow-processes",
              "003",
              "two sums in two processes at once",
              Article003Processes::myFlowProcesses),
          p(
              "pool-apply",
              "003",
              "multiprocessing.Pool(3) with a blocking apply per task",
              Article003Processes::poolApply),
          p(
              "process-pool-as-completed",
              "003",
              "ProcessPoolExecutor.submit, results as they complete",
              Article003Processes::processPoolAsCompleted),
          p(
              "process-pool-gcd",
              "003",
              "gcd on two worker processes, wait(ALL_COMPLETED)",
              Article003Processes::gcdWait),
          p(
              "queue-processes",
              "003",
              "worker processes around a JoinableQueue of jobs",
              Article003Processes::queueProcesses),
          p(
              "sched",
              "003",
              "sched: events by time, then priority",
              Article003Threads::printSomeTimes),
          p(
              "queue-threads",
              "003",
              "producer and consumer threads around a queue",
              Article003Threads::queueThreads),
          p(
              "simple-coroutine",
              "003",
              "a generator coroutine's states",
              Article003Asyncio::simpleCoroutine),
          p(
              "averager",
              "003",
              "a running average, primed by the @coroutine decorator",
              Article003Asyncio::averager),
          p(
              "grouper",
              "003",
              "a coroutine's return value through yield from",
              Article003Asyncio::grouper),
          p(
              "generator-word",
              "003",
              "yield from an iterable",
              Article003Asyncio::generatorWord),
          p(
              "hello",
              "003",
              "hello, generator-based and native",
              Article003Asyncio::hello),
          p(
              "display-date-once",
              "003",
              "one coroutine prints the date every second",
              Article003Asyncio::displayDate),
          p(
              "slow-operation",
              "003",
              "a future set by a task; runUntilComplete(future)",
              Article003Asyncio::slowOperation),
          p(
              "slow-operation-forever",
              "003",
              "the same with runForever and stop()",
              Article003Asyncio::slowOperationForever),
          p(
              "task-functions",
              "003",
              "wait, asCompleted and gather over two pages",
              Article003Asyncio::taskFunctions),
          p(
              "async-with",
              "003",
              "async with: try-with-resources in a coroutine",
              Article003Asyncio::asyncWith),
          // article 004
          p("jumping-range", "004", "a range steered with send()", Article004::jumpingRange),
          p(
              "rocket-countdown",
              "004",
              "a hand-written event loop launches A, B and C",
              Article004::rocketCountdown));

  private Examples() {}

  private static Program p(
      String name, String article, String summary, java.util.function.Consumer<Env> body) {
    return new Program(name, article, summary, body);
  }

  /** Every program, in the order of the articles. */
  public static List<Program> programs() {
    return PROGRAMS;
  }

  /** The program called {@code name}, if any. */
  public static Optional<Program> find(String name) {
    return PROGRAMS.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  public static void main(String[] args) {
    if (args.length == 0) {
      System.out.println("Programs of the reference articles (run one: ./jasyncio examples NAME):");
      for (Program p : PROGRAMS) {
        System.out.printf("  %-24s %s  %s%n", p.name(), p.article(), p.summary());
      }
      System.out.println("Coming with the process-pool and HTTP work: see docs/examples.md.");
      return;
    }
    Optional<Program> p = find(args[0]);
    if (p.isEmpty()) {
      System.err.println(
          "jasyncio: no program named '" + args[0] + "'; ./jasyncio examples lists them");
      System.exit(2);
    }
    p.get().run(Env.real());
  }
}
