package io.jasyncio.experiments;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The main job, {@code ./jasyncio experiments}: starts the stand-in for the web, runs each chosen
 * experiment under each chosen model (Java's, then the articles' CPython program for the same
 * row), checks every run's work (files and bytes, checksums), prints a table per experiment and
 * writes CSV, JSON and a PNG chart per experiment.
 *
 * <p>With {@code --repeat N} each experiment runs in N rounds: a round runs every chosen model
 * once, in the usual order, so that a drift of the machine's speed hits all models alike; every
 * run is checked; the tables show the medians ({@link Runs}).
 *
 * <p>Ctrl-C stops the runs, the stand-in and every child process, and prints the rows that
 * finished (of the experiment that was running, its complete rounds, if it had one; the CSV gets
 * every finished run).
 *
 * <p><b>Threads.</b> {@link #run()} is called once, from one thread; an interrupt (the JVM's
 * shutdown hook) may come from another, which is why the rows are kept in a synchronized list.
 *
 * {@snippet class=io.jasyncio.experiments.ExperimentsSnippetsTest region=experiments}
 */
public final class Experiments {
  /** What a finished run leaves: its folder, its rows and the files written. */
  public record Summary(Path dir, List<Row> rows, List<Path> files) {}

  private final Options options;
  private final PrintStream out;
  private final boolean terminal;
  private final List<Row> rows = Collections.synchronizedList(new ArrayList<>());
  private volatile LocalWebProcess web;
  private volatile Path dir;
  private volatile Machine machine;
  private volatile boolean finished;
  private volatile boolean stopping;
  /** The experiment whose rounds are running, or null between experiments. */
  private volatile Experiment running;
  /** How many rounds of {@link #running} have finished. */
  private volatile int roundsDone;

  /**
   * A run of {@code options} that prints to {@code out}, with progress bars when {@code terminal}.
   */
  public Experiments(Options options, PrintStream out, boolean terminal) {
    this.options = options;
    this.out = out;
    this.terminal = terminal && !options.verbose();
  }

  public static void main(String[] args) {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.print(Options.USAGE);
      return;
    }
    Options options;
    try {
      options = Options.parse(List.of(args));
    } catch (UsageException e) {
      System.err.println("experiments: " + e.getMessage());
      System.err.print(Options.USAGE);
      System.exit(2);
      return;
    }
    Experiments ex = new Experiments(options, System.out, ProgressView.isTerminal());
    Thread hook = new Thread(ex::interrupted, "experiments-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    int status;
    try {
      Summary s = ex.run();
      status = s.rows().stream().allMatch(Row::ok) ? 0 : 1;
    } catch (Exception | Error e) {
      System.err.println("experiments: " + e);
      status = 1;
    } finally {
      ex.finished = true;
    }
    Runtime.getRuntime().removeShutdownHook(hook);
    System.exit(status);
  }

  /** Runs everything; returns the folder, the rows and the files written. */
  public Summary run() throws IOException, InterruptedException {
    Scale scale = options.scale();
    dir = options.out() != null ? options.out() : defaultDir();
    Files.createDirectories(dir);
    PythonRunner.Interpreter py =
        "none".equals(options.python()) ? null : PythonRunner.find(options.python());
    machine = Machine.here(py == null ? null : py.version());
    out.println("jasyncio experiments: the reference articles' timing tables, run on this machine");
    String full = scale.name().equals("quick") ? " (--full for the articles' sizes)" : "";
    out.println("  scale: " + scale.name() + full);
    for (Experiment e : options.experiments()) {
      out.println("    " + e.id() + ": " + scale.describe(e));
    }
    out.println("  machine: " + machine.line());
    if (options.repeat() > 1) {
      out.println("  runs: every model " + options.repeat() + " times, in " + options.repeat()
          + " rounds of every model once; the tables show the medians");
    }
    Path scripts = null;
    if (py == null) {
      out.println("  CPython: " + ("none".equals(options.python())
          ? "not run (--python none)"
          : "no python3 found; the tables show Java alone (install python3 and: "
              + PythonRunner.INSTALL_HINT + ")"));
    } else {
      List<String> missing = new ArrayList<>(List.of("requests", "aiohttp"));
      missing.removeAll(py.modules());
      out.println("  CPython: " + py.command() + " " + py.version()
          + (missing.isEmpty() ? "" : "; missing " + String.join(", ", missing)
              + ": its rows are left out (to add them: " + PythonRunner.INSTALL_HINT + ")"));
      scripts = PythonRunner.extractScripts(dir.resolve("python"));
    }
    out.println("  stand-in for the web: starting ...");
    web = LocalWebProcess.start(scale, cacheDir());
    out.println("  stand-in for the web: " + web.baseUrl() + " (pid " + web.pid()
        + (web.pinnedTo() != null ? ", pinned to CPU " + web.pinnedTo() : ", not pinned") + ")");
    out.println();
    List<Path> files = new ArrayList<>();
    try {
      Manifest manifest =
          options.experiments().contains(Experiment.IO) ? Manifest.fetch(web.baseUrl()) : null;
      for (Experiment e : options.experiments()) {
        runExperiment(e, scale, manifest, py, scripts);
        out.println();
        out.print(Report.table(e, rows, scale, machine));
        out.println();
      }
      files.addAll(write(scale));
    } finally {
      web.close();
      web = null;
    }
    out.println("files:");
    for (Path f : files) {
      out.println("  " + f);
    }
    finished = true;
    return new Summary(dir, List.copyOf(rows), files);
  }

