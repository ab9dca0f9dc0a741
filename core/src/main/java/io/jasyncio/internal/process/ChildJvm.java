package io.jasyncio.internal.process;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Starts a child JVM with this JVM's {@code java}, class path, module path, {@code --add-exports}
 * (and similar) flags and {@code jasyncio.*} system properties, plus the given options. The child
 * shares this JVM's stdout and stderr; its stdin is a pipe that carries the broker's address, the
 * one-time key, the role and the name, and then stays open: the child ends as soon as it closes
 * (this JVM died, or let the child go).
 */
public final class ChildJvm {
  private ChildJvm() {}

  /** Options that take the next argument as their value and must reach the child. */
  private static final Set<String> PASSED_WITH_VALUE =
      Set.of("--add-exports", "--add-opens", "--add-modules", "--add-reads", "--patch-module",
          "--enable-native-access", "--limit-modules", "--upgrade-module-path");

  /** Options without a value that must reach the child. */
  private static final Set<String> PASSED_ALONE = Set.of("--enable-preview");

  /** Options whose value is the next argument, skipped (the child gets its own). */
  private static final Set<String> SKIPPED_WITH_VALUE =
      Set.of("-cp", "-classpath", "--class-path", "-p", "--module-path");

  /**
   * Options jasyncio gives every child before the caller's: a small, fast-starting JVM (one GC
   * thread, no perf-data file). The JDK's default CDS archive is on by default; no -Xshare flag
   * is given, so that a caller may add an AOT cache ({@code -XX:AOTCache=...}).
   */
  public static final List<String> DEFAULT_OPTIONS = List.of("-XX:+UseSerialGC", "-XX:-UsePerfData");

  /** Starts a child with the given role ("worker", "process") and name. */
  public static Process start(
      String role, String name, Broker broker, byte[] key, List<String> jvmOptions)
      throws IOException {
    List<String> flags = inheritedFlags();
    String classPath = System.getProperty("java.class.path", "");
    String modulePath = System.getProperty("jdk.module.path", "");
    Path launcher = WorkerArchive.launcher(flags, jvmOptions, classPath, modulePath);
    if (launcher != null) {
      flags = withoutEngineExport(flags);
    }
    List<String> options = new ArrayList<>(flags);
    if (launcher != null) {
      options.add("-jar");
      options.add(launcher.toString());
    }
    options.addAll(DEFAULT_OPTIONS);
    options.addAll(jvmOptions);
    WorkerArchive.Plan archive = WorkerArchive.plan(role, options, classPath, modulePath, launcher);
    ProcessBuilder pb =
        new ProcessBuilder(command(flags, archive.options(), jvmOptions, launcher, classPath));
    pb.redirectOutput(ProcessBuilder.Redirect.INHERIT);
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.redirectInput(ProcessBuilder.Redirect.PIPE);
    Process p;
    try {
      p = pb.start();
    } catch (IOException | RuntimeException e) {
      archive.failed();
      throw e;
    }
    p = archive.started(p);
    OutputStream stdin = p.getOutputStream();
    String header =
        broker.address() + "\n" + Broker.hex(key) + "\n" + role + "\n" + name + "\n";
    try {
      stdin.write(header.getBytes(StandardCharsets.UTF_8));
      stdin.flush();
    } catch (IOException e) {
      p.destroyForcibly();
      throw e;
    }
    return p;
  }

  /**
   * The property that gives a child started through a launcher jar the parent's class path: the
   * child sets {@code java.class.path} to it (its own is the launcher jar's), then clears it.
   */
  static final String CLASS_PATH_PROPERTY = "jasyncio.internal.classPath";

  /** The export the continuation engine needs, as the launcher jar's manifest gives it instead. */
  static final String ENGINE_EXPORT = "java.base/jdk.internal.vm=ALL-UNNAMED";

