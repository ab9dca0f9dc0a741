package io.jasyncio.experiments;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The tables, CSV, JSON and charts of a set of {@link Row}s. Per experiment the table has one
 * line per model: Java's seconds and speed-up over Java's sequential row, the same for CPython,
 * the article's figures, and the floor the work allows.
 *
 * <p>With {@code --repeat N} a model has N rows, one per round ({@link Runs}): the table shows the
 * median of their seconds, the spread (fastest-slowest) beside it, and speed-ups of the medians;
 * the charts show the medians; CSV and JSON keep every run, with the medians beside them. With one
 * run per model every output is as it was before rounds existed.
 *
 * <p><b>Threads.</b> Stateless; any thread (the rows are copied).
 *
 * {@snippet class=io.jasyncio.experiments.ExperimentsSnippetsTest region=report}
 */
public final class Report {
  private Report() {}

  /** The speed-up of {@code seconds} over {@code base}, or null when either is missing. */
  static Double speedup(Double base, Double seconds) {
    if (base == null || seconds == null || seconds <= 0) {
      return null;
    }
    return base / seconds;
  }

  private static Row find(List<Row> rows, Experiment e, String model, String runtime) {
    for (Row r : rows) {
      if (r.experiment() == e && r.model().equals(model) && r.runtime().equals(runtime)) {
        return r;
      }
    }
    return null;
  }

  /** The same runtime's sequential run of the same experiment and round as {@code r}'s. */
  private static Row sequentialOf(List<Row> rows, Row r) {
    for (Row s : rows) {
      if (s.experiment() == r.experiment() && s.model().equals("sequential")
          && s.runtime().equals(r.runtime()) && s.round() == r.round()) {
        return s;
      }
    }
    return null;
  }

  /** Whether some model ran more than once: the outputs then show medians and every run. */
  static boolean repeated(List<Row> rows) {
    return rows.stream().anyMatch(r -> r.round() > 1);
  }

  private static Double median(Runs runs) {
    return runs == null ? null : runs.median();
  }

  /** {@code min-max} of the runs, or {@code -}. */
  private static String spread(Runs runs) {
    return runs == null || runs.min() == null
        ? "-"
        : String.format(Locale.ROOT, "%.2f-%.2f", runs.min(), runs.max());
  }

  /** The models that have a row in experiment {@code e}, in table order. */
  static List<String> models(List<Row> rows, Experiment e) {
    List<String> names = new ArrayList<>();
    for (String m : Models.rowOrder()) {
      if (find(rows, e, m, Row.JAVA) != null || find(rows, e, m, Row.CPYTHON) != null) {
        names.add(m);
      }
    }
    for (Row r : rows) {
      if (r.experiment() == e && !names.contains(r.model())) {
        names.add(r.model());
      }
    }
    return names;
  }

  private static String num(Double d, String format) {
    return d == null ? "-" : String.format(Locale.ROOT, format, d);
  }

  private static Double secs(Row r) {
    return r == null || !r.ok() ? null : r.seconds();
  }

  /** The caption of a table whose models ran more than once. */
  private static String runsCaption(List<Runs> all) {
    int most = all.stream().mapToInt(Runs::count).max().orElse(1);
    boolean same = all.stream().allMatch(r -> r.count() == most);
    return "seconds: median of " + (same ? most + " runs" : "each model's runs (1 to " + most + ")")
        + " per model, run in rounds (each round runs every model once);"
        + " min-max: its fastest and slowest run";
  }