  /** Where the stand-in keeps its catalogue between runs: target/experiments/cache. */
  private static Path cacheDir() {
    return Path.of(System.getProperty("jasyncio.root", "."), "target", "experiments", "cache")
        .toAbsolutePath().normalize();
  }

  private static Path defaultDir() {
    Path root = Path.of(System.getProperty("jasyncio.root", "."));
    String stamp =
        LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
    return root.resolve("target").resolve("experiments").resolve(stamp)
        .toAbsolutePath().normalize();
  }

  private List<Path> write(Scale scale) throws IOException {
    List<Path> files = new ArrayList<>();
    List<Row> copy = snapshot();
    Path csv = dir.resolve("results.csv");
    Report.writeCsv(copy, scale, csv);
    files.add(csv);
    Path json = dir.resolve("results.json");
    Report.writeJson(copy, scale, machine, json);
    files.add(json);
    for (Experiment e : options.experiments()) {
      if (copy.stream().anyMatch(r -> r.experiment() == e)) {
        Path png = dir.resolve(e.id() + ".png");
        Report.writeChart(e, copy, scale, png);
        files.add(png);
        Path txt = dir.resolve(e.id() + ".txt");
        Files.writeString(txt, Report.table(e, copy, scale, machine));
        files.add(txt);
      }
    }
    return files;
  }

  private List<Row> snapshot() {
    synchronized (rows) {
      return List.copyOf(rows);
    }
  }

  private void runExperiment(
      Experiment e, Scale scale, Manifest manifest, PythonRunner.Interpreter py, Path scripts)
      throws InterruptedException {
    int rounds = options.repeat();
    out.println("-- running " + e.id() + ": " + scale.describe(e)
        + (rounds > 1 ? ", " + rounds + " rounds" : ""));
    roundsDone = 0;
    running = e;
    // Every run's checksum must equal the first one's of its runtime, whatever its round.
    Map<String, Double> checksums = new HashMap<>();
    for (int round = 1; round <= rounds; round++) {
      // A run's floor for the sums follows the sequential time of its own round.
      Double javaSequential = null;
      for (String name : Models.rowOrder()) {
        if (!options.wants(name)) {
          continue;
        }
        Model m = Models.find(name);
        if (m != null && m.supports(e)) {
          Row r = runJava(e, m, scale, manifest, javaSequential, round);
          if (r.ok() && name.equals("sequential")) {
            javaSequential = r.seconds();
          }
          report(sameChecksum(r, checksums));
        }
        PythonProgram p = PythonProgram.find(e, name);
        if (p != null && py != null) {
          if (!py.canRun(p)) {
            if (round == 1) {
              out.println("  CPython " + name + ": not run, " + py.command() + " lacks "
                  + String.join(", ", py.missing(p)));
            }
            continue;
          }
          report(sameChecksum(runPython(e, p, py, scripts, scale, manifest, round), checksums));
        }
      }
      roundsDone = round;
    }
    running = null;
  }

