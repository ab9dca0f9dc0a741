package io.jasyncio.internal.engine;

import java.lang.System.Logger.Level;

/**
 * Chooses the engine once per JVM: {@code -Djasyncio.engine=continuation|virtual}; by default the
 * continuation engine when {@code jdk.internal.vm} is exported to us, else the virtual-thread
 * engine with one warning that names the missing flag.
 */
public final class Engines {
  /** The JVM option that enables the continuation engine on the class path. */
  public static final String EXPORT_FLAG = "--add-exports java.base/jdk.internal.vm=ALL-UNNAMED";

  /** The JVM option that enables it when jasyncio runs as the named module io.jasyncio. */
  public static final String MODULE_EXPORT_FLAG =
      "--add-exports java.base/jdk.internal.vm=io.jasyncio";

  private static final Engine ENGINE = choose(System.getProperty("jasyncio.engine", ""));

  private Engines() {}

  /** The engine of this JVM. */
  public static Engine get() {
    return ENGINE;
  }

  /** The engine that {@code -Djasyncio.engine=wanted} selects (empty: the default choice). */
  static Engine choose(String wanted) {
    wanted = wanted.trim();
    switch (wanted) {
      case "virtual":
        return new VirtualThreadEngine();
      case "continuation":
        if (ContinuationEngine.unavailability() != null) {
          throw new IllegalStateException(
              "-Djasyncio.engine=continuation needs the JVM option "
                  + exportFlag(Engines.class.getModule().getName()),
              ContinuationEngine.unavailability());
        }
        return new ContinuationEngine();
      case "":
        if (ContinuationEngine.unavailability() == null) {
          return new ContinuationEngine();
        }
        System.getLogger("io.jasyncio")
            .log(Level.WARNING, fallbackWarning(Engines.class.getModule().getName()));
        return new VirtualThreadEngine();
      default:
        throw new IllegalArgumentException(
            "-Djasyncio.engine must be 'continuation' or 'virtual', not '" + wanted + "'");
    }
  }

  /**
   * The flag that exports jdk.internal.vm to jasyncio: to the module {@code moduleName} on the
   * module path, to ALL-UNNAMED on the class path ({@code moduleName} null).
   */
  static String exportFlag(String moduleName) {
    return moduleName == null ? EXPORT_FLAG : "--add-exports java.base/jdk.internal.vm=" + moduleName;
  }

  /** The warning of the fallback, naming first the flag that applies here, then the other. */
  static String fallbackWarning(String moduleName) {
    String where =
        moduleName == null
            ? " (jasyncio is on the class path; on the module path: " + MODULE_EXPORT_FLAG + ")"
            : " (jasyncio is the module " + moduleName + "; on the class path: " + EXPORT_FLAG + ")";
    return "jasyncio: jdk.internal.vm is not exported to jasyncio; using the slower virtual-thread"
        + " engine. Run the JVM with "
        + exportFlag(moduleName)
        + where
        + " for the continuation engine.";
  }
}
