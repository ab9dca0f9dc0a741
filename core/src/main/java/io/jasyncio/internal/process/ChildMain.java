package io.jasyncio.internal.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * The main class of a child JVM: reads the broker address, key, role and name from stdin, watches
 * stdin for its end (then it ends at once: its parent died or let it go), connects to the parent
 * and runs as a pool worker or as a Process.
 */
public final class ChildMain {
  private ChildMain() {}

  private static volatile String name;

  /** The name of this child ("Process-1", "ForkPoolWorker-2"), or null in a parent. */
  public static String name() {
    return name;
  }

  public static void main(String[] args) throws Exception {
    String classPath = System.getProperty(ChildJvm.CLASS_PATH_PROPERTY);
    if (classPath != null) { // started through a launcher jar: the parent's class path, as given
      System.setProperty("java.class.path", classPath);
      System.clearProperty(ChildJvm.CLASS_PATH_PROPERTY);
    }
    InputStream in = System.in;
    String address = readLine(in);
    String key = readLine(in);
    String role = readLine(in);
    name = readLine(in);
    if (address == null || key == null || role == null || name == null) {
      System.exit(2);
    }
    Runtime.getRuntime().addShutdownHook(new Exiting());
    Thread watch = new ParentWatch(in);
    watch.setDaemon(true);
    watch.start();
    ParentLink link = ParentLink.open(address, key);
    switch (role) {
      case "worker" -> worker(link);
      case "process" -> process(link);
      default -> System.exit(2);
    }
  }

  /** Set once this JVM is shutting down (System.exit, SIGTERM): its exit code must stay. */
  private static volatile boolean exiting;

  // Named classes rather than lambdas here and below: a lambda's first use spins a class at run
  // time, which a child would pay for on every start.

  /** The shutdown hook that sets {@link #exiting}. */
  private static final class Exiting extends Thread {
    Exiting() {
      super("jasyncio-exiting");
    }

    @Override
    public void run() {
      exiting = true;
    }
  }

  /** Reads stdin to its end (nothing more is ever written), then ends this child. */
  private static final class ParentWatch extends Thread {
    private final InputStream in;

    ParentWatch(InputStream in) {
      super("jasyncio-parent-watch");
      this.in = in;
    }

    @Override
    public void run() {
      try {
        while (in.read() >= 0) {
          // nothing more is ever written; wait for the end
        }
      } catch (IOException e) {
        // same as the end
      }
      parentGone();
    }
  }

  /**
   * This JVM's pid and its parent's, from {@code /proc/self/stat} where there is one (the JDK's
   * {@code ProcessHandle} sets up a thread pool of its own when first used, which a child's start
   * does not need).
   */
  private static final long[] PIDS = pids();

  private static long[] pids() {
    try {
      String stat = new String(
          java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/proc/self/stat")),
          StandardCharsets.US_ASCII);
      // "pid (command) state ppid ...": the command may hold spaces and parentheses
      String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ", 3);
      return new long[] {Long.parseLong(stat.substring(0, stat.indexOf(' '))),
          Long.parseLong(after[1])};
    } catch (IOException | RuntimeException e) {
      ProcessHandle self = ProcessHandle.current();
      return new long[] {self.pid(), self.parent().map(ProcessHandle::pid).orElse(-1L)};
    }
  }

  /** This JVM's pid. */
  static long pid() {
    return PIDS[0];
  }

  /** The pid of the parent this child was started by. */
  private static final long PARENT = PIDS[1];

  /** The parent is gone (or let this child go): end now, without running anything more. */
  static void parentGone() {
    if (exiting) {
      return; // already ending, with its own exit code
    }
    System.out.flush();
    System.err.flush();
    if (recordsArchive() && orphaned()) {
      killSelf();
    }
    Runtime.getRuntime().halt(0);
  }