  /**
   * {@code r}, failed if its checksum differs from the first one of its runtime in {@code first}
   * (which keeps the first one seen).
   */
  private static Row sameChecksum(Row r, Map<String, Double> first) {
    if (!r.ok() || r.checksum() == null) {
      return r;
    }
    Double c = first.putIfAbsent(r.runtime(), r.checksum());
    return c == null || c.equals(r.checksum())
        ? r
        : r.withCheck("checksum " + r.checksum() + " differs from " + c);
  }

  /** " round 2/5" with several rounds, else nothing. */
  private String roundOf(int round) {
    return options.repeat() > 1 ? " round " + round + "/" + options.repeat() : "";
  }

  private void report(Row r) throws InterruptedException {
    holdIfStopping();
    rows.add(r);
    String result =
        r.seconds() == null
            ? "FAILED: " + r.check()
            : String.format(Locale.ROOT, "%.2f s", r.seconds())
                + (r.ok() ? "" : "  CHECK FAILED: " + r.check());
    out.println(options.repeat() > 1
        ? String.format(Locale.ROOT, "  %-7s %-20s %-11s %s", r.runtime(), r.model(),
            roundOf(r.round()).trim(), result)
        : String.format(Locale.ROOT, "  %-7s %-20s %s", r.runtime(), r.model(), result));
  }

  private Job job(Experiment e, Scale scale, Path downloads) {
    return switch (e) {
      case REQUESTS -> new Job.PageRequests(web.baseUrl() + "/page", scale.requests());
      case IO -> new Job.Downloads(web.baseUrl(), "火影", scale.pages(), scale.perPage(), downloads);
      case CPU -> new Job.Sums(scale.sums());
    };
  }

  private Row runJava(
      Experiment e, Model m, Scale scale, Manifest manifest, Double javaSequential, int round)
      throws InterruptedException {
    int workers = m.name().equals("cluster") ? options.cluster() : options.workers();
    String desc = m.description(e, workers);
    Path downloads = dir.resolve("downloads").resolve("java-" + m.name());
    Job job = job(e, scale, downloads);
    Progress progress = new Progress(
        "Java " + m.name() + roundOf(round), job.items(), options.verbose() ? out : null);
    holdIfStopping();
    Outcome o;
    double seconds;
    try (ProgressView v = ProgressView.show(progress, out, terminal)) {
      clear(downloads);
      // Outside the clock, as a CPython program's imports are: see Model.prepare.
      m.prepare(job);
      long t0 = System.nanoTime();
      o = m.run(job, workers, progress);
      seconds = (System.nanoTime() - t0) / 1e9;
    } catch (InterruptedException ie) {
      throw ie;
    } catch (Exception | Error ex) {
      return Row.failed(e, m.name(), Row.JAVA, desc, ex.toString()).inRound(round);
    }
    int c = m.concurrency(e, workers);
    Double floor = switch (e) {
      case REQUESTS -> Floor.requests(scale, c);
      case IO -> Floor.downloads(manifest, scale, c);
      case CPU -> m.name().equals("sequential") ? Double.valueOf(seconds)
          : javaSequential == null
              ? null
              : Floor.sums(javaSequential, c, Runtime.getRuntime().availableProcessors());
    };
    String check = check(e, scale, manifest, o, downloads);
    return new Row(
        e, m.name(), Row.JAVA, desc, seconds, o.items(), o.bytes(), o.checksum(), check, floor,
        o.startup(), round);
  }

  private Row runPython(
      Experiment e, PythonProgram p, PythonRunner.Interpreter py, Path scripts, Scale scale,
      Manifest manifest, int round)
      throws InterruptedException {
    Path downloads = dir.resolve("downloads").resolve("cpython-" + p.model());
    Job job = job(e, scale, downloads);
    int size = switch (e) {
      case REQUESTS -> scale.requests();
      case IO -> scale.pages();
      case CPU -> scale.sums();
    };
    List<String> args = List.of(
        web.baseUrl(), downloads.toString(), Integer.toString(size),
        Integer.toString(scale.perPage()),
        Integer.toString(options.workers()), options.verbose() ? "1" : "0");
    Progress progress =
        new Progress("CPython " + p.model() + roundOf(round), job.items(), null);
    holdIfStopping();
    PythonRunner.Result r;
    try (ProgressView v = ProgressView.show(progress, out, terminal)) {
      clear(downloads);
      Files.createDirectories(downloads);
      PrintStream echo = options.verbose() ? out : null;
      r = PythonRunner.run(py, scripts.resolve(p.script()), args, progress, echo);
    } catch (IOException ex) {
      return Row.failed(e, p.model(), Row.CPYTHON, p.description(), ex.getMessage())
          .inRound(round);
    }
    Outcome o = new Outcome(r.items(), r.bytes(), r.checksum());
    String check = check(e, scale, manifest, o, downloads);
    return new Row(
        e, p.model(), Row.CPYTHON, p.description(), r.seconds(), r.items(), r.bytes(),
        r.checksum(), check, null, null, round);
  }

