package io.jasyncio.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
  static final Machine MACHINE = new Machine(2, "a CPU", "Linux", "JDK 25", "3.11.2");
  static final List<Row> ROWS =
      List.of(
          Row.ok(Experiment.CPU, "sequential", Row.JAVA, "one thread", 8.0, 19999, 0, 1.5, 8.0),
          Row.ok(
              Experiment.CPU, "sequential", Row.CPYTHON, "one thread", 100.0, 19999, 0, 1.5, null),
          Row.ok(
              Experiment.CPU, "threads", Row.JAVA, "4 threads, submit + wait", 4.0, 19999, 0, 1.5,
              4.0),
          Row.ok(
              Experiment.CPU, "threads", Row.CPYTHON, "ThreadPoolExecutor (GIL)", 125.0, 19999, 0,
              1.5, null),
          Row.failed(
              Experiment.CPU, "processes", Row.JAVA, "4 processes",
              "java.io.IOException: boom, badly"),
          new Row(
              Experiment.CPU, "process-queue", Row.JAVA, "4 Processes + queue", 6.0, 19999, 0, 1.5,
              "ok", 4.0, 0.75));

  @Test
  void tableShowsSecondsSpeedupsArticleAndFloor() {
    String t = Report.table(Experiment.CPU, ROWS, Scale.full(), MACHINE);
    assertTrue(t.contains("== cpu: sums getSum(i)"), t);
    String seq = t.lines().filter(l -> l.startsWith("sequential")).findFirst().orElseThrow();
    assertTrue(
        seq.matches(
            "sequential\\s+one thread\\s+8\\.00\\s+1\\.00\\s+100\\.00\\s+1\\.00"
                + "\\s+131\\.50\\s+1\\.00\\s+8\\.00"),
        seq);
    String thr = t.lines().filter(l -> l.startsWith("threads")).findFirst().orElseThrow();
    assertTrue(
        thr.matches(
            "threads\\s+4 threads, submit \\+ wait\\s+4\\.00\\s+2\\.00\\s+125\\.00\\s+0\\.80"
                + "\\s+124\\.02\\s+1\\.06\\s+4\\.00"),
        thr);
    String proc = t.lines().filter(l -> l.startsWith("processes")).findFirst().orElseThrow();
    assertTrue(
        proc.matches("processes\\s+4 processes\\s+-\\s+-\\s+-\\s+-\\s+71\\.51\\s+1\\.84\\s+-"),
        proc);
    assertTrue(
        t.contains(
            "of the Java time, starting the workers (from starting them to their first result):"
                + " process-queue 0.75 s"),
        t);
    assertTrue(t.contains("Java processes: java.io.IOException: boom, badly"), t);
    assertTrue(t.contains("checksum of the totals: Java 1.500000, CPython 1.500000 (equal)"), t);
    assertTrue(t.contains("machine: 2 cores (a CPU), Linux, JDK 25, CPython 3.11.2"), t);
  }

  @Test
  void csvHasOneQuotedLinePerRow() {
    List<String> lines = Report.csv(ROWS, Scale.quick()).lines().toList();
    assertEquals(7, lines.size());
    assertEquals(
        "experiment,model,runtime,description,seconds,speedup,items,bytes,checksum,check,floor,"
            + "article_seconds,scale,startup_seconds",
        lines.get(0));
    assertEquals(
        "cpu,threads,Java,\"4 threads, submit + wait\",4.0,2.0000,19999,0,1.5,ok,4.0,124.02,quick,",
        lines.get(3));
    assertEquals(
        "cpu,processes,Java,4 processes,,,0,0,,\"java.io.IOException: boom, badly\",,71.51,quick,",
        lines.get(5));
    assertEquals(
        "cpu,process-queue,Java,4 Processes + queue,6.0,1.3333,19999,0,1.5,ok,4.0,77.31,quick,0.75",
        lines.get(6));
  }

  @Test
  void jsonHoldsScaleMachineAndRows(@TempDir Path tmp) throws Exception {
    Path f = tmp.resolve("r.json");
    Report.writeJson(ROWS, Scale.quick(), MACHINE, f);
    JsonNode root = new ObjectMapper().readTree(f.toFile());
    assertEquals("quick", root.path("scale").path("name").asText());
    assertEquals(2, root.path("machine").path("cores").asInt());
    assertEquals(6, root.path("rows").size());
    JsonNode thr = root.path("rows").get(2);
    assertEquals("threads", thr.path("model").asText());
    assertEquals(2.0, thr.path("speedup").asDouble(), 1e-12);
    assertTrue(root.path("rows").get(4).path("seconds").isNull());
    assertTrue(thr.path("startupSeconds").isNull());
    assertEquals(0.75, root.path("rows").get(5).path("startupSeconds").asDouble(), 1e-12);
  }

  /**
   * Three rounds: Java sequential 8, 9, 7 s (each its own floor), Java threads 4.4, 4.0, 5.0 s
   * (floors: its round's sequential over 2 cores), CPython 100, 90, 110 and 125, 120, 130 s; Java
   * processes failed in round 2.
   */
  static final List<Row> ROUNDS = rounds();

  private static List<Row> rounds() {
    double[] seq = {8.0, 9.0, 7.0};
    double[] thr = {4.4, 4.0, 5.0};
    double[] pySeq = {100.0, 90.0, 110.0};
    double[] pyThr = {125.0, 120.0, 130.0};
    List<Row> rows = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int round = i + 1;
      rows.add(Row.ok(Experiment.CPU, "sequential", Row.JAVA, "one thread", seq[i], 19999, 0,
          1.5, seq[i]).inRound(round));
      rows.add(Row.ok(Experiment.CPU, "sequential", Row.CPYTHON, "one thread", pySeq[i], 19999,
          0, 1.5, null).inRound(round));
      rows.add(Row.ok(Experiment.CPU, "threads", Row.JAVA, "4 threads, submit + wait", thr[i],
          19999, 0, 1.5, seq[i] / 2).inRound(round));
      rows.add(Row.ok(Experiment.CPU, "threads", Row.CPYTHON, "ThreadPoolExecutor (GIL)",
          pyThr[i], 19999, 0, 1.5, null).inRound(round));
      rows.add(round == 2
          ? Row.failed(Experiment.CPU, "processes", Row.JAVA, "4 processes", "boom").inRound(2)
          : Row.ok(Experiment.CPU, "processes", Row.JAVA, "4 processes", 5.0 + i, 19999, 0,
              1.5, 4.0).inRound(round));
    }
    return List.copyOf(rows);
  }

  @Test
  void withRoundsTheTableShowsMediansTheirSpreadAndSpeedupsOfTheMedians() {
    String t = Report.table(Experiment.CPU, ROUNDS, Scale.full(), MACHINE);
    assertTrue(t.contains("\n   seconds: median of 3 runs per model, run in rounds (each round"
        + " runs every model once); min-max: its fastest and slowest run\n"), t);
    String head = t.lines().filter(l -> l.startsWith("model")).findFirst().orElseThrow();
    assertTrue(head.matches("model\\s+description\\s+Java s\\s+min-max\\s+x\\s+CPython s"
        + "\\s+min-max\\s+x\\s+article s\\s+x\\s+floor s"), head);
    String seq = t.lines().filter(l -> l.startsWith("sequential")).findFirst().orElseThrow();
    assertTrue(
        seq.matches(
            "sequential\\s+one thread\\s+8\\.00\\s+7\\.00-9\\.00\\s+1\\.00"
                + "\\s+100\\.00\\s+90\\.00-110\\.00\\s+1\\.00\\s+131\\.50\\s+1\\.00\\s+8\\.00"),
        seq);
    // 8.0 / 4.4 = 1.82; 100 / 125 = 0.80; floor: the median of 4.0, 4.5, 3.5.
    String thr = t.lines().filter(l -> l.startsWith("threads")).findFirst().orElseThrow();
    assertTrue(
        thr.matches(
            "threads\\s+4 threads, submit \\+ wait\\s+4\\.40\\s+4\\.00-5\\.00\\s+1\\.82"
                + "\\s+125\\.00\\s+120\\.00-130\\.00\\s+0\\.80\\s+124\\.02\\s+1\\.06"
                + "\\s+4\\.00"),
        thr);
    String proc = t.lines().filter(l -> l.startsWith("processes")).findFirst().orElseThrow();
    assertTrue(
        proc.matches(
            "processes\\s+4 processes\\s+-\\s+-\\s+-\\s+-\\s+-\\s+-\\s+71\\.51\\s+1\\.84"
                + "\\s+4\\.00"),
        proc);
    assertTrue(t.contains("   Java processes round 2: boom\n"), t);
    assertTrue(t.contains("x = speed-up of the median over the same column's sequential median"),
        t);
  }

  @Test
  void withRoundsTheCsvHasEveryRunAndTheMedians() {
    List<String> lines = Report.csv(ROUNDS, Scale.quick()).lines().toList();
    assertEquals(16, lines.size());
    assertEquals(
        "experiment,model,runtime,description,seconds,speedup,items,bytes,checksum,check,floor,"
            + "article_seconds,scale,startup_seconds,round,runs,median_seconds,median_speedup",
        lines.get(0));
    // Round 2's threads run over round 2's sequential run: 9.0 / 4.0; the medians: 8.0 / 4.4.
    assertEquals(
        "cpu,threads,Java,\"4 threads, submit + wait\",4.0,2.2500,19999,0,1.5,ok,4.5,124.02,"
            + "quick,,2,3,4.4,1.8182",
        lines.get(8));
    assertEquals(
        "cpu,threads,CPython,ThreadPoolExecutor (GIL),130.0,0.8462,19999,0,1.5,ok,,124.02,quick,"
            + ",3,3,125.0,0.8000",
        lines.get(14));
    assertEquals(
        "cpu,processes,Java,4 processes,,,0,0,,boom,,71.51,quick,,2,3,,", lines.get(10));
  }

  @Test
  void withRoundsTheJsonHasEveryRunsRoundAndTheMedians(@TempDir Path tmp) throws Exception {
    Path f = tmp.resolve("r.json");
    Report.writeJson(ROUNDS, Scale.quick(), MACHINE, f);
    JsonNode root = new ObjectMapper().readTree(f.toFile());
    assertEquals(15, root.path("rows").size());
    assertEquals(2, root.path("rows").get(7).path("round").asInt());
    assertEquals(4.0, root.path("rows").get(7).path("seconds").asDouble());
    JsonNode medians = root.path("medians");
    assertEquals(5, medians.size());
    JsonNode thr = medians.get(2);
    assertEquals("threads", thr.path("model").asText());
    assertEquals("Java", thr.path("runtime").asText());
    assertEquals("[4.4,4.0,5.0]", thr.path("runs").toString());
    assertEquals(4.4, thr.path("medianSeconds").asDouble());
    assertEquals(4.0, thr.path("minSeconds").asDouble());
    assertEquals(5.0, thr.path("maxSeconds").asDouble());
    assertEquals(8.0 / 4.4, thr.path("speedup").asDouble());
    JsonNode proc = medians.get(4);
    assertEquals("[5.0,null,7.0]", proc.path("runs").toString());
    assertTrue(proc.path("medianSeconds").isNull());
  }

  @Test
  void withOneRunTheFilesHaveNoRoundColumns(@TempDir Path tmp) throws Exception {
    assertFalse(Report.csv(ROWS, Scale.quick()).contains("round"));
    assertFalse(Report.table(Experiment.CPU, ROWS, Scale.full(), MACHINE).contains("median"));
    Path f = tmp.resolve("r.json");
    Report.writeJson(ROWS, Scale.quick(), MACHINE, f);
    JsonNode root = new ObjectMapper().readTree(f.toFile());
    assertTrue(root.path("medians").isMissingNode());
    assertTrue(root.path("rows").get(0).path("round").isMissingNode());
  }

  @Test
  void chartIsAPng(@TempDir Path tmp) throws Exception {
    Path f = tmp.resolve("cpu.png");
    Report.writeChart(Experiment.CPU, ROWS, Scale.quick(), f);
    BufferedImage img = ImageIO.read(Files.newInputStream(f));
    assertNotNull(img);
    assertEquals(1000, img.getWidth());
  }
}
