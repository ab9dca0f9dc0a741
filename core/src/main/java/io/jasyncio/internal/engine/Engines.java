package io.jasyncio.internal.engine;

import java.lang.System.Logger.Level;

/**
 * Chooses the engine once per JVM: {@code -Djasyncio.engine=continuation|virtual}; by default the
 * continuation engine when {@code jdk.internal.vm} is exported to us, else the virtual-thread
 * engine with one warning that names the missing flag.
 */
public final class Engines {
  /** The JVM option that enables the continuation engine. */
  public static final String EXPORT_FLAG = "--add-exports java.base/jdk.internal.vm=ALL-UNNAMED";

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
              "-Djasyncio.engine=continuation needs the JVM option " + EXPORT_FLAG,
              ContinuationEngine.unavailability());
        }
        return new ContinuationEngine();
      case "":
        if (ContinuationEngine.unavailability() == null) {
          return new ContinuationEngine();
        }
        System.getLogger("io.jasyncio")
            .log(
                Level.WARNING,
                "jasyncio: jdk.internal.vm is not exported; using the slower virtual-thread engine."
                    + " Run the JVM with "
                    + EXPORT_FLAG
                    + " for the continuation engine.");
        return new VirtualThreadEngine();
      default:
        throw new IllegalArgumentException(
            "-Djasyncio.engine must be 'continuation' or 'virtual', not '" + wanted + "'");
    }
  }
}
