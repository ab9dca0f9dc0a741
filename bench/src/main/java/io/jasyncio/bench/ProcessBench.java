package io.jasyncio.bench;

import io.jasyncio.multiprocessing.JoinableProcessQueue;
import io.jasyncio.multiprocessing.ProcessEvent;
import io.jasyncio.multiprocessing.Pool;
import io.jasyncio.multiprocessing.Process;
import io.jasyncio.multiprocessing.ProcessPoolExecutor;
import io.jasyncio.multiprocessing.SerializableFunction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntToDoubleFunction;

/**
 * Process-pool figures beside {@code bench/peers/python/multiprocessing_bench.py}:
 *
 * <ul>
 *   <li>{@code start}: a {@link Pool} of 4 workers from construction to the first result back (ms,
 *       median of 5): the first pool (whose worker records the class-data archive of the workers
 *       when the class path is made of jars), later pools with the default options (the archive
 *       mapped), without the archive, without class-data sharing, C1 only, and with an AOT cache of
 *       the worker made by a training run;
 *   <li>{@code start-ab}: the same with the worker archive, without it and with C1-only workers, one
 *       pool of each in turn for 9 rounds (medians), which a changing load disturbs less;
 *   <li>{@code roundtrip}: 10,000 no-op calls through a 2-worker {@link ProcessPoolExecutor}
 *       (calls/s, after a warm-up round);
 *   <li>{@code cpu}: the article's CPU-bound sum, {@code getSum(n)} for n = 1..5000, on 1 and 2
 *       workers, one submit per n (s), as the article's program does;
 *       <p>each CPU figure is taken twice per pool: <em>cold</em>, the first run of the work in a
 *       fresh pool (each new worker's JIT warm-up inside the timing), and <em>warm</em>, the same
 *       pool running the same work again (how JVM code is normally measured); the peer does the
 *       same, and both speed-ups are printed;
 *   <li>{@code cpu-map}: the same sums through {@link Pool#map} with Python's default chunk size
 *       (the arguments in four chunks per worker), beside CPython's {@code Pool.map};
 *   <li>{@code cpu-chunks}: the same through {@link Pool#map} in chunks of 25 (200 chunks, so that
 *       no worker is left with the largest chunk at the end), beside CPython's the same;
 *   <li>{@code cpu-ab}: the speed-up of 2 over 1 workers for the three forms above (one submit per
 *       n, {@code map} with the default chunk size, chunks of 25), measured so that a drifting
 *       machine disturbs it less: a pool of 1 and a pool of 2 workers stay up side by side, each
 *       runs the work once (cold, not counted), then both run it in turn for 30 warm-up rounds
 *       (not counted: each of two workers sees half the calls, so its JIT needs twice the rounds
 *       of the single worker's to finish the call path; with chunks of 25 a worker of two still
 *       compiles parts of it with C2 after 30 rounds, as {@code -XX:+PrintCompilation} in its
 *       {@code jvmOptions} shows) and 11 measured rounds (the order alternating), and the
 *       speed-up is the ratio of the two medians; in the same rounds the
 *       same tasks run on one and on two threads of this JVM, whose speed-up is what this machine
 *       gives two cores on this work at those moments (no process, no message between them), the
 *       ceiling the pools are compared with;
 *   <li>{@code cpu-ab-x10}: the same for chunks of 25 with each sum done ten times over (4 warm-up
 *       and 7 measured rounds): the same 200 messages for ten times the work, about what CPython
 *       spends on the article's sums, so the cost of each message weighs a tenth as much;
 *   <li>{@code queue}: items/s through a {@link JoinableProcessQueue} from this process to a
 *       consumer process (put, get, taskDone, then join);
 *   <li>{@code queue-in}: items/s through a {@link JoinableProcessQueue} the other way, from a
 *       producer process to this process (get, taskDone), until the producer's last item is done;
 *   <li>{@code ceiling}: no processes at all: the sums on one and on two threads of this JVM beside
 *       a dependent chain of integer multiplies (bound by latency, not by the core's execution
 *       units), 21 interleaved rounds after 10 warm-up rounds; on a machine whose two cores share
 *       their execution units with other work (two threads of one core, a busy host), the sums'
 *       speed-up falls below the chain's at the same moments.
 * </ul>
 *
 * The {@code roundtrip} and {@code cpu} lines also give the CPU time per call of the parent and of
 * the workers, which the load of the machine disturbs less than the wall-clock figures.
 *
 * {@snippet lang=shell :
 * ./jasyncio run io.jasyncio.bench.ProcessBench   # all four
 * ./jasyncio run io.jasyncio.bench.ProcessBench start   # one of them
 * JASYNCIO_JAVA_OPTS=-Dcpuab.warmup=10 ./jasyncio run io.jasyncio.bench.ProcessBench cpu-ab
 * }
 */
