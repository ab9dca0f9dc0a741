package io.jasyncio.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
  }
}
