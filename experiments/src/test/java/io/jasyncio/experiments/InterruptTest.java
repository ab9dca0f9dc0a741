package io.jasyncio.experiments;

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
    Assumptions.assumeFalse(sigintIgnored(),
        "this JVM was started with SIGINT ignored (a background job?): no Ctrl-C reaches a child");
    Path stub = tmp.resolve("python-stub");
    Files.writeString(
        stub,
        """
        #!/bin/sh
        if [ "$1" = "-c" ]; then echo 3.99; echo requests aiohttp; exit 0; fi
        echo %s
        exec sleep 600
        """
            .formatted(RUNNING));
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
      String printed;
      synchronized (text) {
        printed = text.toString();
      }
      assertTrue(printed.contains("Java    sequential"), printed);
      assertTrue(
          printed.contains("interrupted: stopping the stand-in for the web and every child"),
          printed);
      assertTrue(printed.contains("finished before the interrupt:"), printed);
      String table = printed.substring(printed.indexOf("finished before the interrupt:"));
      assertTrue(table.contains("== cpu: "), table);
      assertTrue(table.lines().anyMatch(l -> l.startsWith("sequential ")), table);
      List<String> csv = Files.readAllLines(out.resolve("results.csv"));
      assertTrue(csv.stream().anyMatch(l -> l.startsWith("cpu,sequential,Java,")), csv.toString());
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
