package io.jasyncio.multiprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data archive of worker JVMs: a parent on a class path of jars records one with its first
 * pool, uses it for later workers, keys it by the class path, replaces a corrupt one, and prints
 * nothing about it. Each case runs a parent JVM of its own (on jars made from this build); no loop:
 * one engine.
 */
@Timeout(300)
@EnabledOnOs(OS.LINUX)
@EnabledIfSystemProperty(named = "jasyncio.engine", matches = "continuation")
class WorkerArchiveTest {
  static final String MAIN =
      """
      package app;

      import io.jasyncio.multiprocessing.Pool;
      import java.lang.management.ManagementFactory;

      public final class Main {
        public static void main(String[] args) {
          Pool pool = new Pool(1);
          String archive = pool.apply(() -> String.join(" ",
              ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                  .filter(a -> a.startsWith("-XX:") && a.contains("Archive")).toList()));
          System.out.println("WORKER [" + archive + "]");
          String parentClassPath = System.getProperty("java.class.path");
          System.out.println("CHILD " + pool.apply(() ->
              Object.class.getModule().isExported("jdk.internal.vm", Main.class.getModule())
                  + " " + System.getProperty("java.class.path").equals(parentClassPath)
                  + " " + (System.getProperty("jasyncio.internal.classPath") == null)));
          if (args.length > 0) { // hold the pool until killed
            System.out.println("PID " + pool.workerPids().get(0));
            System.out.flush();
            while (true) {
              try {
                System.in.read();
              } catch (java.io.IOException e) {
                return;
              }
            }
          }
          pool.close();
          pool.join();
          System.out.println("DONE");
        }
      }
      """;

  /** A pool of three workers: how many of them record the archive, how many map it. */
  static final String WIDE =
      """
      package app;

      import io.jasyncio.multiprocessing.Pool;
      import java.nio.charset.StandardCharsets;
      import java.nio.file.Files;
      import java.nio.file.Path;

      public final class Wide {
        public static void main(String[] args) throws Exception {
          Pool pool = new Pool(3);
          int recording = 0;
          int mapping = 0;
          for (long pid : pool.workerPids()) {
            String command = new String(
                Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8);
            recording += command.contains("-XX:ArchiveClassesAtExit=") ? 1 : 0;
            mapping += command.contains("-XX:SharedArchiveFile=") ? 1 : 0;
          }
          System.out.println("WORKERS " + pool.workerPids().size() + " RECORDING " + recording
              + " MAPPING " + mapping + " RESULT " + pool.apply(() -> 6 * 7));
          pool.close();
          pool.join();
          System.out.println("DONE");
        }
      }
      """;

  @TempDir static Path jars;
  static Path coreJar;
  static Path appJar;
  static Path extraJar;
  static Path bin = Path.of(System.getProperty("java.home"), "bin");

