package io.jasyncio.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A cluster of members as separate JVMs on 127.0.0.1, for trying things out and for tests.
 *
 * <p>Each member is a {@link ClusterMember} started with this JVM's {@code java}, class path and
 * module path (so the task code of the caller is there), bound to 127.0.0.1 only, joining the
 * others over TCP-IP on loopback (no multicast), in a cluster with a random name. A member watches
 * its standard input, which this JVM holds: when this JVM dies, even by SIGKILL, every member exits
 * by itself. {@link #close()} stops every member and waits until its process is gone. The members'
 * output (their log at WARNING level, and what tasks print) is copied to this JVM's {@code
 * System.out} and {@code System.err}.
 *
 * {@snippet class=io.jasyncio.cluster.ClusterSnippetsTest region=localCluster}
 *
 * <p><b>Threads.</b> Every method may be called from any thread.
 */
public final class LocalCluster implements AutoCloseable {
  /** How long a member may take to start and join. */
  private static final long START_TIMEOUT_SECONDS = 120;

  /** How long {@link #close()} waits for a member to exit before it kills it. */
  private static final long EXIT_GRACE_SECONDS = 10;

  private final String clusterName;
  private final List<String> addresses;
  private final List<Process> processes;
  private final List<ClusterExecutor> executors = new ArrayList<>();
  private boolean closed;

  private LocalCluster(String clusterName, List<String> addresses, List<Process> processes) {
    this.clusterName = clusterName;
    this.addresses = List.copyOf(addresses);
    this.processes = List.copyOf(processes);
  }

  /**
   * Starts {@code members} member JVMs in parallel and returns when all of them have joined.
   *
   * @param members how many members (at least 1)
   * @return the running cluster
   * @throws IllegalArgumentException if {@code members < 1}
   * @throws IllegalStateException if a member fails to start (its output names the reason)
   */
  public static LocalCluster start(int members) {
    return start(members, List.of());
  }