  /**
   * The text table of one experiment, with its notes (failed checks, checksums, start-up, scale,
   * machine).
   */
  public static String table(Experiment e, List<Row> allRows, Scale scale, Machine machine) {
    List<Row> rows = List.copyOf(allRows);
    List<String> names = models(rows, e);
    List<Runs> all = runsOf(rows, e);
    boolean repeated = all.stream().anyMatch(r -> r.count() > 1);
    StringBuilder b = new StringBuilder();
    b.append("== ").append(e.id()).append(": ").append(e.title()).append('\n');
    b.append("   work (").append(scale.name()).append(" scale): ").append(scale.describe(e))
        .append('\n');
    if (repeated) {
      b.append("   ").append(runsCaption(all)).append('\n');
    }
    String format = repeated
        ? "%-20s %-38s %9s %13s %6s %9s %13s %6s %9s %6s %9s"
        : "%-20s %-38s %9s %6s %9s %6s %9s %6s %9s";
    String head = repeated
        ? String.format(Locale.ROOT, format, "model", "description", "Java s", "min-max", "x",
            "CPython s", "min-max", "x", "article s", "x", "floor s")
        : String.format(Locale.ROOT, format, "model", "description", "Java s", "x", "CPython s",
            "x", "article s", "x", "floor s");
    b.append(head).append('\n').append("-".repeat(head.length())).append('\n');
    Double javaSeq = median(Runs.of(rows, e, "sequential", Row.JAVA));
    Double pySeq = median(Runs.of(rows, e, "sequential", Row.CPYTHON));
    Double artSeq = e.articleSeconds("sequential", scale);
    List<String> notes = new ArrayList<>();
    for (String m : names) {
      Runs j = Runs.of(rows, e, m, Row.JAVA);
      Runs p = Runs.of(rows, e, m, Row.CPYTHON);
      Double art = e.articleSeconds(m, scale);
      String desc = j != null ? j.first().description() : p.first().description();
      if (desc.length() > 38) {
        desc = desc.substring(0, 37) + "…";
      }
      String java = num(median(j), "%.2f");
      String javaX = num(speedup(javaSeq, median(j)), "%.2f");
      String py = num(median(p), "%.2f");
      String pyX = num(speedup(pySeq, median(p)), "%.2f");
      String article = num(art, "%.2f");
      String articleX = num(speedup(artSeq, art), "%.2f");
      String floor = num(j != null ? j.floor() : null, "%.2f");
      b.append(repeated
          ? String.format(Locale.ROOT, format, m, desc, java, spread(j), javaX, py, spread(p),
              pyX, article, articleX, floor)
          : String.format(Locale.ROOT, format, m, desc, java, javaX, py, pyX, article, articleX,
              floor))
          .append('\n');
      for (Runs runs : new Runs[] {j, p}) {
        if (runs == null) {
          continue;
        }
        for (Row r : runs.rows()) {
          if (!r.ok()) {
            notes.add(r.runtime() + " " + m + (repeated ? " round " + r.round() : "") + ": "
                + r.check());
          }
        }
      }
    }
    if (e == Experiment.CPU) {
      Row js = find(rows, e, "sequential", Row.JAVA);
      Row ps = find(rows, e, "sequential", Row.CPYTHON);
      if (js != null && js.checksum() != null) {
        String line = "checksum of the totals: Java " + num(js.checksum(), "%.6f");
        if (ps != null && ps.checksum() != null) {
          double rel = Math.abs(ps.checksum() - js.checksum()) / Math.abs(js.checksum());
          line += ", CPython " + num(ps.checksum(), "%.6f")
              + (ps.checksum().equals(js.checksum())
                  ? " (equal)"
                  : String.format(Locale.ROOT, " (relative difference %.1e)", rel));
        }
        notes.add(line);
      }
    }
    List<String> startups = new ArrayList<>();
    for (String m : names) {
      Runs j = Runs.of(rows, e, m, Row.JAVA);
      if (j != null && j.ok() && j.startup() != null) {
        startups.add(m + " " + num(j.startup(), "%.2f") + " s");
      }
    }
    if (!startups.isEmpty()) {
      notes.add("of the Java time, starting the workers (from starting them to their first"
          + " result)" + (repeated ? ", median of the runs" : "") + ": "
          + String.join(", ", startups));
    }
    notes.add(e.articleNote(scale) + (e != Experiment.REQUESTS && !scale.name().equals("full")
        ? " (full scale: compare the speed-ups, not the seconds)" : ""));
    notes.add(repeated
        ? "x = speed-up of the median over the same column's sequential median;"
            + " floor = least time the work allows the Java model"
        : "x = speed-up over the same column's sequential row;"
            + " floor = least time the work allows the Java model");
    notes.add("machine: " + machine.line());
    for (String n : notes) {
      b.append("   ").append(n).append('\n');
    }
    return b.toString();
  }

