package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.programs.SignalChild;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link EventLoop#addSignalHandler} and {@link Asyncio#run}'s Ctrl-C with real signals: each test
 * runs {@code programs.SignalChild} in a child JVM (same engine as this one), waits for its "ready", sends
 * signals with {@code kill}, and reads what the child says and how it exits.
 */
@Timeout(120)
class SignalHandlerTest {

  /**
   * The signals this JVM was started with ignored (from {@code SigIgn} of /proc/self/status): a
   * child inherits them, and the JVM can handle none of them (nohup ignores SIGHUP, a background job
   * of a non-interactive shell SIGINT). Empty where /proc is missing.
   */
  static List<Integer> ignoredSignals() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (l.startsWith("SigIgn:")) {
          long mask = Long.parseUnsignedLong(l.substring(7).trim(), 16);
          List<Integer> out = new ArrayList<>();
          for (int sig : new int[] {EventLoop.SIGHUP, EventLoop.SIGINT, EventLoop.SIGTERM}) {
            if ((mask & (1L << (sig - 1))) != 0) {
              out.add(sig);
            }
          }
          return out;
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return List.of();
  }

  @BeforeAll
  static void theSignalsAreNotIgnoredHere() {
    // A child started with a signal ignored can never see it: these tests would wait in vain.
    Assumptions.assumeTrue(ignoredSignals().isEmpty(),
        "this JVM was started with signals " + ignoredSignals() + " ignored (nohup?)");
  }

  /** A child JVM and its output, line by line; a line that does not come fails the test. */
  private static final class Child implements AutoCloseable {
    final java.lang.Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private static final String EOF = "\0eof";

    Child(List<String> command) throws IOException {
      process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      BufferedReader out =
          new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      Thread reader = new Thread(() -> {
        try (out) {
          String l;
          while ((l = out.readLine()) != null) {
            lines.add(l);
          }
        } catch (IOException e) {
          // the child is gone
        } finally {
          lines.add(EOF);
        }
      }, "child-output");
      reader.setDaemon(true);
      reader.start();
    }

    /** The next line, or null at the end of the output; fails after 60 s without one. */
    String line() throws InterruptedException {
      String l = lines.poll(60, TimeUnit.SECONDS);
      assertTrue(l != null, "the child said nothing for 60 s");
      return l == EOF ? null : l;
    }

    void kill(String signal) throws Exception {
      java.lang.Process k = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
          .inheritIO().start();
      assertEquals(0, k.waitFor());
    }

    /** The rest of the output, once the child has exited, and its exit status last. */
    List<String> rest() throws Exception {
      List<String> out = new ArrayList<>();
      for (String l = line(); l != null; l = line()) {
        out.add(l);
      }
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the child exits");
      out.add("exit " + process.exitValue());
      return out;
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }

  private static String engine() {
    return System.getProperty("jasyncio.engine", "continuation");
  }

  /** On the class path, as the tests run. */
  private static Child child(String mode) throws IOException {
    return new Child(childCommand(mode));
  }

