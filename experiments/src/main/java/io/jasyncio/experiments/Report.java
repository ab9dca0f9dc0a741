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

  /**
   * The text table of one experiment, with its notes (failed checks, checksums, start-up, scale,
   * machine).
   */
  public static String table(Experiment e, List<Row> allRows, Scale scale, Machine machine) {
    List<Row> rows = List.copyOf(allRows);
    StringBuilder b = new StringBuilder();
    b.append("== ").append(e.id()).append(": ").append(e.title()).append('\n');
    b.append("   work (").append(scale.name()).append(" scale): ").append(scale.describe(e))
        .append('\n');
    String head = String.format(
        Locale.ROOT,
        "%-20s %-38s %9s %6s %9s %6s %9s %6s %9s",
        "model", "description", "Java s", "x", "CPython s", "x", "article s", "x", "floor s");
    b.append(head).append('\n').append("-".repeat(head.length())).append('\n');
    Double javaSeq = secs(find(rows, e, "sequential", Row.JAVA));
    Double pySeq = secs(find(rows, e, "sequential", Row.CPYTHON));
    Double artSeq = e.articleSeconds("sequential", scale);
    List<String> notes = new ArrayList<>();
    for (String m : models(rows, e)) {
      Row j = find(rows, e, m, Row.JAVA);
      Row p = find(rows, e, m, Row.CPYTHON);
      Double art = e.articleSeconds(m, scale);
      String desc = j != null ? j.description() : p.description();
      if (desc.length() > 38) {
        desc = desc.substring(0, 37) + "…";
      }
      b.append(String.format(
          Locale.ROOT,
          "%-20s %-38s %9s %6s %9s %6s %9s %6s %9s",
          m,
          desc,
          num(secs(j), "%.2f"),
          num(speedup(javaSeq, secs(j)), "%.2f"),
          num(secs(p), "%.2f"),
          num(speedup(pySeq, secs(p)), "%.2f"),
          num(art, "%.2f"),
          num(speedup(artSeq, art), "%.2f"),
          num(j != null ? j.floor() : null, "%.2f")))
          .append('\n');
      for (Row r : new Row[] {j, p}) {
        if (r != null && !r.ok()) {
          notes.add(r.runtime() + " " + m + ": " + r.check());
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
    for (String m : models(rows, e)) {
      Row j = find(rows, e, m, Row.JAVA);
      if (j != null && j.ok() && j.startup() != null) {
        startups.add(m + " " + num(j.startup(), "%.2f") + " s");
      }
    }
    if (!startups.isEmpty()) {
      notes.add("of the Java time, starting the workers (from starting them to their first"
          + " result): " + String.join(", ", startups));
    }
    notes.add(e.articleNote(scale) + (e != Experiment.REQUESTS && !scale.name().equals("full")
        ? " (full scale: compare the speed-ups, not the seconds)" : ""));
    notes.add("x = speed-up over the same column's sequential row;"
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

  /** One CSV line per row, with the speed-up over the same runtime's sequential row. */
  public static String csv(List<Row> allRows, Scale scale) {
    List<Row> rows = List.copyOf(allRows);
    StringBuilder b = new StringBuilder(CSV_HEAD).append('\n');
    for (Row r : rows) {
      Double seq = secs(find(rows, r.experiment(), "sequential", r.runtime()));
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
          r.startup() == null ? "" : Double.toString(r.startup())))
          .append('\n');
    }
    return b.toString();
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

  /** Writes the scale, the machine and every row as JSON. */
  public static void writeJson(List<Row> allRows, Scale scale, Machine machine, Path file)
      throws IOException {
    List<Row> rows = List.copyOf(allRows);
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
      Double seq = secs(find(rows, r.experiment(), "sequential", r.runtime()));
      m.put("speedup", r.ok() ? speedup(seq, r.seconds()) : null);
      m.put("items", r.items());
      m.put("bytes", r.bytes());
      m.put("checksum", r.checksum());
      m.put("check", r.check());
      m.put("floor", r.floor());
      m.put("articleSeconds", r.experiment().articleSeconds(r.model(), scale));
      m.put("startupSeconds", r.startup());
      list.add(m);
    }
    root.put("rows", list);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
  }

  /**
   * Writes a PNG bar chart of one experiment: per model, the speed-up over the sequential row for
   * Java, CPython and the article (speed-ups compare across scales where seconds do not).
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
        .title(e.title() + " — " + scale.name() + " scale")
        .xAxisTitle("model")
        .yAxisTitle("speed-up over sequential (higher is faster)")
        .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(16f));
    chart.getStyler().setLabelsVisible(true);
    chart.getStyler().setDecimalPattern("0.00");
    Double javaSeq = secs(find(rows, e, "sequential", Row.JAVA));
    Double pySeq = secs(find(rows, e, "sequential", Row.CPYTHON));
    Double artSeq = e.articleSeconds("sequential", scale);
    List<Double> java = new ArrayList<>();
    List<Double> py = new ArrayList<>();
    List<Double> art = new ArrayList<>();
    for (String m : models) {
      java.add(zero(speedup(javaSeq, secs(find(rows, e, m, Row.JAVA)))));
      py.add(zero(speedup(pySeq, secs(find(rows, e, m, Row.CPYTHON)))));
      art.add(zero(speedup(artSeq, e.articleSeconds(m, scale))));
    }
    chart.addSeries("Java (jasyncio)", models, java);
    if (py.stream().anyMatch(d -> d > 0)) {
      chart.addSeries("CPython", models, py);
    }
    chart.addSeries("article", models, art);
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private static double zero(Double d) {
    return d == null ? 0.0 : d;
  }
}