  /** "ok", or what is wrong with a run's work. */
  private String check(Experiment e, Scale scale, Manifest manifest, Outcome o, Path downloads) {
    try {
      return switch (e) {
        case REQUESTS -> {
          long expected = (long) scale.requests() * Catalogue.page().length;
          yield o.items() == scale.requests() && o.bytes() == expected
              ? "ok"
              : "expected " + scale.requests() + " pages of " + expected + " bytes, got "
                  + o.items() + " / " + o.bytes();
        }
        case IO -> {
          Manifest.Check c = manifest.check(downloads);
          if (!options.keepDownloads()) {
            clear(downloads);
          }
          yield c.ok() && o.items() == manifest.count() && o.bytes() == manifest.bytes()
              ? "ok"
              : "downloads: " + c.files() + " files, " + c.bytes() + " bytes, reported "
                  + o.items() + " / " + o.bytes()
                  + (c.problems().isEmpty() ? "" : "; " + String.join("; ", c.problems()));
        }
        case CPU -> o.items() == scale.sumCalls() && o.checksum() != null
            ? "ok" : "expected " + scale.sumCalls() + " sums with a checksum, got " + o.items();
      };
    } catch (IOException ex) {
      return "cannot check: " + ex;
    }
  }

  private static void clear(Path folder) {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> all = Files.walk(folder)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot clear " + folder, ex);
    }
  }

  /**
   * Once the interrupt has come, the main thread starts nothing more and reports nothing more:
   * it waits here until the JVM halts after the shutdown hook.
   */
  private void holdIfStopping() throws InterruptedException {
    while (stopping) {
      Thread.sleep(60_000);
    }
  }

  /**
   * The rows a table shows after an interrupt: of the experiment whose rounds were running, the
   * complete rounds' runs (a round cut short would weigh its finished models against fewer runs of
   * the others), or round 1's finished runs when no round was complete; every row of the others.
   */
  private List<Row> completeRounds(List<Row> done) {
    Experiment e = running;
    int complete = roundsDone;
    if (e == null || complete == 0) {
      return done;
    }
    List<Row> shown =
        done.stream().filter(r -> r.experiment() != e || r.round() <= complete).toList();
    if (shown.size() < done.size()) {
      out.println("  " + e.id() + ": round " + (complete + 1) + "/" + options.repeat()
          + " was cut short; its table shows the " + complete + " complete round"
          + (complete == 1 ? "" : "s") + ", results.csv every finished run");
    }
    return shown;
  }

  /** The shutdown hook: on Ctrl-C, stop every child and print what finished. */
  void interrupted() {
    if (finished) {
      return;
    }
    stopping = true;
    out.println();
    out.println("interrupted: stopping the stand-in for the web and every child process");
    ProcessHandle.current().descendants().forEach(ProcessHandle::destroy);
    LocalWebProcess w = web;
    if (w != null) {
      w.close();
    }
    List<Row> done = snapshot();
    if (done.isEmpty() || machine == null) {
      out.println("nothing had finished");
      out.flush();
      ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
      return;
    }
    out.println("finished before the interrupt:");
    List<Row> shown = completeRounds(done);
    for (Experiment e : options.experiments()) {
      if (shown.stream().anyMatch(r -> r.experiment() == e)) {
        out.print(Report.table(e, shown, options.scale(), machine));
      }
    }
    try {
      Report.writeCsv(done, options.scale(), dir.resolve("results.csv"));
      out.println("  " + dir.resolve("results.csv"));
    } catch (IOException | RuntimeException ex) {
      out.println("could not write " + dir.resolve("results.csv") + ": " + ex);
    }
    out.flush();
    ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
  }
}