  private static final String CSV_HEAD =
      "experiment,model,runtime,description,seconds,speedup,items,bytes,checksum,check,floor,"
          + "article_seconds,scale,startup_seconds";

  /** The columns that follow {@link #CSV_HEAD} when some model ran more than once. */
  private static final String CSV_RUNS_HEAD = "round,runs,median_seconds,median_speedup";

  /**
   * One CSV line per row (per run), with the speed-up over the same runtime's sequential run of
   * the same round. When some model ran more than once, four more columns: the run's round, how
   * many runs its model had, their median seconds and the median's speed-up over the sequential
   * median (the table's figures, repeated on each of the model's lines).
   */
  public static String csv(List<Row> allRows, Scale scale) {
    List<Row> rows = List.copyOf(allRows);
    boolean repeated = repeated(rows);
    StringBuilder b = new StringBuilder(CSV_HEAD);
    if (repeated) {
      b.append(',').append(CSV_RUNS_HEAD);
    }
    b.append('\n');
    for (Row r : rows) {
      Double seq = secs(sequentialOf(rows, r));
      Double speedup = r.ok() ? speedup(seq, r.seconds()) : null;
      Double article = r.experiment().articleSeconds(r.model(), scale);
      b.append(String.join(
          ",",
          r.experiment().id(),
          r.model(),
          r.runtime(),
          quote(r.description()),
          r.seconds() == null ? "" : Double.toString(r.seconds()),
          speedup == null ? "" : String.format(Locale.ROOT, "%.4f", speedup),
          Integer.toString(r.items()),
          Long.toString(r.bytes()),
          r.checksum() == null ? "" : Double.toString(r.checksum()),
          quote(r.check()),
          r.floor() == null ? "" : Double.toString(r.floor()),
          article == null ? "" : Double.toString(article),
          scale.name(),
          r.startup() == null ? "" : Double.toString(r.startup())));
      if (repeated) {
        Runs runs = Runs.of(rows, r.experiment(), r.model(), r.runtime());
        Double median = runs.median();
        Double medianSpeedup = medianSpeedup(rows, runs);
        b.append(',').append(String.join(
            ",",
            Integer.toString(r.round()),
            Integer.toString(runs.count()),
            median == null ? "" : Double.toString(median),
            medianSpeedup == null ? "" : String.format(Locale.ROOT, "%.4f", medianSpeedup)));
      }
      b.append('\n');
    }
    return b.toString();
  }

  /** The speed-up of the runs' median over their runtime's sequential median, or null. */
  private static Double medianSpeedup(List<Row> rows, Runs runs) {
    Row r = runs.first();
    return speedup(median(Runs.of(rows, r.experiment(), "sequential", r.runtime())), runs.median());
  }

  static String quote(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }

  /** Writes {@link #csv}. */
  public static void writeCsv(List<Row> rows, Scale scale, Path file) throws IOException {
    Files.writeString(file, csv(rows, scale), StandardCharsets.UTF_8);
  }