  /** {@code flags} without the engine's {@code --add-exports} (in either spelling). */
  static List<String> withoutEngineExport(List<String> flags) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < flags.size(); i++) {
      String f = flags.get(i);
      if (f.equals("--add-exports") && i + 1 < flags.size() && flags.get(i + 1).equals(ENGINE_EXPORT)) {
        i++;
      } else if (!f.equals("--add-exports=" + ENGINE_EXPORT)) {
        out.add(f);
      }
    }
    return out;
  }

  /** Whether {@code flags} hold exactly one {@code --add-exports}, the engine's, and no other module flag. */
  static boolean onlyEngineExport(List<String> flags) {
    int exports = 0;
    for (int i = 0; i < flags.size(); i++) {
      String f = flags.get(i);
      if (f.equals("--add-exports") && i + 1 < flags.size() && flags.get(i + 1).equals(ENGINE_EXPORT)) {
        exports++;
        i++;
      } else if (f.equals("--add-exports=" + ENGINE_EXPORT)) {
        exports++;
      } else if (f.startsWith("--")) {
        return false; // another module flag: the child gets the command line as it was
      }
    }
    return exports == 1;
  }

  /**
   * The whole command line of a child: the inherited flags, jasyncio's properties and options, the
   * archive options, then the caller's options (the JVM takes the last of repeated options, so the
   * caller's win).
   */
  static List<String> command(List<String> flags, List<String> archive, List<String> jvmOptions,
      Path launcherOrNull, String classPath) {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaExecutable());
    cmd.addAll(flags);
    for (Map.Entry<Object, Object> e : System.getProperties().entrySet()) {
      String k = String.valueOf(e.getKey());
      if (k.startsWith("jasyncio.") && !k.equals(CLASS_PATH_PROPERTY)) {
        cmd.add("-D" + k + "=" + e.getValue());
      }
    }
    cmd.addAll(DEFAULT_OPTIONS);
    cmd.addAll(archive);
    cmd.addAll(jvmOptions);
    if (launcherOrNull != null) {
      cmd.add("-D" + CLASS_PATH_PROPERTY + "=" + classPath);
      cmd.add("-jar");
      cmd.add(launcherOrNull.toString());
      return cmd;
    }
    if (!classPath.isEmpty()) {
      cmd.add("-cp");
      cmd.add(classPath);
    }
    String mp = System.getProperty("jdk.module.path", "");
    if (!mp.isEmpty()) {
      cmd.add("--module-path");
      cmd.add(mp);
      cmd.add("--add-modules");
      cmd.add("ALL-MODULE-PATH");
    }
    Module m = ChildMain.class.getModule();
    if (m.isNamed()) {
      cmd.add("-m");
      cmd.add(m.getName() + "/" + ChildMain.class.getName());
    } else {
      cmd.add(ChildMain.class.getName());
    }
    return cmd;
  }

  /** This JVM's {@code java} and inherited flags, found once (they do not change). */
  private static volatile String javaExecutable;

  private static volatile List<String> inheritedFlags;

  static String javaExecutable() {
    String java = javaExecutable;
    if (java == null) {
      java = ProcessHandle.current()
          .info()
          .command()
          .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      javaExecutable = java;
    }
    return java;
  }

  /** The flags of this JVM's command line that a child needs to load the same code the same way. */
  static List<String> inheritedFlags() {
    List<String> flags = inheritedFlags;
    if (flags == null) {
      List<String> found = new ArrayList<>(inheritedFlags(currentArguments()));
      Module self = ChildJvm.class.getModule();
      if (!self.isNamed()
          && found.stream().noneMatch(f -> f.contains("jdk.internal.vm"))
          && Object.class.getModule().isExported("jdk.internal.vm", self)) {
        // exported by a launcher jar's manifest (a child started that way): children need it too
        found.add("--add-exports");
        found.add(ENGINE_EXPORT);
      }
      flags = List.copyOf(found);
      inheritedFlags = flags;
    }
    return flags;
  }

  /**
   * This JVM's arguments (without the {@code java} executable). Read from {@code
   * /proc/self/cmdline} where there is one: the JDK's {@code ProcessHandle.Info.arguments()} gives
   * nothing at all on Linux once the command line is longer than a page (a long class path), and
   * a child would then lose the parent's {@code --add-exports}.
   */
  static String[] currentArguments() {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc/self/cmdline"));
      if (raw.length > 0) {
        String[] all = new String(raw, StandardCharsets.UTF_8).split("\0");
        return Arrays.copyOfRange(all, 1, all.length);
      }
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      // not Linux: the JDK's view below
    }
    return ProcessHandle.current().info().arguments().orElse(new String[0]);
  }

  /** The flags among {@code args} (a JVM's arguments) that a child must be given too. */
  static List<String> inheritedFlags(String[] args) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-jar") || a.equals("-m") || a.equals("--module") || !a.startsWith("-")) {
        break; // the main class or jar: the program's own arguments follow
      }
      String opt = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
      if (PASSED_WITH_VALUE.contains(opt)) {
        out.add(a);
        if (!a.contains("=") && i + 1 < args.length) {
          out.add(args[++i]);
        }
      } else if (PASSED_ALONE.contains(a)) {
        out.add(a);
      } else if (SKIPPED_WITH_VALUE.contains(a)) {
        i++;
      }
    }
    return out;
  }
}
