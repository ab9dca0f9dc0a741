package io.jasyncio.examples;

import io.jasyncio.ReturnWhen;
import io.jasyncio.concurrent.FutureWaitResult;
import io.jasyncio.concurrent.Futures;
import io.jasyncio.concurrent.JoinableQueue;
import io.jasyncio.queues.QueueShutDown;
import io.jasyncio.sched.Scheduler;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The thread-side programs of article 003, "concurrency in Python": threads (and a daemon),
 * thread pools with {@code map} and {@code as_completed} downloading from a local server, {@code
 * wait} in its three modes, {@code sched}, and producer and consumer threads around a queue.
 *
 * <p>Each public static method taking an {@link Env} is one program; call it from one thread at a
 * time (it starts and joins its own threads). Threads meet through joins, latches and the queue's
 * accounting, never through sleeps; the sleeps the article has (a baker's second) go through
 * {@link Env#sleepThread}, so they are tiny on the virtual clock.
 *
 * {@snippet class=io.jasyncio.examples.ExamplesSnippetsTest region=article003Threads}
 */
public final class Article003Threads {
  /** The article's gcd pairs. */
  static final long[][] NUMBERS = {
    {1963309, 2265973}, {1879675, 2493670}, {2030677, 3814172},
    {1551645, 2229620}, {1988912, 4736670}, {2198964, 7876293}
  };

  private Article003Threads() {}

  // ---- threading --------------------------------------------------------------------------

  /**
   * Two daemon threads, coding and music, each started and joined in turn (as the article does,
   * so the second starts only when the first has ended).
   */
  public static void codingMusic(Env env) {
    PrintStream out = env.out();
    out.println("thread " + Thread.currentThread().getName() + " is running...");
    List<Thread> threadList = new ArrayList<>();
    threadList.add(Thread.ofPlatform().daemon().unstarted(() -> coding(env, "Java")));
    threadList.add(Thread.ofPlatform().daemon().unstarted(() -> music(env)));
    for (Thread t : threadList) {
      t.start();
      join(t); // the main thread waits here until t has finished
    }
    out.println("thread " + Thread.currentThread().getName() + " ended.");
  }

  private static void coding(Env env, String language) {
    for (int i = 0; i < 5; i++) {
      env.out().println("I'm coding " + language + " program at " + Texts.ctime(env.now()));
    }
  }

  private static void music(Env env) {
    for (int i = 0; i < 5; i++) {
      env.out().println("I'm listening music at " + Texts.ctime(env.now()));
    }
  }

  /**
   * A daemon thread serving requests from a queue: the main thread hands it three, waits until
   * they are served, and ends without waiting for the daemon, which still waits for more (a
   * daemon thread does not keep the JVM alive).
   */
  public static void daemonThread(Env env) {
    PrintStream out = env.out();
    JoinableQueue<String> requests = JoinableQueue.fifo(0);
    Thread server =
        Thread.ofPlatform()
            .daemon()
            .name("request-server")
            .start(
                () -> {
                  while (true) {
                    String request;
                    try {
                      request = requests.get();
                    } catch (QueueShutDown shutDown) {
                      return;
                    }
                    out.println("served " + request);
                    requests.taskDone();
                  }
                });
    for (String r : List.of("request-1", "request-2", "request-3")) {
      requests.put(r);
    }
    requests.join();
    out.println("main ends; daemon " + server.getName() + " is still waiting: " + server.isAlive());
    // A program would just return here; the JVM would not wait for the daemon. Let it go now.
    requests.shutdown();
    join(server);
  }

  // ---- concurrent.futures: map, submit, as_completed ----------------------------------------

  /** What {@code request_data} returns: the address and the HTTP status. */
  record Response(String url, int status) {
    @Override
    public String toString() {
      return "('" + url + "', " + status + ")";
    }
  }

  /** {@code request_data(url)}: GET the url, return (url, status). Blocks. */
  static Response requestData(HttpClient client, String url) {
    try {
      HttpResponse<Void> r =
          client.send(
              HttpRequest.newBuilder(URI.create(url)).build(),
              HttpResponse.BodyHandlers.discarding());
      return new Response(url, r.statusCode());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * {@code executor.map(request_data, url_list)} on three threads against a local server: the
   * results come in the order of the addresses, whichever finishes first.
   */
  public static void poolMap(Env env) {
    try (PictureServer server = PictureServer.start();
        HttpClient client = HttpClient.newHttpClient();
        ExecutorService executor = Executors.newFixedThreadPool(3)) {
      List<String> urls = new ArrayList<>(server.pictureUrls(4));
      urls.add(server.baseUrl() + "/missing.png");
      Iterator<Response> results =
          Futures.map(executor, url -> requestData(client, url), urls, null);
      while (results.hasNext()) {
        env.out().println(results.next());
      }
    }
  }

  /** {@code download_pic(url)}: fetch the picture, save it in {@code dir}, return the url. */
  static String downloadPic(HttpClient client, Path dir, String url) {
    try {
      HttpResponse<byte[]> r =
          client.send(
              HttpRequest.newBuilder(URI.create(url)).build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() != 200) {
        throw new IOException("GET " + url + ": HTTP " + r.statusCode());
      }
      String name = url.substring(url.lastIndexOf('/') + 1);
      Files.write(dir.resolve(name), r.body());
      return url;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /**
   * {@code down_pictures}: the first five of six pictures submitted to three threads, each future
   * printed as submitted, then each result as it completes ({@code as_completed}: in finishing
   * order, not submission order). The pictures go to a temporary directory, removed at the end.
   */
  public static void poolAsCompleted(Env env) {
    PrintStream out = env.out();
    try (PictureServer server = PictureServer.start();
        HttpClient client = HttpClient.newHttpClient()) {
      Path dir = Files.createTempDirectory("jasyncio-pictures");
      List<String> results = new ArrayList<>();
      try (ExecutorService executor = Executors.newFixedThreadPool(3)) {
        List<Future<String>> tasks = new ArrayList<>();
        for (String url : server.pictureUrls(6).subList(0, 5)) {
          Future<String> future = executor.submit(() -> downloadPic(client, dir, url));
          tasks.add(future);
          out.println(url + " submitted");
        }
        for (Future<String> future : Futures.asCompleted(tasks, null)) {
          String res = future.resultNow();
          out.println("completed " + res);
          results.add(res);
        }
      }
      long bytes = 0;
      try (var files = Files.list(dir)) {
        for (Path p : files.toList()) {
          bytes += Files.size(p);
          Files.delete(p);
        }
      }
      Files.delete(dir);
      out.println(results.size() + " pictures saved, " + bytes + " bytes");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code show_time(num)}: the time, and the number it was given. */
  record ShowTime(String time, int num) {
    @Override
    public String toString() {
      return "('" + time + "', " + num + ")";
    }
  }

  /** One job submitted to a pool of one thread; {@code future.result()} waits for it. */
  public static void showTime(Env env) {
    try (ExecutorService executor = Executors.newFixedThreadPool(1)) {
      Future<ShowTime> future =
          executor.submit(() -> new ShowTime(Texts.ctime(env.now()), 1));
      try {
        env.out().println(future.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("show_time failed", e.getCause());
      }
    }
  }

  /** What {@code read_file_info} returns for one file. */
  record FileInfo(int lines, int chars, Path path) {}

  /** {@code get_file_list(path)}: the .py and .txt files under {@code dir}, sorted. */
  static List<Path> getFileList(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".txt") || p.toString().endsWith(".py"))
          .sorted()
          .toList();
    }
  }

  /** {@code read_file_info(path)}: lines and characters (without line ends) of one file. */
  static FileInfo readFileInfo(Path file) {
    try {
      List<String> content = Files.readAllLines(file);
      int chars = content.stream().mapToInt(String::length).sum();
      return new FileInfo(content.size(), chars, file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The article's file statistics: every .py and .txt file under a directory is counted by a pool
   * of three threads; the results, collected with as_completed, go to res.txt and a summary is
   * printed. The directory is a temporary one the program fills with sample files and removes.
   */
  public static void fileStats(Env env) {
    PrintStream out = env.out();
    try {
      Path dir = Files.createTempDirectory("jasyncio-files");
      try {
        for (int i = 1; i <= 6; i++) {
          String ext = i % 2 == 0 ? ".py" : ".txt";
          Files.writeString(dir.resolve("file" + i + ext), "line\n".repeat(i * 10));
        }
        Files.writeString(dir.resolve("ignored.md"), "not counted\n");
        List<Path> fileList = getFileList(dir);
        List<Future<FileInfo>> futureTasks = new ArrayList<>();
        try (ExecutorService executor = Executors.newFixedThreadPool(3)) {
          for (Path file : fileList) {
            futureTasks.add(executor.submit(() -> readFileInfo(file)));
          }
          int fileLines = 0;
          int charNum = 0;
          List<String> report = new ArrayList<>();
          for (Future<FileInfo> f : Futures.asCompleted(futureTasks, null)) {
            FileInfo info = f.resultNow();
            report.add(
                info.path().getFileName() + " lines: " + info.lines() + " chars: " + info.chars());
            fileLines += info.lines();
            charNum += info.chars();
          }
          Path result = dir.resolve("res.txt");
          Files.write(result, report);
          out.println(
              "summary: " + fileLines + " lines, " + charNum + " characters, in "
                  + fileList.size() + " files");
        }
      } finally {
        try (var files = Files.walk(dir)) {
          for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- concurrent.futures: wait -------------------------------------------------------------

  /** {@code gcd(pair)}: the greatest common divisor, found the slow way, counting down. */
  static long gcd(long[] pair) {
    long a = pair[0];
    long b = pair[1];
    for (long i = Math.min(a, b); i > 0; i--) {
      if (a % i == 0 && b % i == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("gcd needs positive numbers, not " + a + ", " + b);
  }

  /**
   * {@code wait} in its three modes on a pool of two threads: ALL_COMPLETED over the article's gcd
   * pairs (timeout 2 s); FIRST_COMPLETED returns with the one quick job while two are held back;
   * FIRST_EXCEPTION returns with the failing job while two are held back.
   */
  public static void futuresWait(Env env) {
    futuresWait(env, 2.0);
  }

  /**
   * {@link #futuresWait(Env)} with another timeout for the ALL_COMPLETED wait (null: as long as
   * it takes; tests use that, so that a busy machine cannot make the outcome differ).
   */
  public static void futuresWait(Env env, Double allCompletedTimeout) {
    PrintStream out = env.out();
    try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
      out.println("ALL_COMPLETED:");
      // Python's running(): started and not done (Java's Future.State says only "not done")
      Map<Future<Long>, AtomicBoolean> started = new HashMap<>();
      List<Future<Long>> futures = new ArrayList<>();
      for (long[] pair : NUMBERS) {
        AtomicBoolean began = new AtomicBoolean();
        Future<Long> f =
            pool.submit(
                () -> {
                  began.set(true);
                  return gcd(pair);
                });
        started.put(f, began);
        futures.add(f);
      }
      for (Future<Long> f : futures) {
        out.println("  running: " + running(f, started) + ", done: " + f.isDone());
      }
      out.println("  #### divider ####");
      FutureWaitResult<Long> all =
          Futures.wait(futures, allCompletedTimeout, ReturnWhen.ALL_COMPLETED);
      for (Future<Long> d : all.done()) {
        out.println("  running: " + running(d, started) + ", done: " + d.isDone());
        out.println("  " + d.resultNow());
      }

      CountDownLatch release = new CountDownLatch(1);
      out.println("FIRST_COMPLETED:");
      List<Future<String>> jobs = new ArrayList<>();
      jobs.add(pool.submit(() -> held(release, "held-1")));
      jobs.add(pool.submit(() -> "quick"));
      jobs.add(pool.submit(() -> held(release, "held-2")));
      report(out, Futures.wait(jobs, null, ReturnWhen.FIRST_COMPLETED));
      release.countDown();
      Futures.wait(jobs);

      CountDownLatch release2 = new CountDownLatch(1);
      out.println("FIRST_EXCEPTION:");
      List<Future<String>> mixed = new ArrayList<>();
      mixed.add(pool.submit(() -> held(release2, "held-3")));
      mixed.add(pool.submit(() -> String.valueOf(gcd(new long[] {0, 0}))));
      report(out, Futures.wait(mixed, null, ReturnWhen.FIRST_EXCEPTION));
      release2.countDown();
      out.println("ALL_COMPLETED after the release:");
      report(out, Futures.wait(mixed));
    }
  }

  private static boolean running(Future<Long> f, Map<Future<Long>, AtomicBoolean> started) {
    return started.get(f).get() && !f.isDone();
  }

  private static String held(CountDownLatch release, String name) throws InterruptedException {
    release.await();
    return name;
  }

  private static void report(PrintStream out, FutureWaitResult<String> r) {
    List<String> done = new ArrayList<>();
    for (Future<String> f : r.done()) {
      done.add(
          switch (f.state()) {
            case SUCCESS -> f.resultNow();
            case FAILED -> f.exceptionNow().getClass().getSimpleName();
            default -> f.state().toString();
          });
    }
    done.sort(null);
    out.println("  done " + done + ", not done " + r.notDone().size());
  }

  // ---- sched --------------------------------------------------------------------------------

  /**
   * {@code print_some_times}: three events, 10 s (priority 1), 5 s (priority 2) and 5 s (priority
   * 1) ahead. In real time the third {@code enter} reads the clock a little after the second, so
   * "positional" comes before "keyword", as in Python's own documentation of this example; on the
   * virtual clock both are due at exactly 5 s and the priority puts "keyword" first.
   */
  public static void printSomeTimes(Env env) {
    PrintStream out = env.out();
    Scheduler s = new Scheduler(env::time, env::sleepThread);
    out.println(Texts.ctime(env.now()));
    s.enter(10, 1, () -> printTime(env, "default"));
    s.enter(5, 2, () -> printTime(env, "positional"));
    s.enter(5, 1, () -> printTime(env, "keyword"));
    s.run();
    out.println(Texts.ctime(env.now()));
  }

  private static void printTime(Env env, String a) {
    env.out().println("From print_time " + Texts.ctime(env.now()) + " " + a);
  }

  // ---- queue: producer and consumer threads -------------------------------------------------

  /** How many buns each producer bakes in {@link #queueThreads}. */
  public static final int BUNS_PER_PRODUCER = 3;

  /**
   * Three producer threads bake {@link #BUNS_PER_PRODUCER} buns each (one a second) into a queue;
   * two consumer threads eat them (two seconds each). The main thread waits for the producers,
   * then for every bun to be eaten ({@code join}), then shuts the queue down, which ends the
   * consumers: the article's endless threads, made to finish.
   */
  public static void queueThreads(Env env) {
    PrintStream out = env.out();
    JoinableQueue<String> q = JoinableQueue.fifo(0);
    List<Thread> producers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int arg = i;
      producers.add(
          Thread.ofPlatform()
              .name("producer-" + i)
              .start(
                  () -> {
                    for (int n = 1; n <= BUNS_PER_PRODUCER; n++) {
                      env.sleepThread(1);
                      q.put("bun " + arg + "." + n);
                      out.println(
                          "producer " + arg + " baked bun " + arg + "." + n + ", " + q.qsize()
                              + " in the queue");
                    }
                  }));
    }
    List<Thread> consumers = new ArrayList<>();
    for (int j = 0; j < 2; j++) {
      int arg = j;
      consumers.add(
          Thread.ofPlatform()
              .name("consumer-" + j)
              .start(
                  () -> {
                    while (true) {
                      String bun;
                      try {
                        bun = q.get();
                      } catch (QueueShutDown closed) {
                        return;
                      }
                      out.println(
                          "consumer " + arg + " ate " + bun + ", " + q.qsize() + " in the queue");
                      env.sleepThread(2);
                      q.taskDone();
                    }
                  }));
    }
    producers.forEach(Article003Threads::join);
    q.join();
    q.shutdown();
    consumers.forEach(Article003Threads::join);
    out.printf(Locale.ROOT, "%d buns baked and eaten%n", 3 * BUNS_PER_PRODUCER);
  }

  private static void join(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while joining " + t.getName(), e);
    }
  }
}
