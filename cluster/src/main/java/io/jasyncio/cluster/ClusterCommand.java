package io.jasyncio.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./jasyncio cluster start --members N}: a {@link LocalCluster} in the foreground, with the
 * line that connects to it; Ctrl-C (or SIGTERM) stops every member.
 */
final class ClusterCommand {
  private ClusterCommand() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length == 0 || !args[0].equals("start")) {
      usage();
      return;
    }
    int members = 3;
    List<String> jvmOptions = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--members" -> {
          if (++i >= args.length) {
            usage();
            return;
          }
          members = Integer.parseInt(args[i]);
        }
        case "--jvm-option" -> {
          if (++i >= args.length) {
            usage();
            return;
          }
          jvmOptions.add(args[i]);
        }
        default -> {
          usage();
          return;
        }
      }
    }
    System.out.println("starting " + members + " cluster members on 127.0.0.1 ...");
    long t0 = System.nanoTime();
    LocalCluster cluster = LocalCluster.start(members, jvmOptions);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("stopping " + cluster.clusterName() + " ...");
                  cluster.close();
                  stopped.countDown();
                }));
    String quoted = "\"" + String.join("\", \"", cluster.addresses()) + "\"";
    System.out.printf(
        "cluster %s: %d members up in %.1f s%n",
        cluster.clusterName(), members, (System.nanoTime() - t0) / 1e9);
    for (int i = 0; i < members; i++) {
      System.out.printf(
          "  member %d  %s  pid %d%n", i, cluster.addresses().get(i), cluster.memberPids().get(i));
    }
    System.out.println();
    System.out.println("connect from Java (the task classes must be on this class path too):");
    System.out.printf(
        "  ClusterExecutor executor = ClusterExecutor.connect(\"%s\", %s);%n",
        cluster.clusterName(), quoted);
    System.out.println();
    System.out.println(
        "bound to 127.0.0.1 only; no authentication (open-source Hazelcast): see docs/cluster.md");
    System.out.println("Ctrl-C stops every member.");
    stopped.await();
  }

  private static void usage() {
    System.err.println(
        "usage: ./jasyncio cluster start [--members N] [--jvm-option OPTION ...]\n"
            + "  starts N members (default 3) as separate JVMs on 127.0.0.1, in the foreground");
    System.exit(2);
  }
}