public final class ProcessBench {
  private ProcessBench() {}

  public static void main(String[] args) throws Exception {
    List<String> which = args.length == 0 ? List.of("start", "roundtrip", "cpu", "cpu-map", "cpu-chunks", "queue", "queue-in") : Arrays.asList(args);
    if (which.contains("start")) {
      start();
    }
    if (which.contains("start-ab")) {
      startInterleaved(9);
    }
    if (which.contains("roundtrip")) {
      roundTrip();
    }
    if (which.contains("cpu")) {
      cpu();
    }
    if (which.contains("cpu-map")) {
      cpuMap(0);
    }
    if (which.contains("cpu-chunks")) {
      cpuMap(25);
    }
    if (which.contains("cpu-ab")) {
      cpuInterleaved(
          Integer.getInteger("cpuab.warmup", 30), Integer.getInteger("cpuab.rounds", 11), 0, 1, 2);
    }
    if (which.contains("cpu-ab-x10")) {
      cpuInterleaved(
          Integer.getInteger("cpuab.warmup", 4), Integer.getInteger("cpuab.rounds", 7), 3);
    }
    if (which.contains("queue")) {
      queue();
    }
    if (which.contains("queue-in")) {
      queueIn();
    }
    if (which.contains("ceiling")) {
      ceiling(10, 21);
    }
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(null);
    return s.get(s.size() / 2);
  }

  static double startOnce(List<String> jvmOptions) {
    long t0 = System.nanoTime();
    Pool pool = new Pool(4, null, 0, jvmOptions);
    pool.apply(() -> 1);
    double ms = (System.nanoTime() - t0) / 1e6;
    pool.close(); // not terminate: a worker that records the class-data archive writes it as it ends
    pool.join();
    return ms;
  }

  static void start() throws Exception {
    // a fresh archive directory: the first pool below records the workers' archive, later ones map it
    Path archives = Files.createTempDirectory("jasyncio-bench-cds");
    System.setProperty("jasyncio.workerArchive.dir", archives.toString());
    long t0 = System.nanoTime();
    double first = startOnce(List.of());
    double firstWithExit = (System.nanoTime() - t0) / 1e6;
    boolean recorded;
    try (var files = Files.list(archives)) {
      recorded = files.anyMatch(f -> f.toString().endsWith(".jsa"));
    }
    System.out.printf("start  4 workers, first result back, first pool (%s): %.0f ms (%.0f ms to the"
            + " workers' exit)%n",
        recorded ? "records the worker archive" : "no archive: class path not all jars", first,
        firstWithExit);
    report("start", recorded ? "default child options, worker archive mapped" : "default child options",
        List.of());
    System.setProperty("jasyncio.workerArchive", "false");
    try {
      report("start", "no worker archive (-Djasyncio.workerArchive=false)", List.of());
      report("start", "no class-data sharing (-Xshare:off)", List.of("-Xshare:off"));
      report("start", "C1 only (-XX:TieredStopAtLevel=1), no worker archive",
          List.of("-XX:TieredStopAtLevel=1"));
    } finally {
      System.clearProperty("jasyncio.workerArchive");
    }
    if (recorded) {
      report("start", "worker archive and C1 only", List.of("-XX:TieredStopAtLevel=1"));
    }
    Path aot = Files.createTempDirectory("jasyncio-aot").resolve("worker.aot");
    try {
      Pool training = new Pool(1, null, 0, List.of("-XX:AOTCacheOutput=" + aot));
      SerializableFunction<Integer, Integer> twice = x -> 2 * x;
      training.map(twice, List.of(1, 2, 3, 4, 5, 6, 7, 8), 1);
      training.close();
      training.join();
    } catch (RuntimeException e) {
      System.out.println("start  AOT training run failed: " + e);
    }
    if (Files.exists(aot)) {
      report("start", "AOT cache of a trained worker", List.of("-XX:AOTCache=" + aot));
    } else {
      System.out.println("start  AOT cache: none was written");
    }
    deleteTree(aot.getParent());
    deleteTree(archives);
  }

