package io.jasyncio.internal.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Which of the parent's flags a child JVM is given. */
@Timeout(120)
class ChildJvmTest {
  @Test
  void flagsThatLoadCodeTheSameWayAreKeptAndTheClassPathIsLeftToTheChild() {
    String[] args = {
      "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "-cp", "/a.jar:/b.jar",
      "-Xmx1g",
      "--enable-preview",
      "--module-path", "/mods",
      "com.example.Main", "--add-exports", "ignored-program-argument"
    };
    assertEquals(
        List.of(
            "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--enable-preview"),
        ChildJvm.inheritedFlags(args));
  }

  /**
   * A parent whose command line is longer than a page (a long class path, as a tool with many
   * dependencies has) still hands its {@code --add-exports} on: the JDK's own view of the
   * arguments is empty then.
   */
  @Test
  @EnabledOnOs(OS.LINUX)
  void aParentWithAVeryLongClassPathStillPassesItsFlagsOn() throws Exception {
    List<String> padding = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      padding.add("/nonexistent/padding/entry/number/" + i + "/library.jar");
    }
    String cp = System.getProperty("java.class.path") + File.pathSeparator
        + String.join(File.pathSeparator, padding);
    assertTrue(cp.length() > 10_000, "the command line must pass a page");
    Process p = new ProcessBuilder(
            ChildJvm.javaExecutable(),
            "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
            "-cp", cp,
            PrintInheritedFlags.class.getName())
        .redirectErrorStream(true)
        .start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    assertEquals("[--add-exports, java.base/jdk.internal.vm=ALL-UNNAMED]", out);
  }

  /** The child of the test above: prints the flags its own children would be given. */
  public static final class PrintInheritedFlags {
    public static void main(String[] args) {
      System.out.println(ChildJvm.inheritedFlags());
    }
  }
}