  @BeforeAll
  static void makeJars() throws Exception {
    Path classes = Path.of(Pool.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    coreJar = jars.resolve("core.jar");
    run(bin.resolve("jar").toString(), "--create", "--file", coreJar.toString(), "-C",
        classes.toString(), ".");
    Path src = jars.resolve("src/app/Main.java");
    Files.createDirectories(src.getParent());
    Files.writeString(src, MAIN);
    Path wide = jars.resolve("src/app/Wide.java");
    Files.writeString(wide, WIDE);
    Path out = jars.resolve("app-classes");
    run(bin.resolve("javac").toString(), "-d", out.toString(), "-cp", coreJar.toString(),
        src.toString(), wide.toString());
    appJar = jars.resolve("app.jar");
    run(bin.resolve("jar").toString(), "--create", "--file", appJar.toString(), "-C",
        out.toString(), ".");
    Path extra = jars.resolve("extra-classes");
    Files.createDirectories(extra);
    Files.writeString(extra.resolve("note.txt"), "another jar on the class path");
    extraJar = jars.resolve("extra.jar");
    run(bin.resolve("jar").toString(), "--create", "--file", extraJar.toString(), "-C",
        extra.toString(), ".");
  }

  static String run(String... command) throws Exception {
    java.lang.Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(240, TimeUnit.SECONDS), "ended: " + String.join(" ", command));
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  /** Runs the application as a parent JVM; returns the archive options its worker had. */
  static String parent(Path cache, List<Path> classPath, String... properties) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(bin.resolve("java").toString(),
        "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED", "-XX:+UseSerialGC",
        "-Djasyncio.workerArchive.dir=" + cache));
    cmd.addAll(List.of(properties));
    cmd.add("-cp");
    cmd.add(String.join(File.pathSeparator, classPath.stream().map(Path::toString).toList()));
    cmd.add("app.Main");
    String out = run(cmd.toArray(String[]::new));
    List<String> lines = out.lines().toList();
    // nothing but the program's own lines: no word from the JVM about its archive
    assertEquals(3, lines.size(), out);
    assertTrue(lines.get(0).startsWith("WORKER ["), out);
    // the worker has the engine's export and the parent's class path, however it was started
    assertEquals("CHILD true true true", lines.get(1), out);
    assertEquals("DONE", lines.get(2), out);
    assertEquals(List.of(), files(cache, ".tmp"), "no temporary file is left");
    return lines.get(0).substring("WORKER [".length(), lines.get(0).length() - 1);
  }

  static List<Path> files(Path dir, String suffix) throws Exception {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(f -> f.toString().endsWith(suffix)).sorted().toList();
    }
  }

  static String key(Path archive) {
    return archive.getFileName().toString().split("\\.")[0];
  }

  static long crc(Path f) throws Exception {
    CRC32 crc = new CRC32();
    crc.update(Files.readAllBytes(f));
    return crc.getValue();
  }

  @Test
  void theFirstPoolRecordsTheArchiveAndLaterWorkersUseIt(@TempDir Path tmp) throws Exception {
    Path cache = tmp.resolve("cache");
    List<Path> cp = List.of(coreJar, appJar);
    String first = parent(cache, cp);
    assertTrue(first.startsWith("-XX:ArchiveClassesAtExit="), first);
    List<Path> archives = files(cache, ".jsa");
    assertEquals(1, archives.size(), "one archive after the first pool: " + archives);
    Path archive = archives.get(0);
    assertEquals(Long.parseLong(archive.getFileName().toString().split("\\.")[1], 16), crc(archive));
    assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(cache)));

    String second = parent(cache, cp);
    assertEquals("-XX:SharedArchiveFile=" + archive, second);
    assertEquals(archives, files(cache, ".jsa"), "the same archive, reused");

    // another class path: another key, another archive; the first stays
    String third = parent(cache, List.of(coreJar, appJar, extraJar));
    assertTrue(third.startsWith("-XX:ArchiveClassesAtExit="), third);
    List<Path> both = files(cache, ".jsa");
    assertEquals(2, both.size(), both.toString());
    assertNotEquals(key(both.get(0)), key(both.get(1)));
    assertTrue(both.contains(archive));
  }

  /**
   * Of the first pool's three workers exactly one records the archive (the others start without
   * one), and every worker of the next pool maps it.
   */
  @Test
  void ofAPoolsThreeWorkersExactlyOneRecordsTheArchive(@TempDir Path tmp)
      throws Exception {
    Path cache = tmp.resolve("cache");
    String[] command = {bin.resolve("java").toString(),
        "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED", "-XX:+UseSerialGC",
        "-Djasyncio.workerArchive.dir=" + cache,
        "-cp", coreJar + File.pathSeparator + appJar, "app.Wide"};
    assertEquals("WORKERS 3 RECORDING 1 MAPPING 0 RESULT 42\nDONE\n", run(command));
    List<Path> archives = files(cache, ".jsa");
    assertEquals(1, archives.size(), archives.toString());
    assertEquals("WORKERS 3 RECORDING 0 MAPPING 3 RESULT 42\nDONE\n", run(command));
    assertEquals(archives, files(cache, ".jsa"), "the same archive, mapped by all three");
    assertEquals(List.of(), files(cache, ".tmp"), "no temporary file is left");
  }

  @Test
  void aCorruptArchiveIsReplacedAndThePoolStillWorks(@TempDir Path tmp) throws Exception {
    Path cache = tmp.resolve("cache");
    List<Path> cp = List.of(coreJar, appJar);
    parent(cache, cp);
    Path archive = files(cache, ".jsa").get(0);
    long size = Files.size(archive);
    try (var ch = Files.newByteChannel(archive, StandardOpenOption.WRITE)) {
      ch.position(size / 2);
      ch.write(java.nio.ByteBuffer.wrap(new byte[4096]));
    }
    String again = parent(cache, cp);
    assertTrue(again.startsWith("-XX:ArchiveClassesAtExit="), "recorded anew: " + again);
    List<Path> now = files(cache, ".jsa");
    assertEquals(1, now.size(), now.toString());
    Path fresh = now.get(0);
    assertEquals(key(archive), key(fresh));
    assertEquals(Long.parseLong(fresh.getFileName().toString().split("\\.")[1], 16), crc(fresh));
    assertEquals("-XX:SharedArchiveFile=" + fresh, parent(cache, cp));
  }

  /**
   * A parent killed while its worker records: the worker ends at once, without writing the archive
   * (which would keep it alive after its parent).
   */
  @Test
  void aRecordingWorkerWhoseParentIsKilledEndsWithoutWritingTheArchive(@TempDir Path tmp)
      throws Exception {
    Path cache = tmp.resolve("cache");
    java.lang.Process parent = new ProcessBuilder(bin.resolve("java").toString(),
            "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
            "-Djasyncio.workerArchive.dir=" + cache,
            "-cp", coreJar + File.pathSeparator + appJar, "app.Main", "hold")
        .redirectErrorStream(true)
        .start();
    var out = new java.io.BufferedReader(
        new java.io.InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
    String worker = out.readLine();
    assertTrue(worker != null && worker.startsWith("WORKER [-XX:ArchiveClassesAtExit="), worker);
    String childLine = out.readLine();
    assertEquals("CHILD true true true", childLine);
    String pidLine = out.readLine();
    assertTrue(pidLine != null && pidLine.startsWith("PID "), pidLine);
    ProcessHandle child = ProcessHandle.of(Long.parseLong(pidLine.substring(4))).orElseThrow();
    parent.destroyForcibly();
    assertTrue(parent.waitFor(60, TimeUnit.SECONDS));
    child.onExit().get(120, TimeUnit.SECONDS);
    assertTrue(!child.isAlive());
    assertEquals(List.of(), files(cache, ".tmp"), "the worker wrote no archive after its parent died");
    assertEquals(List.of(), files(cache, ".jsa"));
  }

  /**
   * On a class path of jars the parent starts a child through a launcher jar whose manifest gives
   * the engine's export (the JDK keeps its archived module graph then), not with {@code
   * --add-exports} on the command line; off, the command line is as before.
   */
  @Test
  void aChildOnJarsIsStartedThroughTheLauncherJar(@TempDir Path tmp) throws Exception {
    Path cache = tmp.resolve("cache");
    parent(cache, List.of(coreJar, appJar));
    List<Path> launchers = files(cache, ".jar");
    assertEquals(1, launchers.size(), launchers.toString());
    assertTrue(launchers.get(0).getFileName().toString().startsWith("launcher-"));
    try (var jar = new java.util.jar.JarFile(launchers.get(0).toFile())) {
      var attributes = jar.getManifest().getMainAttributes();
      assertEquals("io.jasyncio.internal.process.ChildMain", attributes.getValue("Main-Class"));
      assertEquals("java.base/jdk.internal.vm", attributes.getValue("Add-Exports"));
      assertEquals(coreJar.toUri().toASCIIString() + " " + appJar.toUri().toASCIIString(),
          attributes.getValue("Class-Path"));
    }
  }

  @Test
  void offByProperty(@TempDir Path tmp) throws Exception {
    Path cache = tmp.resolve("cache");
    assertEquals("", parent(cache, List.of(coreJar, appJar), "-Djasyncio.workerArchive=false"));
    assertEquals(List.of(), files(cache, ".jsa"));
    assertEquals(List.of(), files(cache, ".jar"), "no launcher jar either");
  }

  /** A jar whose manifest names more of the class path (as a test runner's does): no archive. */
  @Test
  void aJarWithAManifestClassPathMeansNoArchive(@TempDir Path tmp) throws Exception {
    Path manifest = tmp.resolve("MANIFEST.MF");
    Files.writeString(manifest, "Manifest-Version: 1.0\nClass-Path: " + appJar.toUri() + "\n");
    Path pointer = tmp.resolve("pointer.jar");
    run(bin.resolve("jar").toString(), "--create", "--file", pointer.toString(), "--manifest",
        manifest.toString());
    Path cache = tmp.resolve("cache");
    assertEquals("", parent(cache, List.of(coreJar, pointer)));
    assertEquals(List.of(), files(cache, ".jsa"));
    assertEquals(List.of(), files(cache, ".jar"));
  }

  @Test
  void aClassDirectoryOnTheClassPathMeansNoArchive(@TempDir Path tmp) throws Exception {
    Path cache = tmp.resolve("cache");
    assertEquals("", parent(cache, List.of(coreJar, jars.resolve("app-classes"))));
    assertEquals(List.of(), files(cache, ".jsa"));
    assertEquals(List.of(), files(cache, ".jar"));
  }
}