  /**
   * The worker archive on and off, and with C1-only workers, one pool of each in turn for {@code
   * rounds} rounds: a load that changes during the run weighs on every variant alike.
   */
  static void startInterleaved(int rounds) throws Exception {
    Path archives = Files.createTempDirectory("jasyncio-bench-cds");
    System.setProperty("jasyncio.workerArchive.dir", archives.toString());
    double first = startOnce(List.of());
    List<Double> on = new ArrayList<>();
    List<Double> off = new ArrayList<>();
    List<Double> c1 = new ArrayList<>();
    for (int r = 0; r < rounds; r++) {
      System.clearProperty("jasyncio.workerArchive");
      on.add(startOnce(List.of()));
      c1.add(startOnce(List.of("-XX:TieredStopAtLevel=1")));
      System.setProperty("jasyncio.workerArchive", "false");
      off.add(startOnce(List.of()));
    }
    System.clearProperty("jasyncio.workerArchive");
    System.out.printf("start-ab  4 workers, first result back, medians of %d interleaved rounds: worker"
            + " archive (default) %.0f ms, no archive %.0f ms, archive and C1 only %.0f ms (first pool,"
            + " recording: %.0f ms)%n",
        rounds, median(on), median(off), median(c1), first);
    deleteTree(archives);
  }

  static void deleteTree(Path dir) throws java.io.IOException {
    try (var files = Files.walk(dir)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }

  private static void report(String what, String variant, List<String> options) {
    List<Double> ms = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ms.add(startOnce(options));
    }
    System.out.printf("%s  4 workers, first result back, %s: %.0f ms (median of 5; runs %s)%n",
        what, variant, median(ms), ms.stream().map(x -> String.format("%.0f", x)).toList());
  }

  /** CPU time (ns) this JVM has used so far, all threads. */
  static long parentCpu() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** CPU time (ns) the given processes have used so far. */
  static long childrenCpu(List<Long> pids) {
    long total = 0;
    for (long pid : pids) {
      total +=
          ProcessHandle.of(pid)
              .flatMap(h -> h.info().totalCpuDuration())
              .map(java.time.Duration::toNanos)
              .orElse(0L);
    }
    return total;
  }

  /**
   * CPU time per call of the parent and of the workers over a round: less sensitive to the load of
   * the machine than the wall-clock figures, so a change in the per-call path shows here first.
   */
  static String cpuPerCall(long parent0, long children0, List<Long> pids, int calls) {
    return String.format(
        "CPU per call: parent %.1f us, workers %.1f us",
        (parentCpu() - parent0) / 1e3 / calls, (childrenCpu(pids) - children0) / 1e3 / calls);
  }

  static void roundTrip() {
    int n = 10_000;
    try (ProcessPoolExecutor pool = new ProcessPoolExecutor(2)) {
      pool.submit(() -> 0).join(); // workers up
      List<Long> pids = pool.workerPids();
      for (int round = 0; round < 3; round++) {
        long p0 = parentCpu();
        long c0 = childrenCpu(pids);
        long t0 = System.nanoTime();
        List<CompletableFuture<Integer>> fs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          fs.add(pool.submit(() -> 0));
        }
        for (CompletableFuture<Integer> f : fs) {
          f.join();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("roundtrip  round %d: %d no-op calls on 2 workers: %.0f calls/s (%s)%n",
            round, n, n / s, cpuPerCall(p0, c0, pids, n));
      }
    }
  }

  /** The article's getSum: sum over 1 <= x < num of 1/x + sqrt x + sin x + cos x. */
  static double getSum(int num) {
    return terms(1, num);
  }

  /** The article's terms for {@code from <= x < to}. */
  private static double terms(int from, int to) {
    double total = 0.0;
    for (int x = from; x < to; x++) {
      total += 1.0 / x + Math.sqrt(x) + Math.sin(x) + Math.cos(x);
    }
    return total;
  }

  /** A dependent chain of {@code 4 * num} integer multiplies: one at a time, whatever the core. */
  static double chain(int num) {
    long h = num;
    for (int x = 1; x < num * 4; x++) {
      h = h * 0x9E3779B97F4A7C15L + x;
    }
    return h;
  }

  /** Sum of {@code f(n)} for n = from, from + step, ... up to 5000. */
  private static double part(IntToDoubleFunction f, int from, int step) {
    double t = 0;
    for (int n = from; n <= 5000; n += step) {
      t += f.applyAsDouble(n);
    }
    return t;
  }

