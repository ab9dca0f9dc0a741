package io.jasyncio.experiments;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The stand-in for the web ({@link LocalWeb}) running in a JVM of its own, so that serving never
 * takes CPU from the models' JVM in ways that are hard to see; on a machine with two or more
 * cores it is pinned to the last one with {@code taskset} once it has made its catalogue (making
 * it uses every core). The child exits when its standard input ends, so it never outlives the
 * tool, even when the tool is killed.
 *
 * <p><b>Threads.</b> Any thread may start, query and close it.
 *
 * {@snippet class=io.jasyncio.experiments.ExperimentsSnippetsTest region=localWebProcess}
 */
public final class LocalWebProcess implements AutoCloseable {
  private static final long START_TIMEOUT_SECONDS = 120;

  private final Process process;
  private final int port;
  private final String pinnedTo;

  private LocalWebProcess(Process process, int port, String pinnedTo) {
    this.process = process;
    this.port = port;
    this.pinnedTo = pinnedTo;
  }

  /** Starts the child JVM and waits until it listens. */
  public static LocalWebProcess start(Scale scale) {
    return start(scale, null);
  }

  /**
   * Starts the child JVM, which keeps its catalogue of images in {@code cacheDirOrNull} for the
   * next run, and waits until it listens.
   */
  public static LocalWebProcess start(Scale scale, Path cacheDirOrNull) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(
        List.of(
            "-Xmx512m",
            "-XX:+UseSerialGC",
            "-Dsun.net.httpserver.nodelay=true",
            "-Djava.awt.headless=true",
            "-cp",
            System.getProperty("java.class.path"),
            LocalWeb.class.getName()));
    cmd.addAll(LocalWeb.toArgs(scale));
    if (cacheDirOrNull != null) {
      cmd.add(cacheDirOrNull.toAbsolutePath().toString());
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the stand-in for the web: " + cmd, e);
    }
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<Integer> ready = new CompletableFuture<>();
    Thread reader =
        Thread.ofPlatform()
            .daemon()
            .name("localweb-stdout")
            .start(
                () -> {
                  try {
                    String line;
                    while ((line = out.readLine()) != null) {
                      if (!ready.isDone() && line.startsWith(LocalWeb.READY)) {
                        String port = line.substring(LocalWeb.READY.length()).trim();
                        ready.complete(Integer.parseInt(port));
                      }
                    }
                  } catch (IOException | RuntimeException e) {
                    ready.completeExceptionally(e);
                  }
                  ready.completeExceptionally(
                      new IllegalStateException(
                          "the stand-in for the web exited before listening"));
                });
    try {
      int port = ready.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      // Pinned once the catalogue is made: making it uses every core, serving uses one.
      return new LocalWebProcess(p, port, pin(p.pid()));
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the stand-in for the web started", e);
    } catch (ExecutionException | TimeoutException e) {
      p.destroyForcibly();
      reader.interrupt();
      throw new IllegalStateException(
          "the stand-in for the web did not start: " + e.getMessage(), e);
    }
  }

  /**
   * Pins every thread of process {@code pid} to {@link #pinCpu()}; the CPU, or null if not
   * pinned.
   */
  static String pin(long pid) throws InterruptedException {
    String cpu = pinCpu();
    if (cpu == null) {
      return null;
    }
    try {
      Process t = new ProcessBuilder("taskset", "-a", "-p", "-c", cpu, Long.toString(pid))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      return t.waitFor(10, TimeUnit.SECONDS) && t.exitValue() == 0 ? cpu : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** The CPU to pin the child to, or null when there is one core or no {@code taskset}. */
  static String pinCpu() {
    int cores = Runtime.getRuntime().availableProcessors();
    if (cores < 2) {
      return null;
    }
    for (String dir : List.of("/usr/bin", "/bin", "/usr/local/bin")) {
      if (Files.isExecutable(Path.of(dir, "taskset"))) {
        return Integer.toString(cores - 1);
      }
    }
    return null;
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** The child's process id. */
  public long pid() {
    return process.pid();
  }

  /** The CPU the child is pinned to, or null when it is not pinned. */
  public String pinnedTo() {
    return pinnedTo;
  }

  /** Ends the child: its standard input is closed, then it is killed if still running after 5 s. */
  @Override
  public void close() {
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      // it is gone already
    }
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
