package io.jasyncio.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C in the middle of a run: the tool (a JVM of its own, as a user runs it) gets SIGINT while
 * a CPython program runs and the stand-in for the web serves; it stops both, prints the rows that
 * finished and writes them, and leaves no child process behind. The CPython program is a stub
 * interpreter that says it runs, then waits for ever: the interrupt always finds it running.
 */
class InterruptTest {
  private static final String RUNNING = "STUB PROGRAM RUNNING";

  @Test
  void ctrlCStopsTheRunTheStandInAndEveryChildAndPrintsWhatFinished(@TempDir Path tmp)
      throws Exception {
    String printed = interrupt(tmp, """
        echo %s
        exec sleep 600
        """.formatted(RUNNING), List.of());
    assertTrue(printed.contains("Java    sequential"), printed);
    assertTrue(
        printed.contains("interrupted: stopping the stand-in for the web and every child"),
        printed);
    assertTrue(printed.contains("finished before the interrupt:"), printed);
    String table = printed.substring(printed.indexOf("finished before the interrupt:"));
    assertTrue(table.contains("== cpu: "), table);
    assertTrue(table.lines().anyMatch(l -> l.startsWith("sequential ")), table);
    List<String> csv = Files.readAllLines(tmp.resolve("out").resolve("results.csv"));
    assertTrue(csv.stream().anyMatch(l -> l.startsWith("cpu,sequential,Java,")), csv.toString());
  }

  /**
   * With {@code --repeat 3} the stub answers its first run (0.25 s) and hangs in its second: the
   * interrupt comes in round 2, after Java's run of it. The table shows round 1, the complete one;
   * the CSV has every finished run, round 2's Java run included.
   */
  @Test
  void ctrlCInARoundShowsTheCompleteRoundsAndWritesEveryFinishedRun(@TempDir Path tmp)
      throws Exception {
    Path counter = tmp.resolve("counter");
    String printed = interrupt(tmp, """
        n=$(( $(cat '%s' 2>/dev/null || echo 0) + 1 ))
        echo $n > '%s'
        if [ $n -gt 1 ]; then echo %s; exec sleep 600; fi
        echo "RESULT {\\"items\\": %d, \\"bytes\\": 0, \\"checksum\\": 1.5, \\"seconds\\": 0.25}"
        """.formatted(counter, counter, RUNNING, Scale.tiny().sumCalls()),
        List.of("--repeat", "3"));
    List<String> javaRuns = printed.lines().filter(l -> l.startsWith("  Java    sequential"))
        .toList();
    assertEquals(2, javaRuns.size(), printed);
    assertTrue(javaRuns.get(0).matches("  Java    sequential\\s+round 1/3\\s+\\d+\\.\\d\\d s"),
        javaRuns.get(0));
    assertTrue(javaRuns.get(1).contains(" round 2/3 "), javaRuns.get(1));
    assertTrue(printed.contains("  CPython sequential           round 1/3   0.25 s\n"), printed);
    String after = printed.substring(printed.indexOf("finished before the interrupt:"));
    assertTrue(after.contains("  cpu: round 2/3 was cut short; its table shows the 1 complete"
        + " round, results.csv every finished run\n"), after);
    String line = after.lines().filter(l -> l.startsWith("sequential ")).findFirst().orElseThrow();
    String round1 = javaRuns.get(0).replaceAll(".* (\\d+\\.\\d\\d) s$", "$1");
    assertTrue(
        line.matches("sequential\\s+one thread, blocking calls\\s+" + Pattern.quote(round1)
            + "\\s+1\\.00\\s+0\\.25\\s+1\\.00\\s+.*"),
        line);
    assertFalse(after.contains("median"), after);
    List<String> csv = Files.readAllLines(tmp.resolve("out").resolve("results.csv"));
    assertEquals(4, csv.size(), csv.toString());
    assertTrue(csv.get(1).startsWith("cpu,sequential,Java,"), csv.toString());
    assertTrue(csv.get(2).startsWith("cpu,sequential,CPython,"), csv.toString());
    assertTrue(csv.get(3).startsWith("cpu,sequential,Java,"), csv.toString());
    assertTrue(csv.get(3).contains(",2,2,"), csv.get(3)); // round 2, the second of 2 Java runs
  }

  /**
   * Runs the tool (cpu, tiny, sequential) in a JVM of its own with a stub interpreter that runs
   * {@code stubBody} (after answering the probe) and {@code more} arguments; sends it SIGINT once
   * the stub has printed {@link #RUNNING}; checks that the tool and its children end; returns what
   * the tool printed. Its files are in {@code tmp/out}.
   */
  private static String interrupt(Path tmp, String stubBody, List<String> more) throws Exception {
    Assumptions.assumeFalse(sigintIgnored(),
        "this JVM was started with SIGINT ignored (a background job?): no Ctrl-C reaches a child");
    Path stub = tmp.resolve("python-stub");
    Files.writeString(
        stub,
        "#!/bin/sh\n"
            + "if [ \"$1\" = \"-c\" ]; then echo 3.99; echo requests aiohttp; exit 0; fi\n"
            + stubBody);
    Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwx------"));
    Path out = tmp.resolve("out");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(
        List.of(
            "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED", "-Djava.awt.headless=true",
            "-cp", System.getProperty("java.class.path"), Experiments.class.getName(),
            "cpu", "--scale", "tiny", "--models", "sequential", "--verbose",
            "--python", stub.toString(), "--out", out.toString()));
    cmd.addAll(more);
    Process tool = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    StringBuilder text = new StringBuilder();
    CompletableFuture<Void> pythonRuns = new CompletableFuture<>();
    Thread reader = Thread.ofPlatform().daemon().start(() -> read(tool, text, pythonRuns));
    try {
      pythonRuns.get(180, TimeUnit.SECONDS);
      List<ProcessHandle> children = tool.descendants().toList();
      assertTrue(children.size() >= 2, "the stand-in and the stub run: " + children);

      Process kill =
          new ProcessBuilder("kill", "-INT", Long.toString(tool.pid())).inheritIO().start();
      assertTrue(kill.waitFor(30, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -INT");
      assertTrue(tool.waitFor(120, TimeUnit.SECONDS), "the tool ends after Ctrl-C");
      reader.join(TimeUnit.SECONDS.toMillis(30));
      for (ProcessHandle child : children) {
        child.onExit().get(30, TimeUnit.SECONDS);
        assertFalse(child.isAlive(), child + " outlived the tool");
      }
      synchronized (text) {
        return text.toString();
      }
    } finally {
      tool.descendants().forEach(ProcessHandle::destroyForcibly);
      tool.destroyForcibly();
    }
  }

  private static void read(Process tool, StringBuilder text, CompletableFuture<Void> pythonRuns) {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(tool.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        synchronized (text) {
          text.append(line).append('\n');
        }
        if (line.contains(RUNNING)) {
          pythonRuns.complete(null);
        }
      }
    } catch (IOException e) {
      pythonRuns.completeExceptionally(e);
    }
    pythonRuns.completeExceptionally(new IllegalStateException("the tool ended first: " + text));
  }

  /**
   * Whether this JVM was started with SIGINT ignored (from {@code SigIgn} of /proc/self/status, as
   * in a background job of a non-interactive shell): a child inherits that; no Ctrl-C reaches it.
   */
  static boolean sigintIgnored() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.isReadable(status)) {
      return false;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << (2 - 1))) != 0;
      }
    }
    return false;
  }
}
