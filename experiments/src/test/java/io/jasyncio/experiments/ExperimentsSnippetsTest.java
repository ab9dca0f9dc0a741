package io.jasyncio.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.multiprocessing.ProcessPoolExecutor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples of the experiments package's javadoc ({@code {@snippet class=... region=...}}):
 * each region compiles here; those that take a moment run (on small jobs, the tiny scale and the
 * local stand-in for the web), and what they return is what their comments say. Those that start
 * worker JVMs, a cluster, CPython or a whole run are compiled only: {@code ModelsTest}, {@code
 * PythonRunnerTest} and {@code ExperimentsTest} run the same calls.
 */
@Timeout(120)
class ExperimentsSnippetsTest {
  private final Progress progress = new Progress("test", 999, null);

  /** Compiled, not run: starts worker JVMs or a cluster. */
  static void modelsWithWorkerProcesses(Progress progress) throws Exception {
    // @start region="clusterModel"
    Outcome o = new ClusterModel().run(new Job.Sums(1000), 3, progress);   // 3 members
    // @end
    // @start region="processPoolModel"
    Outcome p = new ProcessPoolModel().run(new Job.Sums(1000), 4, progress);
    // @end
    // @start region="processQueueModel"
    Outcome q = new ProcessQueueModel().run(new Job.Sums(1000), 4, progress);
    // @end
    assertEquals(List.of(o, o), List.of(p, q));
  }

  /** Compiled, not run: starts worker JVMs. */
  static double processTasks(ProcessPoolExecutor pool) {
    // @start region="processTasks"
    CompletableFuture<Double> f = pool.submit(() -> ProcessTasks.sum(19999, false));
    // @end
    return f.join();
  }

  /** Compiled, not run: a whole run (ExperimentsTest runs one at the tiny scale). */
  static void experiments() throws Exception {
    // @start region="experiments"
    Options o = Options.parse(List.of("cpu", "--scale", "tiny", "--python", "none"));
    Experiments.Summary s = new Experiments(o, System.out, false).run();
    s.files().forEach(System.out::println);
    // @end
  }

  /** Compiled, not run: starts a JVM. */
  static void localWebProcess() {
    // @start region="localWebProcess"
    try (LocalWebProcess web = LocalWebProcess.start(Scale.quick())) {
      System.out.println(web.baseUrl() + " served by pid " + web.pid());
    }
    // @end
  }

  /** Compiled, not run: it needs CPython (PythonRunnerTest runs a stand-in interpreter). */
  static void pythonRunner(Path scripts, List<String> args, Progress progress) throws Exception {
    PythonProgram program = PythonProgram.find(Experiment.CPU, "threads");
    // @start region="pythonRunner"
    PythonRunner.Interpreter py = PythonRunner.find(null);   // null: none usable
    if (py != null && py.canRun(program)) {
      PythonRunner.Result r =
          PythonRunner.run(py, scripts.resolve(program.script()), args, progress, System.out);
    }
    // @end
  }

  @Test
  void modelsInThisProcess() throws Exception {
    Outcome expected = new SequentialModel().run(new Job.Sums(1000), 1, progress);
    // @start region="coroutinesModel"
    Outcome c = new CoroutinesModel().run(new Job.Sums(1000), 1, progress);
    // @end
    // @start region="sequentialModel"
    Outcome s = new SequentialModel().run(new Job.Sums(1000), 1, progress);
    // @end
    // @start region="threadsModel"
    Outcome t = new ThreadsModel().run(new Job.Sums(1000), 4, progress);
    // @end
    assertEquals(999, expected.items());
    assertEquals(List.of(expected, expected, expected), List.of(c, s, t));
  }

  @Test
  void blockingCoroutinesModel() throws Exception {
    try (LocalWeb web = LocalWeb.start(Scale.tiny())) {
      // @start region="blockingCoroutinesModel"
      Job pages = new Job.PageRequests(web.baseUrl() + "/page", 4);
      Outcome o = new BlockingCoroutinesModel().run(pages, 1, progress); // one after another
      // @end
      assertEquals(4, o.items());
    }
  }

