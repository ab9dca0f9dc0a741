package io.jasyncio.multiprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A parent that runs on the module path: its workers start on the module path too, with the
 * parent's {@code --add-exports} flags, and run a lambda of the application's own (named, not open)
 * module. No loop: one engine.
 */
@Timeout(180)
@EnabledIfSystemProperty(named = "jasyncio.engine", matches = "continuation")
class ModulePathTest {
  static final String MAIN =
      """
      package app;

      import io.jasyncio.multiprocessing.ProcessPoolExecutor;
      import io.jasyncio.multiprocessing.SerializableCallable;

      public final class Main {
        public static void main(String[] args) throws Exception {
          String tag = "from " + Main.class.getModule().getName();
          SerializableCallable<String> probe =
              () -> tag
                  + "|lambda module=" + Main.class.getModule().getName()
                  + "|jasyncio module=" + ProcessPoolExecutor.class.getModule().getName()
                  + "|args=" + String.join(" ", ProcessHandle.current().info().arguments().orElseThrow());
          try (ProcessPoolExecutor pool = new ProcessPoolExecutor(1)) {
            System.out.println("RESULT " + pool.submit(probe).get());
          }
        }
      }
      """;

  @Test
  void workersOfAModularParentRunOnTheModulePath(@TempDir Path dir) throws Exception {
    Path core = Path.of(ProcessPoolExecutor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertTrue(Files.exists(core.resolve("module-info.class")), "core is built as a module: " + core);
    Path src = dir.resolve("src/app");
    Files.createDirectories(src.resolve("app"));
    Files.writeString(src.resolve("module-info.java"), "module app { requires io.jasyncio; }");
    Files.writeString(src.resolve("app/Main.java"), MAIN);
    Path out = dir.resolve("out/app");
    Path bin = Path.of(System.getProperty("java.home"), "bin");
    java.lang.Process javac =
        new ProcessBuilder(
                bin.resolve("javac").toString(), "-d", out.toString(), "--module-path",
                core.toString(), src.resolve("module-info.java").toString(),
                src.resolve("app/Main.java").toString())
            .redirectErrorStream(true)
            .start();
    String compiled = new String(javac.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(javac.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, javac.exitValue(), "the application module compiles: " + compiled);

    String java = bin.resolve("java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            java, "--add-exports", "java.base/jdk.internal.vm=io.jasyncio", "-XX:+UseSerialGC",
            "--module-path", core + File.pathSeparator + out, "-m", "app/app.Main");
    pb.redirectErrorStream(true);
    java.lang.Process p = pb.start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), output);
    String result =
        output.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow(() -> new AssertionError(output));
    List<String> parts = List.of(result.substring("RESULT ".length()).split("\\|"));
    assertEquals("from app", parts.get(0));
    assertEquals("lambda module=app", parts.get(1));
    assertEquals("jasyncio module=io.jasyncio", parts.get(2));
    String args = parts.get(3);
    assertTrue(args.contains("--add-exports java.base/jdk.internal.vm=io.jasyncio"), args);
    assertTrue(args.contains("--module-path"), args);
    assertTrue(args.contains("io.jasyncio/io.jasyncio.internal.process.ChildMain"), args);
  }
}
