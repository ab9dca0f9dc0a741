package io.jasyncio.cluster;

import java.util.ArrayList;
import java.util.List;

/** The JVM options of a member started by {@link LocalCluster}. */
final class MemberJvm {
  private MemberJvm() {}

  /**
   * Hazelcast's requested access to JDK internals (it warns and runs slower without it), the
   * continuation engine's export, a quiet Unsafe (JDK 24+ warns when Hazelcast's shaded JCTools
   * calls it), a small serial-GC heap (members of a local cluster share the machine), and this
   * JVM's engine choice.
   */
  static List<String> flags(boolean onModulePath) {
    String hz = onModulePath ? "com.hazelcast.core" : "ALL-UNNAMED";
    String core = onModulePath ? "io.jasyncio" : "ALL-UNNAMED";
    List<String> f = new ArrayList<>();
    f.add("--add-modules");
    // On the module path the caller's own modules (its task classes) must be resolved too.
    f.add(onModulePath ? "java.se,jdk.unsupported,jdk.net,ALL-MODULE-PATH" : "java.se");
    for (String opens :
        List.of(
            "java.base/java.lang",
            "java.base/sun.nio.ch",
            "java.management/sun.management",
            "jdk.management/com.sun.management.internal")) {
      f.add("--add-opens");
      f.add(opens + "=" + hz);
    }
    f.add("--add-exports");
    f.add("java.base/jdk.internal.ref=" + hz);
    f.add("--add-exports");
    f.add("java.base/jdk.internal.vm=" + core);
    f.add("--sun-misc-unsafe-memory-access=allow");
    f.add("-XX:+UseSerialGC");
    f.add("-Xss4m");
    f.add("-Djava.net.preferIPv4Stack=true");
    String engine = System.getProperty("jasyncio.engine");
    if (engine != null) {
      f.add("-Djasyncio.engine=" + engine);
    }
    return f;
  }
}