  /**
   * Writes the scale, the machine and every row as JSON. When some model ran more than once, each
   * row also has its {@code round}, and {@code medians} lists per model every run's seconds (in
   * round order), their median, minimum and maximum, and the median's speed-up.
   */
  public static void writeJson(List<Row> allRows, Scale scale, Machine machine, Path file)
      throws IOException {
    List<Row> rows = List.copyOf(allRows);
    boolean repeated = repeated(rows);
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("scale", scale);
    root.put("machine", machine.toMap());
    List<Map<String, Object>> list = new ArrayList<>();
    for (Row r : rows) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("experiment", r.experiment().id());
      m.put("model", r.model());
      m.put("runtime", r.runtime());
      m.put("description", r.description());
      m.put("seconds", r.seconds());
      Double seq = secs(sequentialOf(rows, r));
      m.put("speedup", r.ok() ? speedup(seq, r.seconds()) : null);
      m.put("items", r.items());
      m.put("bytes", r.bytes());
      m.put("checksum", r.checksum());
      m.put("check", r.check());
      m.put("floor", r.floor());
      m.put("articleSeconds", r.experiment().articleSeconds(r.model(), scale));
      m.put("startupSeconds", r.startup());
      if (repeated) {
        m.put("round", r.round());
      }
      list.add(m);
    }
    root.put("rows", list);
    if (repeated) {
      List<Map<String, Object>> medians = new ArrayList<>();
      for (Experiment e : Experiment.values()) {
        for (Runs runs : runsOf(rows, e)) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("experiment", e.id());
          m.put("model", runs.first().model());
          m.put("runtime", runs.first().runtime());
          m.put("runs", runs.seconds());
          m.put("medianSeconds", runs.median());
          m.put("minSeconds", runs.min());
          m.put("maxSeconds", runs.max());
          m.put("speedup", medianSpeedup(rows, runs));
          medians.add(m);
        }
      }
      root.put("medians", medians);
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
  }

  /**
   * Writes a PNG bar chart of one experiment: per model, the speed-up over the sequential row for
   * Java, CPython and the article (speed-ups compare across scales where seconds do not); with
   * several runs per model, the speed-ups of the medians.
   */
  public static void writeChart(Experiment e, List<Row> allRows, Scale scale, Path file)
      throws IOException {
    List<Row> rows = List.copyOf(allRows);
    List<String> models = models(rows, e);
    if (models.isEmpty()) {
      return;
    }
    CategoryChart chart = new CategoryChartBuilder()
        .width(1000)
        .height(520)
        .title(e.title() + " — " + scale.name() + " scale" + mediansOf(rows, e))
        .xAxisTitle("model")
        .yAxisTitle("speed-up over sequential (higher is faster)")
        .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(16f));
    chart.getStyler().setLabelsVisible(true);
    chart.getStyler().setDecimalPattern("0.00");
    Double javaSeq = median(Runs.of(rows, e, "sequential", Row.JAVA));
    Double pySeq = median(Runs.of(rows, e, "sequential", Row.CPYTHON));
    Double artSeq = e.articleSeconds("sequential", scale);
    List<Double> java = new ArrayList<>();
    List<Double> py = new ArrayList<>();
    List<Double> art = new ArrayList<>();
    for (String m : models) {
      java.add(zero(speedup(javaSeq, median(Runs.of(rows, e, m, Row.JAVA)))));
      py.add(zero(speedup(pySeq, median(Runs.of(rows, e, m, Row.CPYTHON)))));
      art.add(zero(speedup(artSeq, e.articleSeconds(m, scale))));
    }
    chart.addSeries("Java (jasyncio)", models, java);
    if (py.stream().anyMatch(d -> d > 0)) {
      chart.addSeries("CPython", models, py);
    }
    chart.addSeries("article", models, art);
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  /** ", median of N runs" when the experiment's models ran more than once, else nothing. */
  private static String mediansOf(List<Row> rows, Experiment e) {
    int most = runsOf(rows, e).stream().mapToInt(Runs::count).max().orElse(1);
    return most > 1 ? ", median of " + most + " runs" : "";
  }

  /** The runs of every model of {@code e} in {@code rows}: model by model, Java then CPython. */
  private static List<Runs> runsOf(List<Row> rows, Experiment e) {
    List<Runs> all = new ArrayList<>();
    for (String m : models(rows, e)) {
      for (String runtime : List.of(Row.JAVA, Row.CPYTHON)) {
        Runs r = Runs.of(rows, e, m, runtime);
        if (r != null) {
          all.add(r);
        }
      }
    }
    return all;
  }

  private static double zero(Double d) {
    return d == null ? 0.0 : d;
  }
}
