package io.jasyncio.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

  @Test
  void chartIsAPng(@TempDir Path tmp) throws Exception {
    Path f = tmp.resolve("cpu.png");
    Report.writeChart(Experiment.CPU, ROWS, Scale.quick(), f);
    BufferedImage img = ImageIO.read(Files.newInputStream(f));
    assertNotNull(img);
    assertEquals(1000, img.getWidth());
  }
}