  @Test
  void catalogue() {
    // @start region="catalogue"
    byte[] jpeg = Catalogue.image(Scale.DEFAULT_SEED, 1);
    double[] delays = Catalogue.delays(Scale.DEFAULT_SEED, 930, 133.35 / 930); // sum 133.35
    // @end
    assertEquals((byte) 0xFF, jpeg[0]);
    assertEquals(133.35, java.util.Arrays.stream(delays).sum(), 1e-6);
  }

  @Test
  void experiment() {
    // @start region="experiment"
    Experiment e = Experiment.parse("io");
    Double article = e.articleSeconds("threads", Scale.full()); // 83.56
    // @end
    assertEquals(Experiment.IO, e);
    assertEquals(83.56, article, 1e-9);
  }

  @Test
  void webManifestAndFloor(@TempDir Path downloads) throws Exception {
    try (LocalWeb web = LocalWeb.start(Scale.tiny())) {
      String baseUrl = web.baseUrl();
      // @start region="web"
      HttpClient c = Web.client();
      List<String> urls = Web.searchUrls(c, baseUrl, "naruto", 31, 30); // 930 image URLs
      byte[] jpeg = Web.get(c, urls.get(0));
      // @end
      assertEquals(Scale.tiny().images(), urls.size());
      assertEquals((byte) 0xFF, jpeg[0]);
      // @start region="manifest"
      Manifest m = Manifest.fetch(web.baseUrl());
      Manifest.Check check = m.check(downloads);   // check.ok(), files(), bytes(), problems()
      // @end
      assertFalse(check.ok());                     // nothing downloaded yet
      assertEquals(0, check.files());
      Manifest manifest = m;
      // @start region="floor"
      double f = Floor.downloads(manifest, Scale.full(), 4); // about 133.35 / 4 + 3.1
      // @end
      assertTrue(f > 0, String.valueOf(f));
    }
  }

  @Test
  void job() {
    // @start region="job"
    Job job = new Job.Sums(20_000);           // getSum(i) for i = 1 .. 19999
    int items = job.items();                  // 19999
    // @end
    assertEquals(19_999, items);
  }

  @Test
  void localWeb() throws Exception {
    String search;
    // @start region="localWeb"
    try (LocalWeb web = LocalWeb.start(Scale.tiny())) {
      search = web.baseUrl() + "/search?word=naruto&pn=30&rn=30";
      byte[] json = Web.get(Web.client(), search);       // a page of thumbnail URLs
      System.out.println(Web.thumbUrls(json).size());   // 30
    }
    // @end
    assertTrue(search.startsWith("http://127.0.0.1:"), search);
  }

  @Test
  void machine() {
    // @start region="machine"
    Machine m = Machine.here("3.11.2");
    System.out.println(m.line()); // 2 cores (Intel(R) Xeon(R) ...), Linux 6.1, JDK 25, ...
    // @end
    assertTrue(m.line().startsWith(m.cores() + " core"), m.line());
    assertTrue(m.line().endsWith("CPython 3.11.2"), m.line());
  }

  @Test
  void modelAndModels() throws Exception {
    // @start region="model"
    Model m = Models.byName("threads");
    Outcome o = m.run(new Job.Sums(1000), 4, new Progress("threads", 999, null));
    // @end
    assertEquals(999, o.items());
    // @start region="models"
    List<String> chosen = Models.parse("sequential,threads"); // UsageException names the valid ones
    // @end
    assertEquals(List.of("sequential", "threads"), chosen);
    assertThrows(UsageException.class, () -> Models.parse("sequential,fibers"));
  }

  @Test
  void options() {
    // @start region="options"
    Options o = Options.parse(List.of("io", "--workers", "8"));
    // @end
    assertEquals(List.of(Experiment.IO), o.experiments());
    assertEquals(8, o.workers());
  }

