package io.jasyncio.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The reference program {@code cancel-on-interrupt} as a user runs it ({@code ./jasyncio examples
 * cancel-on-interrupt}), in a child JVM, with a real Ctrl-C ({@code kill -INT}): its SIGINT
 * handler on the loop cancels the three tasks, their finally blocks run, and it exits normally.
 */
@Timeout(120)
class CancelOnInterruptSignalTest {
  @Test
  void aRealCtrlCCancelsEveryTaskAndTheirFinallyBlocksRun() throws Exception {
    Assumptions.assumeFalse(sigintIgnored(),
        "this JVM was started with SIGINT ignored (a background job?): no Ctrl-C reaches a child");
    List<String> cmd = List.of(
        ProcessHandle.current().info().command().orElseThrow(),
        "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
        "-Djasyncio.engine=" + System.getProperty("jasyncio.engine", "continuation"),
        "-cp", System.getProperty("java.class.path"),
        Examples.class.getName(), "cancel-on-interrupt");
    java.lang.Process p =
        new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      List<String> first = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        first.add(out.readLine());   // each task has printed its first number: the handler is in
      }
      assertEquals(List.of("cal-list-1:999", "cal-list-2:998", "cal-list-3:997"), first);
      java.lang.Process kill =
          new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start();
      assertEquals(0, kill.waitFor());
      List<String> rest = out.lines().toList();
      assertTrue(p.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue());
      assertEquals(
          List.of(
              "interrupted: cancelling 3 tasks",
              "cal-list-1.cancel() -> true",
              "cal-list-2.cancel() -> true",
              "cal-list-3.cancel() -> true",
              "cal-list-1: finally block ran",
              "cal-list-2: finally block ran",
              "cal-list-3: finally block ran",
              "cal-list-1 was cancelled",
              "cal-list-2 was cancelled",
              "cal-list-3 was cancelled"),
          rest.subList(rest.indexOf("interrupted: cancelling 3 tasks"), rest.size()));
    } finally {
      p.destroyForcibly();
    }
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