  /** The command line of a {@code SignalChild} in {@code mode}. */
  private static List<String> childCommand(String mode) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElseThrow());
    cmd.add("--add-exports");
    cmd.add("java.base/jdk.internal.vm=ALL-UNNAMED");
    cmd.add("-Djasyncio.engine=" + engine());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(SignalChild.class.getName());
    cmd.add(mode);
    return cmd;
  }

  private static Child ready(Child c) throws Exception {
    assertEquals("ready", c.line());
    return c;
  }

  @Test
  void aSignalTheProcessWasStartedWithIgnoredIsRefusedWithAReason() throws Exception {
    Path nohup = Path.of("/usr/bin/nohup");
    Assumptions.assumeTrue(Files.isExecutable(nohup), "no /usr/bin/nohup to start a child with");
    List<String> cmd = new ArrayList<>();
    cmd.add(nohup.toString());
    cmd.addAll(childCommand("ignored"));
    try (Child c = new Child(cmd)) {
      assertEquals(
          List.of(
              "IllegalStateException: SIGHUP is ignored by this process (it was ignored when the JVM"
                  + " started, as under nohup or in a background job of a non-interactive shell):"
                  + " the JVM cannot handle it",
              "SIGTERM handler installed",
              "exit 0"),
          c.rest());
    }
  }

  @Test
  void eachHandlerRunsOnTheLoopForARealSignal() throws Exception {
    try (Child c = ready(child("handlers"))) {
      c.kill("HUP");
      assertEquals("signal 1 on the loop: true", c.line());
      c.kill("INT");
      assertEquals("signal 2 on the loop: true", c.line());
      c.kill("TERM");
      assertEquals(List.of("signal 15 on the loop: true", "done", "exit 0"), c.rest());
    }
  }

  @Test
  void ctrlCCancelsTheMainTaskRunsFinallyAndThrowsKeyboardInterrupt() throws Exception {
    try (Child c = ready(child("run"))) {
      c.kill("INT");
      assertEquals(List.of("finally block ran", "interrupted", "exit 130"), c.rest());
    }
  }

  @Test
  void aSecondCtrlCDuringTheCleanupStopsTheJvmAtOnce() throws Exception {
    try (Child c = ready(child("twice"))) {
      c.kill("INT");
      assertEquals("cleaning up", c.line());
      c.kill("INT");
      assertEquals(List.of("exit 130"), c.rest());
    }
  }

  @Test
  void aRemovedHandlerGivesTheSignalBackToTheJvm() throws Exception {
    try (Child c = child("removed")) {
      assertEquals("removed true", c.line());
      assertEquals("removed again false", c.line());
      assertEquals("ready", c.line());
      c.kill("INT");
      assertEquals(List.of("exit 130"), c.rest());
    }
  }

  @Test
  void sigtermWithoutAHandlerEndsTheJvmWithoutFinallyBlocks() throws Exception {
    try (Child c = ready(child("sigterm-default"))) {
      c.kill("TERM");
      assertEquals(List.of("exit 143"), c.rest());
    }
  }

  @Test
  void sigtermHandledAsCtrlCLetsTheMainTaskCleanUp() throws Exception {
    try (Child c = ready(child("sigterm-handled"))) {
      c.kill("TERM");
      assertEquals(List.of("finally block ran", "cancelled: SIGTERM", "exit 0"), c.rest());
    }
  }

  @Test
  void onTheModulePathNoFlagIsNeeded() throws Exception {
    // io.jasyncio as a named module (it requires jdk.unsupported for sun.misc.Signal); the child's
    // own class stays on the class path.
    String core = null;
    List<String> rest = new ArrayList<>();
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (core == null && Files.exists(Path.of(e, "io", "jasyncio", "Asyncio.class"))
          && Files.exists(Path.of(e, "module-info.class"))) {
        core = e;
      } else {
        rest.add(e);
      }
    }
    assertTrue(core != null, "core's classes are on the class path");
    List<String> cmd = List.of(
        ProcessHandle.current().info().command().orElseThrow(),
        "--add-exports", "java.base/jdk.internal.vm=io.jasyncio",
        "-Djasyncio.engine=" + engine(),
        "--module-path", core, "--add-modules", "io.jasyncio",
        "-cp", String.join(File.pathSeparator, rest),
        SignalChild.class.getName(), "run");
    try (Child c = ready(new Child(cmd))) {
      c.kill("INT");
      assertEquals(List.of("finally block ran", "interrupted", "exit 130"), c.rest());
    }
  }

  @Test
  void anUnknownSignalIsRefusedWithTheChoices() {
    try (EventLoop loop = EventLoop.create(Clock.virtual())) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> loop.addSignalHandler(9, () -> {}));
      assertEquals("signal 9 is not supported: addSignalHandler() handles SIGHUP (1), SIGINT (2)"
          + " and SIGTERM (15)", e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> loop.removeSignalHandler(0));
      NullPointerException n = assertThrows(NullPointerException.class,
          () -> loop.addSignalHandler(EventLoop.SIGHUP, null));
      assertEquals("callback", n.getMessage());
    }
  }

  @Test
  void fromAnotherThreadWhileTheLoopRunsItThrows() throws Exception {
    try (EventLoop loop = EventLoop.create(Clock.virtual())) {
      Throwable[] seen = new Throwable[2];
      loop.runUntilComplete(() -> {
        Asyncio.await(Asyncio.toThread(() -> {
          try {
            loop.addSignalHandler(EventLoop.SIGHUP, () -> {});
          } catch (IllegalStateException e) {
            seen[0] = e;
          }
          try {
            loop.removeSignalHandler(EventLoop.SIGHUP);
          } catch (IllegalStateException e) {
            seen[1] = e;
          }
          return null;
        }));
        return null;
      });
      assertEquals("addSignalHandler() must be called on the event loop's thread, or before the"
          + " loop runs (from another thread, use callSoonThreadsafe)", seen[0].getMessage());
      assertTrue(seen[1] instanceof IllegalStateException);
      assertFalse(loop.removeSignalHandler(EventLoop.SIGHUP), "nothing was added");
    }
  }

  @Test
  void aClosedLoopRefusesAndGivesItsHandlersBack() {
    EventLoop loop = EventLoop.create(Clock.virtual());
    loop.addSignalHandler(EventLoop.SIGHUP, () -> {});
    loop.close();
    assertThrows(IllegalStateException.class, () -> loop.addSignalHandler(EventLoop.SIGHUP, () -> {}));
    try (EventLoop other = EventLoop.create(Clock.virtual())) {
      assertFalse(other.removeSignalHandler(EventLoop.SIGHUP));
    }
  }
}