  @Test
  void outcome() {
    // @start region="outcome"
    Outcome o = new Outcome(930, 9_500_000, null);
    // @end
    assertEquals(930, o.items());
  }

  @Test
  void firstResult() {
    CompletableFuture<Double> future = new CompletableFuture<>();
    // @start region="firstResult"
    FirstResult first = new FirstResult();   // workers start now
    future.whenComplete((v, e) -> first.arrived());
    Double startup = first.seconds();        // null until a result arrived
    // @end
    assertEquals(null, startup);
    future.complete(1.0);
    assertTrue(first.seconds() >= 0);
  }

  @Test
  void progressAndView() {
    // @start region="progress"
    Progress p = new Progress("threads", 930, null);
    p.step();                 // one image saved
    int done = p.done();      // 1
    // @end
    assertEquals(1, done);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    // @start region="progressView"
    Progress q = new Progress("sequential", 930, null);
    try (ProgressView v = ProgressView.show(q, out, ProgressView.isTerminal())) {
      q.step(930);            // the run calls q.step() as it goes
    }
    // @end
    assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("sequential"),
        bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void pythonProgram() {
    // @start region="pythonProgram"
    PythonProgram p = PythonProgram.find(Experiment.IO, "threads"); // io_threads.py, needs requests
    // @end
    assertEquals("io_threads.py", p.script());
    assertTrue(p.needs().contains("requests"));
  }

  @Test
  void reportAndRow(@TempDir Path dir) throws IOException {
    // @start region="row"
    Row r = Row.ok(Experiment.CPU, "threads", Row.JAVA, "4 threads", 1.2, 4999, 0, 1.5e8, 0.6);
    // @end
    List<Row> rows = List.of(r);
    // @start region="report"
    String table = Report.table(Experiment.CPU, rows, Scale.quick(), Machine.here(null));
    Report.writeCsv(rows, Scale.quick(), dir.resolve("results.csv"));
    // @end
    assertTrue(table.contains("4 threads"), table);
    assertEquals(2, Files.readAllLines(dir.resolve("results.csv")).size());
  }

  @Test
  void runs() {
    // @start region="runs"
    List<Row> rows = List.of(
        Row.ok(Experiment.CPU, "threads", Row.JAVA, "4 threads", 1.25, 4999, 0, 1.5e8, 0.6),
        Row.ok(Experiment.CPU, "threads", Row.JAVA, "4 threads", 1.0, 4999, 0, 1.5e8, 0.6)
            .inRound(2),
        Row.ok(Experiment.CPU, "threads", Row.JAVA, "4 threads", 1.5, 4999, 0, 1.5e8, 0.6)
            .inRound(3));
    Runs runs = Runs.of(rows, Experiment.CPU, "threads", Row.JAVA);
    Double median = runs.median();   // 1.25; runs.min() 1.0, runs.max() 1.5
    // @end
    assertEquals(1.25, median);
    assertEquals(List.of(1.0, 1.5), List.of(runs.min(), runs.max()));
  }

  @Test
  void scale() {
    // @start region="scale"
    Scale s = Scale.quick();
    int images = s.images();          // 930, as in the article
    double mean = s.imageMeanDelay(); // a tenth of the article's 143 ms
    // @end
    assertEquals(930, images);
    assertEquals(133.35 / 930 / 10, mean, 1e-9);
  }

  @Test
  void sums() {
    // @start region="sums"
    double t = Sums.getSum(4);          // x = 1, 2, 3
    double c = Sums.checksum(new double[] {t});
    // @end
    assertEquals(Sums.checksum(new double[] {Sums.getSum(4)}), c);
  }

  @Test
  void usageException() {
    PrintStream before = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      System.setErr(capture);
      // @start region="usageException"
      try {
        Options.parse(List.of("disk"));
      } catch (UsageException e) {
        System.err.println(e.getMessage()); // unknown experiment 'disk'; valid experiments: ...
      }
      // @end
    } finally {
      System.setErr(before);
    }
    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(
        printed.startsWith("unknown experiment 'disk'; valid experiments: "), printed);
  }
}
