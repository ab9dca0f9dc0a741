package io.jasyncio.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole tool at the tiny scale, Java alone: stand-in JVM, every experiment, every file. */
class ExperimentsTest {
  @Test
  void aTinyRunWritesTablesCsvJsonAndCharts(@TempDir Path tmp) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    Options o =
        Options.parse(
            List.of(
                "--scale", "tiny", "--python", "none", "--workers", "1", "--out", tmp.toString()));
    Experiments.Summary s = new Experiments(o, out, false).run();
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(s.rows().stream().allMatch(Row::ok), text);
    for (Experiment e : Experiment.values()) {
      assertTrue(s.rows().stream().filter(r -> r.experiment() == e).count() >= 3, e + ": " + text);
      assertTrue(text.contains("== " + e.id() + ": "), text);
      assertTrue(Files.size(tmp.resolve(e.id() + ".png")) > 1000);
    }
    assertTrue(s.rows().stream().allMatch(r -> r.runtime().equals(Row.JAVA)));
    assertEquals(s.rows().size() + 1, Files.readAllLines(tmp.resolve("results.csv")).size());
    assertTrue(Files.exists(tmp.resolve("results.json")));
    assertTrue(text.contains("CPython: not run (--python none)"), text);
    assertTrue(text.contains("files:\n  " + tmp.resolve("results.csv")), text);
    assertTrue(ProcessHandle.current().descendants().noneMatch(ProcessHandle::isAlive),
        "the stand-in for the web has ended");
    // One run per model: no rounds anywhere, the CSV's columns as they always were.
    assertTrue(s.rows().stream().allMatch(r -> r.round() == 1));
    assertFalse(text.matches("(?s).*\\bround.*"), text);
    assertFalse(text.contains("median"), text);
    assertEquals(
        "experiment,model,runtime,description,seconds,speedup,items,bytes,checksum,check,floor,"
            + "article_seconds,scale,startup_seconds",
        Files.readAllLines(tmp.resolve("results.csv")).get(0));
  }

  /**
   * {@code --repeat 3} with two Java models and a stub interpreter for CPython's, whose k-th run
   * reports 0.9, 0.5, 0.7, 0.4, 0.8, 0.6 s: interleaved rounds give CPython's sequential program
   * 0.9, 0.7, 0.8 s (median 0.8) and its threads 0.5, 0.4, 0.6 s (median 0.5); any other order
   * would give other figures. Java's figures are checked against the medians of its recorded runs.
   */
  @Test
  void repeatRunsEveryModelInRoundsAndShowsTheMedians(@TempDir Path tmp) throws Exception {
    Path counter = tmp.resolve("counter");
    Path log = tmp.resolve("log");
    Path py = PythonRunnerTest.stub(tmp, """
        if [ "$1" = "-c" ]; then echo 3.99; echo requests aiohttp; exit 0; fi
        n=$(( $(cat '%s' 2>/dev/null || echo 0) + 1 ))
        echo $n > '%s'
        basename "$2" >> '%s'
        case $n in 1) s=0.9;; 2) s=0.5;; 3) s=0.7;; 4) s=0.4;; 5) s=0.8;; *) s=0.6;; esac
        echo "RESULT {\\"items\\": %d, \\"bytes\\": 0, \\"checksum\\": 1.5, \\"seconds\\": $s}"
        """.formatted(counter, counter, log, Scale.tiny().sumCalls()));
    Path dir = tmp.resolve("out");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    Options o = Options.parse(List.of(
        "cpu", "--scale", "tiny", "--models", "sequential,threads", "--workers", "2",
        "--repeat", "3", "--python", py.toString(), "--out", dir.toString()));
    Experiments.Summary s = new Experiments(o, out, false).run();
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(s.rows().stream().allMatch(Row::ok), text);

    // Round order: every model's run i before any model's run i + 1.
    List<String> order = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (int round = 1; round <= 3; round++) {
      for (String model : List.of("sequential", "threads")) {
        for (String runtime : List.of(Row.JAVA, Row.CPYTHON)) {
          order.add(runtime + " " + model + " " + round);
          labels.add("  " + runtime + " " + model + " round " + round + "/3: "
              + Scale.tiny().sumCalls() + " items ...");
        }
      }
    }
    assertEquals(order,
        s.rows().stream().map(r -> r.runtime() + " " + r.model() + " " + r.round()).toList());
    assertEquals(labels, text.lines().filter(l -> l.endsWith(" items ...")).toList());
    assertEquals(
        List.of("cpu_sequential.py", "cpu_threads.py", "cpu_sequential.py", "cpu_threads.py",
            "cpu_sequential.py", "cpu_threads.py"),
        Files.readAllLines(log));
    assertTrue(text.contains("  runs: every model 3 times, in 3 rounds of every model once;"
        + " the tables show the medians\n"), text);
    assertTrue(text.contains("  CPython threads              round 2/3   0.40 s\n"), text);

    List<Double> javaSeq = seconds(s.rows(), "sequential", Row.JAVA);
    List<Double> javaThr = seconds(s.rows(), "threads", Row.JAVA);
    assertEquals(List.of(0.9, 0.7, 0.8), seconds(s.rows(), "sequential", Row.CPYTHON));
    assertEquals(List.of(0.5, 0.4, 0.6), seconds(s.rows(), "threads", Row.CPYTHON));

    // The table: medians, their spread, speed-ups of the medians, the floor's median.
    String table = Files.readString(dir.resolve("cpu.txt"));
    assertTrue(text.contains(table), text);
    assertTrue(table.contains("   seconds: median of 3 runs per model"), table);
    double seqFloor = middle(floors(s.rows(), "sequential"));
    double thrFloor = middle(floors(s.rows(), "threads"));
    assertLine(table, "sequential", "one thread, blocking calls",
        f(middle(javaSeq)), spread(javaSeq), "1.00", "0.80", "0.70-0.90", "1.00",
        "131.50", "1.00", f(seqFloor));
    assertLine(table, "threads", "2 threads, submit + wait",
        f(middle(javaThr)), spread(javaThr), f(middle(javaSeq) / middle(javaThr)),
        "0.50", "0.40-0.60", "1.60", "124.02", "1.06", f(thrFloor));

    // The CSV: every run's seconds, its round, and its model's median.
    List<String> csv = Files.readAllLines(dir.resolve("results.csv"));
    assertEquals(13, csv.size());
    assertTrue(csv.get(0).endsWith(",round,runs,median_seconds,median_speedup"), csv.get(0));
    for (int i = 0; i < 12; i++) {
      Row r = s.rows().get(i);
      List<String> cells = cells(csv.get(i + 1));
      List<Double> all = seconds(s.rows(), r.model(), r.runtime());
      assertEquals(
          List.of(r.model(), r.runtime(), Double.toString(r.seconds()),
              Integer.toString(r.round()), "3", Double.toString(middle(all))),
          List.of(cells.get(1), cells.get(2), cells.get(4), cells.get(14), cells.get(15),
              cells.get(16)),
          csv.get(i + 1));
    }

    // The JSON: every run, and per model its runs and their median.
    JsonNode root = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
    assertEquals(12, root.path("rows").size());
    JsonNode medians = root.path("medians");
    assertEquals(4, medians.size());
    for (JsonNode m : medians) {
      List<Double> all = seconds(s.rows(), m.path("model").asText(), m.path("runtime").asText());
      List<Double> runs = new ArrayList<>();
      m.path("runs").forEach(n -> runs.add(n.asDouble()));
      assertEquals(all, runs, m.toString());
      assertEquals(middle(all), m.path("medianSeconds").asDouble(), m.toString());
    }
    assertEquals(0.8 / 0.5, medians.get(3).path("speedup").asDouble());
  }

  /** The seconds of a model's runs, in the order they ran. */
  private static List<Double> seconds(List<Row> rows, String model, String runtime) {
    return rows.stream()
        .filter(r -> r.model().equals(model) && r.runtime().equals(runtime))
        .map(Row::seconds)
        .toList();
  }

  private static List<Double> floors(List<Row> rows, String model) {
    return rows.stream()
        .filter(r -> r.model().equals(model) && r.runtime().equals(Row.JAVA))
        .map(Row::floor)
        .filter(Objects::nonNull)
        .toList();
  }

  /** The middle one of three. */
  private static double middle(List<Double> three) {
    assertEquals(3, three.size(), three.toString());
    return three.stream().sorted().toList().get(1);
  }

  private static String f(double d) {
    return String.format(Locale.ROOT, "%.2f", d);
  }

  private static String spread(List<Double> all) {
    return f(all.stream().min(Double::compare).orElseThrow()) + "-"
        + f(all.stream().max(Double::compare).orElseThrow());
  }

  /** The table has a line of these cells, separated by blanks. */
  private static void assertLine(String table, String... cells) {
    String line =
        table.lines().filter(l -> l.startsWith(cells[0] + " ")).findFirst().orElseThrow();
    List<String> quoted = new ArrayList<>();
    for (String c : cells) {
      quoted.add(Pattern.quote(c));
    }
    assertTrue(line.matches(String.join("\\s+", quoted)), line + "\n  expected: "
        + String.join(" | ", cells));
  }

  /** The cells of one CSV line (quoted cells may hold commas). */
  private static List<String> cells(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else {
          quoted = !quoted;
        }
      } else if (c == ',' && !quoted) {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    cells.add(cell.toString());
    return cells;
  }
}
