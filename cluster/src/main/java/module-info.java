/**
 * jasyncio-cluster: the process pool's executor API on a Hazelcast cluster.
 *
 * <p>Hazelcast is an automatic module ({@code com.hazelcast.core}) that uses {@code sun.misc.Unsafe}
 * and {@code jdk.net}'s socket options: this module requires {@code jdk.unsupported} and {@code
 * jdk.net} so that both are resolved on the module path. See docs/cluster.md for the JVM flags
 * Hazelcast asks for.
 */
module io.jasyncio.cluster {
  requires transitive io.jasyncio;
  requires com.hazelcast.core;
  requires java.logging;
  requires java.management;
  requires jdk.unsupported;
  requires jdk.net;

  exports io.jasyncio.cluster;
}