  /**
   * Starts {@code members} member JVMs with extra JVM options (for example {@code -Xmx1g}).
   *
   * @param members how many members (at least 1)
   * @param jvmOptions options added to each member's {@code java} command line
   * @return the running cluster
   */
  public static LocalCluster start(int members, List<String> jvmOptions) {
    if (members < 1) {
      throw new IllegalArgumentException("members must be at least 1, got " + members);
    }
    String name = "jasyncio-" + UUID.randomUUID().toString().substring(0, 8);
    List<Integer> ports = freeLoopbackPorts(members);
    List<String> addresses = new ArrayList<>();
    for (int port : ports) {
      addresses.add("127.0.0.1:" + port);
    }
    List<Process> processes = new ArrayList<>();
    List<CompletableFuture<String>> ready = new ArrayList<>();
    try {
      for (int i = 0; i < members; i++) {
        Process p = startMember(name, ports.get(i), addresses, jvmOptions);
        processes.add(p);
        ready.add(forwardOutput(p, i));
        forwardErrors(p, i);
      }
      for (int i = 0; i < members; i++) {
        String line;
        try {
          line = ready.get(i).get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          throw new IllegalStateException(
              "cluster member " + i + " did not start within " + START_TIMEOUT_SECONDS + " s");
        } catch (ExecutionException e) {
          throw new IllegalStateException(
              "cluster member " + i + " failed to start: " + e.getCause().getMessage(),
              e.getCause());
        }
        if (line == null) {
          throw new IllegalStateException(
              "cluster member "
                  + i
                  + " exited with code "
                  + processes.get(i).waitFor()
                  + " before it joined (its output is above)");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopAll(processes);
      throw new IllegalStateException("interrupted while starting the cluster", e);
    } catch (RuntimeException | Error e) {
      stopAll(processes);
      throw e;
    }
    return new LocalCluster(name, addresses, processes);
  }

  /**
   * A new client of this cluster; {@link #close()} closes it too if the caller has not.
   *
   * @return an executor connected to every member
   */
  public ClusterExecutor executor() {
    synchronized (executors) {
      if (closed) {
        throw new IllegalStateException("LocalCluster " + clusterName + " is closed");
      }
      ClusterExecutor e = ClusterExecutor.connect(clusterName, addresses.toArray(String[]::new));
      executors.add(e);
      return e;
    }
  }

  /**
   * The cluster's name, which clients give to {@link ClusterExecutor#connect}.
   *
   * @return the random name this cluster was started with
   */
  public String clusterName() {
    return clusterName;
  }

  /**
   * The members' addresses, in start order.
   *
   * @return "127.0.0.1:port" for each member
   */
  public List<String> addresses() {
    return addresses;
  }

  /**
   * The members' process ids, in start order (also of members that were killed).
   *
   * @return one pid per member
   */
  public List<Long> memberPids() {
    List<Long> pids = new ArrayList<>();
    for (Process p : processes) {
      pids.add(p.pid());
    }
    return Collections.unmodifiableList(pids);
  }

  /**
   * Kills member {@code index} with SIGKILL, for fault tests; returns once its process is gone.
   *
   * @param index the member's position in {@link #memberPids()}
   */
  public void killMember(int index) {
    Process p = processes.get(index);
    p.destroyForcibly();
    try {
      p.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Closes the executors made by {@link #executor()}, stops every member and waits until every
   * member process has exited. Idempotent.
   */
  @Override
  public void close() {
    List<ClusterExecutor> toClose;
    synchronized (executors) {
      if (closed) {
        return;
      }
      closed = true;
      toClose = new ArrayList<>(executors);
    }
    for (ClusterExecutor e : toClose) {
      e.shutdownNow();
    }
    stopAll(processes);
  }

  @Override
  public String toString() {
    long alive = processes.stream().filter(Process::isAlive).count();
    return "LocalCluster[" + clusterName + ", " + alive + "/" + processes.size() + " members alive]";
  }

  /** Closes each member's stdin (it exits at once), then kills any member that lingers. */
  private static void stopAll(List<Process> processes) {
    for (Process p : processes) {
      try {
        p.getOutputStream().close();
      } catch (IOException e) {
        // Already closed: the member exits all the same.
      }
    }
    for (Process p : processes) {
      try {
        if (!p.waitFor(EXIT_GRACE_SECONDS, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          p.waitFor();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private static Process startMember(
      String clusterName, int port, List<String> addresses, List<String> jvmOptions) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse(javaBinary()));
    String modulePath = System.getProperty("jdk.module.path");
    boolean onModulePath =
        modulePath != null
            && !modulePath.isEmpty()
            && ClusterMember.class.getModule().isNamed();
    cmd.addAll(MemberJvm.flags(onModulePath));
    cmd.addAll(jvmOptions);
    String classPath = System.getProperty("java.class.path");
    if (classPath != null && !classPath.isEmpty()) {
      cmd.add("-cp");
      cmd.add(classPath);
    }
    if (onModulePath) {
      cmd.add("-p");
      cmd.add(modulePath);
      cmd.add("-m");
      cmd.add(ClusterMember.class.getModule().getName() + "/" + ClusterMember.class.getName());
    } else {
      cmd.add(ClusterMember.class.getName());
    }
    cmd.add("--cluster-name");
    cmd.add(clusterName);
    cmd.add("--port");
    cmd.add(Integer.toString(port));
    cmd.add("--members");
    cmd.add(String.join(",", addresses));
    cmd.add("--watch-stdin");
    ProcessBuilder pb = new ProcessBuilder(cmd);
    try {
      return pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a cluster member: " + cmd, e);
    }
  }

  /**
   * Copies the member's stdout to ours, line by line, from a daemon thread; the future completes
   * with the ready line, or null when the member's output ends first.
   */
  private static CompletableFuture<String> forwardOutput(Process p, int index) {
    CompletableFuture<String> ready = new CompletableFuture<>();
    Thread.ofPlatform()
        .daemon()
        .name("jasyncio-cluster-member-" + index + "-out")
        .start(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  if (!ready.isDone() && line.startsWith(ClusterMember.READY)) {
                    ready.complete(line);
                  } else {
                    System.out.println(line);
                  }
                }
              } catch (IOException e) {
                // The member is gone; its exit is seen through the process.
              }
              ready.complete(null);
            });
    return ready;
  }

  /**
   * Copies the member's stderr to ours through {@link System#err} (not the file descriptor), so
   * that whoever captures this JVM's output (a test runner) captures the members' too.
   */
  private static void forwardErrors(Process p, int index) {
    Thread.ofPlatform()
        .daemon()
        .name("jasyncio-cluster-member-" + index + "-err")
        .start(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  System.err.println(line);
                }
              } catch (IOException e) {
                // The member is gone.
              }
            });
  }

  /** Ports free on 127.0.0.1 right now (all probed at once, so they differ). */
  private static List<Integer> freeLoopbackPorts(int n) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        sockets.add(s);
      }
      List<Integer> ports = new ArrayList<>();
      for (ServerSocket s : sockets) {
        ports.add(s.getLocalPort());
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    } finally {
      for (ServerSocket s : sockets) {
        try {
          s.close();
        } catch (IOException e) {
          // Closing a probe socket cannot fail in a way that matters.
        }
      }
    }
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
