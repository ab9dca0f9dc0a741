package io.jasyncio.experiments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The machine the figures come from: cores, CPU, operating system, JDK, and the CPython used.
 *
 * <p><b>Threads.</b> Immutable.
 *
 * {@snippet class=io.jasyncio.experiments.ExperimentsSnippetsTest region=machine}
 *
 * @param cores available processors
 * @param cpu the CPU's model name, or "unknown"
 * @param os operating system and version
 * @param jdk the JDK's version and vendor
 * @param python the CPython version, or null when none was usable
 */
public record Machine(int cores, String cpu, String os, String jdk, String python) {
  /** This machine, with the given CPython version (null for none). */
  public static Machine here(String pythonVersionOrNull) {
    return new Machine(
        Runtime.getRuntime().availableProcessors(),
        cpuModel(),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
            + System.getProperty("os.arch"),
        "JDK " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")",
        pythonVersionOrNull);
  }

  private static String cpuModel() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (l.startsWith("model name")) {
          return l.substring(l.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: say so below
    }
    return "unknown";
  }

  /** One line for the tables. */
  public String line() {
    return cores + " cores (" + cpu + "), " + os + ", " + jdk + ", "
        + (python == null ? "no CPython" : "CPython " + python);
  }

  /** As a map for the JSON file. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cores", cores);
    m.put("cpu", cpu);
    m.put("os", os);
    m.put("jdk", jdk);
    m.put("python", python);
    return m;
  }
}
