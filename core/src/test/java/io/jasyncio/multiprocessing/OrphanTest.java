package io.jasyncio.multiprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** A parent JVM that exits, or is killed with SIGKILL, leaves no child JVM behind. */
@Timeout(180)
@EnabledIfSystemProperty(named = "jasyncio.engine", matches = "continuation")
class OrphanTest {
  /** The parent: a pool of two workers and a Process; prints their pids, then waits forever. */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("exit")) {
      normalExit();
      return;
    }
    Pool pool = new Pool(2);
    List<Long> pids = new ArrayList<>();
    for (int i = 0; i < 20 && new java.util.HashSet<>(pids).size() < 2; i++) {
      pids.add(pool.apply(() -> ProcessHandle.current().pid()));
    }
    pids.addAll(pool.workerPids());
    ProcessEvent never = new ProcessEvent();
    Process p = new Process(() -> never.await(null));
    p.start();
    pids.add(p.pid());
    System.out.println("pids " + pids.stream().distinct().map(String::valueOf).reduce((a, b) -> a + " " + b).orElseThrow());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }

  /** A daemon child that would wait forever and a non-daemon child released as main returns. */
  static void normalExit() {
    ProcessEvent never = new ProcessEvent();
    ProcessEvent release = new ProcessEvent();
    Process daemon = new Process(() -> never.await(null));
    daemon.setDaemon(true);
    Process worker =
        new Process(
            () -> {
              release.await(null);
              System.out.println("non-daemon child done");
            });
    daemon.start();
    worker.start();
    System.out.println("pids " + daemon.pid() + " " + worker.pid());
    System.out.flush();
    release.set();
  }

  private static List<String> command(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElseThrow());
    cmd.add("--add-exports");
    cmd.add("java.base/jdk.internal.vm=ALL-UNNAMED");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(OrphanTest.class.getName());
    cmd.addAll(List.of(args));
    return cmd;
  }

  @Test
  void atANormalExitDaemonChildrenStopAndOthersAreWaitedFor() throws Exception {
    java.lang.Process parent =
        new ProcessBuilder(command("exit")).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    List<String> lines;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
      lines = out.lines().toList(); // to the end: every holder of the pipe has exited
    }
    assertTrue(parent.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, parent.exitValue());
    assertEquals(2, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("pids "), lines.toString());
    assertEquals("non-daemon child done", lines.get(1));
    for (String pid : lines.get(0).substring(5).split(" ")) {
      assertFalse(
          ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false), pid);
    }
  }

  @Test
  void sigkillOfTheParentEndsItsChildren() throws Exception {
    java.lang.Process parent =
        new ProcessBuilder(command()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    List<Long> children = new ArrayList<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
      String line = out.readLine();
      assertTrue(line != null && line.startsWith("pids "), String.valueOf(line));
      Arrays.stream(line.substring(5).split(" ")).map(Long::valueOf).forEach(children::add);
      assertEquals(3, children.size(), line);
      for (long pid : children) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        assertTrue(h.isPresent() && h.get().isAlive(), "child " + pid + " runs");
        assertEquals(parent.pid(), h.get().parent().map(ProcessHandle::pid).orElse(-1L));
      }
      parent.toHandle().destroyForcibly(); // SIGKILL: no shutdown hook runs
      assertTrue(parent.waitFor(60, TimeUnit.SECONDS));
      assertEquals(137, parent.exitValue());
    }
    for (long pid : children) {
      Optional<ProcessHandle> h = ProcessHandle.of(pid);
      if (h.isPresent()) {
        h.get().onExit().get(60, TimeUnit.SECONDS);
      }
      assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "child " + pid);
    }
  }
}