  /** Whether this JVM writes a class-data archive when it ends ({@link WorkerArchive}). */
  private static boolean recordsArchive() {
    for (String a : ChildJvm.currentArguments()) {
      if (a.startsWith("-XX:ArchiveClassesAtExit=")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the parent died (this child was given to another parent), rather than let this child
   * go. Both close this child's stdin; a dead parent's children are re-parented a moment later, so
   * this looks for a short while (a child that is let go waits that while once, as it ends).
   */
  private static boolean orphaned() {
    long deadline = System.nanoTime() + 300_000_000L;
    while (true) {
      long now = pids()[1];
      if (now != PARENT) {
        return true;
      }
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        return false;
      }
    }
  }

  /**
   * Ends this JVM at once, without the archive it would write as it exits (which takes a while):
   * no child outlives its parent for an archive nobody would keep.
   */
  private static void killSelf() {
    try {
      new ProcessBuilder("kill", "-KILL", Long.toString(pid()))
          .redirectErrorStream(true)
          .start()
          .waitFor();
    } catch (IOException | RuntimeException | InterruptedException e) {
      // no kill command: the archive is written, then this JVM ends
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b; (b = in.read()) != '\n'; ) {
      if (b < 0) {
        return null;
      }
      line.write(b);
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  private static void process(ParentLink link) throws Exception {
    Connection.Frame f = link.nextWork();
    Runnable target;
    try {
      target = (Runnable) Serial.deserialize(f.payload());
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      System.err.println("Process " + name + ": cannot read its target: " + e);
      System.exit(1);
      return;
    }
    int code = 0;
    try {
      target.run();
    } catch (Throwable t) {
      System.err.println("Process " + name + ":");
      t.printStackTrace();
      code = 1;
    }
    System.out.flush();
    System.err.flush();
    System.exit(code);
  }

  private static void worker(ParentLink link) throws Exception {
    Connection.Frame init = link.nextWork();
    if (init.payload().length > 0) {
      try {
        ((Runnable) Serial.deserialize(init.payload())).run();
      } catch (Throwable t) {
        sendThrowable(link, Wire.INIT_FAILED, -1, t);
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(1);
      }
    }
    link.send(Wire.READY, 0, null);
    CallCodec.Shapes shapes = new CallCodec.Shapes();
    while (true) {
      Connection.Frame call = link.nextWork();
      if (call.type() == Wire.DEFINE) {
        shapes.define(call.id(), call.payload());
        continue;
      }
      Object task;
      try {
        task = shapes.decodeCall(call.payload());
      } catch (InvalidClassException e) {
        sendThrowable(link, Wire.ERROR, call.id(), new IllegalArgumentException(
            "the task cannot be read in the worker: " + e.getMessage(), e));
        continue;
      } catch (IOException | ClassNotFoundException | RuntimeException e) {
        sendThrowable(link, Wire.ERROR, call.id(), new IllegalArgumentException(
            "the task cannot be read in the worker: " + e, e));
        continue;
      }
      Object value;
      try {
        value = ((Callable<?>) task).call();
      } catch (Throwable t) {
        sendThrowable(link, Wire.ERROR, call.id(), t);
        continue;
      }
      byte[] bytes;
      try {
        bytes = CallCodec.encodeValue(value, "result");
      } catch (IllegalArgumentException e) {
        sendThrowable(link, Wire.ERROR, call.id(), e);
        continue;
      }
      link.send(Wire.RESULT, call.id(), bytes);
    }
  }

  /** Sends {@code t} as it is when it serializes, else its class name, message and stack text. */
  static void sendThrowable(ParentLink link, byte type, long id, Throwable t) {
    byte[] bytes;
    try {
      bytes = Serial.serialize(t, "exception");
    } catch (IllegalArgumentException notSerializable) {
      java.io.StringWriter trace = new java.io.StringWriter();
      t.printStackTrace(new java.io.PrintWriter(trace, true));
      bytes = Serial.serialize(
          new String[] {t.getClass().getName(), t.getMessage(), trace.toString()}, "exception");
      type = type == Wire.ERROR ? Wire.UNPORTABLE : type;
      if (type == Wire.INIT_FAILED) {
        bytes = Serial.serialize(new RuntimeException(t.getClass().getName() + ": "
            + t.getMessage() + "\n" + trace), "exception");
      }
    }
    link.send(type, id, bytes);
  }
}