  static void ceiling(int warmup, int rounds) throws Exception {
    String[] names = {"getSum(1..5000)", "integer chain(1..5000)"};
    IntToDoubleFunction[] works = {ProcessBench::getSum, ProcessBench::chain};
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      List<List<Double>> one = List.of(new ArrayList<>(), new ArrayList<>());
      List<List<Double>> two = List.of(new ArrayList<>(), new ArrayList<>());
      for (int r = -warmup; r < rounds; r++) {
        for (int k = 0; k < works.length; k++) {
          IntToDoubleFunction f = works[k];
          long t0 = System.nanoTime();
          double a = part(f, 1, 1);
          long t1 = System.nanoTime();
          Future<Double> odd = threads.submit(() -> part(f, 1, 2));
          Future<Double> even = threads.submit(() -> part(f, 2, 2));
          double b = odd.get() + even.get();
          long t2 = System.nanoTime();
          if (Math.abs(a - b) > 1e-9 * Math.abs(a)) {
            throw new IllegalStateException("one and two threads disagree: " + a + " and " + b);
          }
          if (r >= 0) {
            one.get(k).add((t1 - t0) / 1e9);
            two.get(k).add((t2 - t1) / 1e9);
          }
        }
      }
      for (int k = 0; k < works.length; k++) {
        System.out.printf(
            "ceiling  %s: 1 thread %.4f s, 2 threads %.4f s (medians of %d interleaved rounds after"
                + " %d warm-up rounds): speed-up %.2fx%n",
            names[k], median(one.get(k)), median(two.get(k)), rounds, warmup,
            median(one.get(k)) / median(two.get(k)));
      }
    } finally {
      threads.shutdown();
    }
  }

  static void cpu() {
    double[][] seconds = new double[2][3];
    for (int workers = 1; workers <= 2; workers++) {
      try (ProcessPoolExecutor pool = new ProcessPoolExecutor(workers)) {
        pool.submit(() -> getSum(1000)).join(); // workers up
        List<Long> pids = pool.workerPids();
        for (int round = 0; round < 2; round++) {
          long p0 = parentCpu();
          long c0 = childrenCpu(pids);
          double[] run = submitEach(pool);
          seconds[round][workers] = run[0];
          System.out.printf("cpu  getSum(1..5000) on %d worker(s), round %d (%s): %.3f s (checksum %.1f; %s)%n",
              workers, round, ROUNDS[round], seconds[round][workers], run[1], cpuPerCall(p0, c0, pids, 5000));
        }
      }
    }
    speedUps("cpu", seconds);
  }

  /** Round 0 of a pool is its first run of the work; round 1 the same pool's second run. */
  private static final String[] ROUNDS = {"cold", "warm"};

  private static void speedUps(String name, double[][] seconds) {
    System.out.printf("%s  speed-up 2 vs 1 workers: cold %.2fx, warm %.2fx%n",
        name, seconds[0][1] / seconds[0][2], seconds[1][1] / seconds[1][2]);
  }

  /** One run of getSum(1..5000) on a pool, in one of the three forms; its seconds and checksum. */
  private interface Form {
    double[] run(AutoCloseable pool, int workers) throws Exception;
  }

  /** The arguments of the sums: 1 .. 5000. */
  private static final List<Integer> NS =
      java.util.stream.IntStream.rangeClosed(1, 5000).boxed().toList();

  private static final SerializableFunction<Integer, Double> SUM = ProcessBench::getSum;

  /** Python's default chunk size for 5000 arguments: four chunks per worker. */
  private static int defaultChunk(int workers) {
    return (5000 + 4 * workers - 1) / (4 * workers);
  }

  /** getSum(1..5000), one submit per n; its seconds and checksum. */
  private static double[] submitEach(ProcessPoolExecutor pool) {
    long t0 = System.nanoTime();
    List<CompletableFuture<Double>> fs = new ArrayList<>();
    for (int i = 1; i <= 5000; i++) {
      int num = i;
      fs.add(pool.submit(() -> getSum(num)));
    }
    double total = 0;
    for (CompletableFuture<Double> f : fs) {
      total += f.join();
    }
    return new double[] {(System.nanoTime() - t0) / 1e9, total};
  }

  /** getSum(1..5000) through {@link Pool#map} in chunks of {@code chunksize}; seconds, checksum. */
  private static double[] mapOnce(Pool pool, int chunksize) {
    return mapOnce(pool, SUM, chunksize);
  }

  /** {@code fn} over 1..5000 through {@link Pool#map} in chunks of {@code chunksize}. */
  private static double[] mapOnce(
      Pool pool, SerializableFunction<Integer, Double> fn, int chunksize) {
    long t0 = System.nanoTime();
    double total = 0;
    for (double x : pool.map(fn, NS, chunksize)) {
      total += x;
    }
    return new double[] {(System.nanoTime() - t0) / 1e9, total};
  }

  /**
   * {@code work} over 1..5000 on the threads of this JVM, in the same tasks as the pool's form
   * ({@code chunk} arguments per task, handed out in order as the pool does): how far two threads
   * of one JVM get on this machine at the same moments, with no process between them; seconds,
   * checksum.
   */
  private static double[] threadsOnce(ExecutorService threads, int chunk, IntToDoubleFunction work)
      throws Exception {
    long t0 = System.nanoTime();
    List<Future<Double>> fs = new ArrayList<>();
    for (int from = 1; from <= 5000; from += chunk) {
      int lo = from;
      int hi = Math.min(5000, from + chunk - 1);
      fs.add(threads.submit(() -> {
        double t = 0;
        for (int n = lo; n <= hi; n++) {
          t += work.applyAsDouble(n);
        }
        return t;
      }));
    }
    double total = 0;
    for (Future<Double> f : fs) {
      total += f.get();
    }
    return new double[] {(System.nanoTime() - t0) / 1e9, total};
  }

  /**
   * The article's sum ten times over, each time over arguments shifted by one (so that no two are
   * the same computation): about CPython's time per argument, for the same number of messages.
   */
  static double getSumTenTimes(int num) {
    double total = 0.0;
    for (int k = 0; k < 10; k++) {
      total += terms(1 + k, num + k);
    }
    return total;
  }

  private static final SerializableFunction<Integer, Double> SUM_TEN_TIMES =
      ProcessBench::getSumTenTimes;

  /**
   * {@code which}: 0 one submit per n, 1 map with the default chunk size, 2 chunks of 25, 3 chunks
   * of 25 with each sum ten times over.
   */
  static void cpuInterleaved(int warmup, int rounds, int... which) throws Exception {
    String[] names = {"one submit per n", "Pool.map, default chunk size", "Pool.map, chunks of 25",
        "Pool.map, chunks of 25, each sum ten times over"};
    Form[] forms = {
      (pool, w) -> submitEach((ProcessPoolExecutor) pool),
      (pool, w) -> mapOnce((Pool) pool, defaultChunk(w)),
      (pool, w) -> mapOnce((Pool) pool, 25),
      (pool, w) -> mapOnce((Pool) pool, SUM_TEN_TIMES, 25)
    };
    ExecutorService oneThread = Executors.newFixedThreadPool(1);
    ExecutorService twoThreads = Executors.newFixedThreadPool(2);
    try {
      for (int f : which) {
        IntToDoubleFunction work =
            f == 3 ? ProcessBench::getSumTenTimes : ProcessBench::getSum;
        AutoCloseable one = f == 0 ? new ProcessPoolExecutor(1) : new Pool(1);
        AutoCloseable two = f == 0 ? new ProcessPoolExecutor(2) : new Pool(2);
        try {
          double[] cold1 = forms[f].run(one, 1);
          double[] cold2 = forms[f].run(two, 2);
          if (cold1[1] != cold2[1]) {
            throw new IllegalStateException("checksums differ: " + cold1[1] + " and " + cold2[1]);
          }
          // per round: 1 worker, 2 workers, 1 thread, 2 threads, in an order that alternates
          List<List<Double>> s = List.of(
              new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
          int chunk1 = f == 0 ? 1 : f == 1 ? defaultChunk(1) : 25;
          int chunk2 = f == 0 ? 1 : f == 1 ? defaultChunk(2) : 25;
          List<Callable<double[]>> runs = List.of(
              () -> forms[f].run(one, 1),
              () -> forms[f].run(two, 2),
              () -> threadsOnce(oneThread, chunk1, work),
              () -> threadsOnce(twoThreads, chunk2, work));
          for (int r = -warmup; r < rounds; r++) {
            for (int k = 0; k < 4; k++) {
              int run = r % 2 == 0 ? k : 3 - k;
              double[] result = runs.get(run).call();
              // the threads add the same values in another grouping: equal but for rounding
              if (Math.abs(result[1] - cold1[1]) > 1e-9 * Math.abs(cold1[1])) {
                throw new IllegalStateException(
                    "checksums differ: " + result[1] + " and " + cold1[1]);
              }
              if (r >= 0) {
                s.get(run).add(result[0]);
              }
            }
          }
          double pool = median(s.get(0)) / median(s.get(1));
          double threads = median(s.get(2)) / median(s.get(3));
          System.out.printf(
              "cpu-ab  %s: 1 worker %.3f s, 2 workers %.3f s (medians of %d interleaved rounds after"
                  + " %d warm-up rounds; cold %.3f / %.3f s): speed-up %.2fx (best rounds %.2fx);"
                  + " threads of this JVM in the same rounds: 1 thread %.3f s, 2 threads %.3f s,"
                  + " speed-up %.2fx (the machine's ceiling for this work now); pool / threads %.2f%n",
              names[f], median(s.get(0)), median(s.get(1)), rounds, warmup, cold1[0], cold2[0],
              pool, best(s.get(0)) / best(s.get(1)), median(s.get(2)), median(s.get(3)), threads,
              pool / threads);
        } finally {
          close(one);
          close(two);
        }
      }
    } finally {
      oneThread.shutdown();
      twoThreads.shutdown();
    }
  }

  private static double best(List<Double> xs) {
    return xs.stream().min(Double::compare).orElseThrow();
  }

  private static void close(AutoCloseable pool) throws Exception {
    if (pool instanceof Pool p) {
      p.close();
      p.join();
    } else {
      pool.close();
    }
  }

  /** {@code chunksize} 0: Python's default, four chunks per worker. */
  static void cpuMap(int chunksize) {
    String name = chunksize == 0 ? "cpu-map" : "cpu-chunks";
    double[][] seconds = new double[2][3];
    for (int workers = 1; workers <= 2; workers++) {
      Pool pool = new Pool(workers);
      try {
        pool.map(SUM, List.of(1000, 1000, 1000, 1000)); // workers up
        for (int round = 0; round < 2; round++) {
          int size = chunksize == 0 ? defaultChunk(workers) : chunksize;
          double[] run = mapOnce(pool, size);
          seconds[round][workers] = run[0];
          System.out.printf(
              "%s  Pool.map(getSum, 1..5000), %s chunksize %d, %d worker(s), round %d (%s): %.3f s (checksum %.1f)%n",
              name, chunksize == 0 ? "default" : "given", size, workers, round, ROUNDS[round],
              seconds[round][workers], run[1]);
        }
      } finally {
        pool.close();
        pool.join();
      }
    }
    speedUps(name, seconds);
  }

  static void queue() {
    int n = 20_000;
    for (int round = 0; round < 2; round++) {
      JoinableProcessQueue<Integer> q = new JoinableProcessQueue<>();
      Process consumer =
          new Process(
              () -> {
                while (true) {
                  int item = q.get();
                  q.taskDone();
                  if (item < 0) {
                    return;
                  }
                }
              });
      consumer.start();
      q.put(0);
      q.join(); // the consumer is up
      long t0 = System.nanoTime();
      for (int i = 1; i <= n; i++) {
        q.put(i);
      }
      q.put(-1);
      q.join();
      double s = (System.nanoTime() - t0) / 1e9;
      consumer.join();
      System.out.printf("queue  round %d: %d items through a JoinableProcessQueue to 1 consumer process: %.0f items/s%n",
          round, n, n / s);
    }
  }

  static void queueIn() {
    int n = 20_000;
    for (int round = 0; round < 2; round++) {
      JoinableProcessQueue<Integer> q = new JoinableProcessQueue<>();
      ProcessEvent ready = new ProcessEvent();
      ProcessEvent go = new ProcessEvent();
      Process producer =
          new Process(
              () -> {
                ready.set();
                go.await(null);
                for (int i = 1; i <= n; i++) {
                  q.put(i);
                }
                q.put(-1);
              });
      producer.start();
      ready.await(null); // the producer is up
      long t0 = System.nanoTime();
      go.set();
      while (true) {
        int item = q.get();
        q.taskDone();
        if (item < 0) {
          break;
        }
      }
      q.join();
      double s = (System.nanoTime() - t0) / 1e9;
      producer.join();
      System.out.printf("queue-in  round %d: %d items through a JoinableProcessQueue from 1 producer process: %.0f items/s%n",
          round, n, n / s);
    }
  }
}
