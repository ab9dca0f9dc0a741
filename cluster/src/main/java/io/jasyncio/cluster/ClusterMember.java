package io.jasyncio.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.ExecutorConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The entry point of a cluster member: a Hazelcast member configured to run the calls of {@link
 * ClusterExecutor}, bound to one network interface, joining its peers over TCP-IP (never
 * multicast).
 *
 * <p>{@link LocalCluster} starts its members with this class; on real machines start one per
 * machine, with the task code (and jasyncio-core and jasyncio-cluster) on its class path:
 *
 * {@snippet lang=sh :
 * java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
 *      -cp "app.jar:jasyncio-core.jar:jasyncio-cluster.jar:hazelcast-5.7.0.jar" \
 *      io.jasyncio.cluster.ClusterMember --cluster-name prod --interface 10.0.0.5 --port 5701 \
 *      --members 10.0.0.5:5701,10.0.0.6:5701,10.0.0.7:5701
 * }
 *
 * <p>Options: {@code --cluster-name NAME} (required), {@code --interface IP} (the only address
 * bound; default 127.0.0.1), {@code --port N} (default 5701), {@code --members H:P,...} (the peers
 * to join; default this member alone), {@code --threads N} (calls run at once; default the
 * number of processors), {@code --watch-stdin} (exit when standard input closes: how a parent
 * process keeps its members from outliving it), {@code --verbose} (Hazelcast's INFO log). The
 * member prints one line {@code jasyncio-cluster member ready HOST:PORT pid PID} when it has
 * joined.
 *
 * <p>Open-source Hazelcast has no authentication: anyone who can reach the port can run code on the
 * member. Bind it to a private network only (docs/cluster.md).
 *
 * <p><b>Threads.</b> {@link #main} runs once per JVM.
 */
public final class ClusterMember {
  /** The name of the Hazelcast executor service that runs the calls. */
  public static final String EXECUTOR_NAME = "jasyncio";

  /** The member attribute that tells clients how many calls the member runs at once. */
  static final String THREADS_ATTRIBUTE = "jasyncio.threads";

  /** The line a member prints when it has started (followed by its address and pid). */
  static final String READY = "jasyncio-cluster member ready ";

  /** Kept strongly: java.util.logging forgets levels set on loggers nobody references. */
  private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

  private ClusterMember() {}

  /**
   * Starts a member and returns once it has joined; the JVM then lives until the member is shut
   * down (or standard input closes, with {@code --watch-stdin}).
   *
   * @param args the options above
   */
  public static void main(String[] args) {
    String clusterName = null;
    String iface = "127.0.0.1";
    int port = 5701;
    List<String> members = new ArrayList<>();
    int threads = Runtime.getRuntime().availableProcessors();
    boolean watchStdin = false;
    boolean verbose = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--cluster-name" -> clusterName = value(args, ++i);
        case "--interface" -> iface = value(args, ++i);
        case "--port" -> port = Integer.parseInt(value(args, ++i));
        case "--members" -> {
          for (String m : value(args, ++i).split(",")) {
            if (!m.isBlank()) {
              members.add(m.strip());
            }
          }
        }
        case "--threads" -> threads = Integer.parseInt(value(args, ++i));
        case "--watch-stdin" -> watchStdin = true;
        case "--verbose" -> verbose = true;
        default -> usage("unknown option " + args[i]);
      }
    }
    if (clusterName == null) {
      usage("--cluster-name is required");
    }
    if (members.isEmpty()) {
      members.add(iface + ":" + port);
    }
    if (watchStdin) {
      watchStdin();
    }
    HAZELCAST_LOG.setLevel(verbose ? Level.INFO : Level.WARNING);
    HazelcastInstance hz =
        Hazelcast.newHazelcastInstance(config(clusterName, iface, port, members, threads));
    var address = hz.getCluster().getLocalMember().getSocketAddress();
    System.out.println(
        READY
            + address.getAddress().getHostAddress()
            + ":"
            + address.getPort()
            + " pid "
            + ProcessHandle.current().pid());
    System.out.flush();
  }

  /**
   * The member configuration used by {@link #main}: TCP-IP join on the given peers, multicast and
   * auto-detection off, only {@code iface} bound, no phone-home, and the executor {@value
   * #EXECUTOR_NAME} with {@code threads} threads and an unbounded queue.
   *
   * @param clusterName the cluster's name (clients must give the same)
   * @param iface the only address the member binds
   * @param port the member's port (no auto-increment: the peers list names it)
   * @param members the peers' "host:port" addresses
   * @param threads how many calls run at once on this member
   * @return a new configuration
   */
  public static Config config(
      String clusterName, String iface, int port, List<String> members, int threads) {
    Config config = new Config();
    config.setClusterName(clusterName);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.socket.bind.any", "false");
    config.setProperty("hazelcast.logging.type", "jdk");
    // A member that leaves abruptly is noticed in seconds, not the default minute.
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
    // The first member does not wait the default 5 s for others before it forms the cluster.
    config.setProperty("hazelcast.wait.seconds.before.join", "1");
    // Killed or stopped: no partition migration dance on the way out.
    config.setProperty("hazelcast.shutdownhook.policy", "TERMINATE");
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(port).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).addInterface(iface);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(members);
    config.getMemberAttributeConfig().setAttribute(THREADS_ATTRIBUTE, Integer.toString(threads));
    config.addExecutorConfig(
        new ExecutorConfig(EXECUTOR_NAME).setPoolSize(threads).setQueueCapacity(0));
    return config;
  }

  /** A daemon thread that ends the JVM at once when standard input reaches its end. */
  private static void watchStdin() {
    Thread.ofPlatform()
        .daemon()
        .name("jasyncio-cluster-stdin-watch")
        .start(
            () -> {
              InputStream in = System.in;
              try {
                while (in.read() >= 0) {
                  // Nothing is sent on stdin: only its end matters.
                }
              } catch (IOException e) {
                // Broken pipe: the parent is gone all the same.
              }
              Runtime.getRuntime().halt(0);
            });
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      usage(args[i - 1] + " needs a value");
    }
    return args[i];
  }

  private static void usage(String problem) {
    System.err.println(
        "ClusterMember: "
            + problem
            + "\nusage: ClusterMember --cluster-name NAME [--interface IP] [--port N]"
            + " [--members H:P,...] [--threads N] [--watch-stdin] [--verbose]");
    System.exit(2);
  }
}
