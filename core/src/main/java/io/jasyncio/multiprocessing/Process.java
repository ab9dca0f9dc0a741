package io.jasyncio.multiprocessing;

import io.jasyncio.internal.util.ThreadSide;
import io.jasyncio.internal.process.Broker;
import io.jasyncio.internal.process.ChildJvm;
import io.jasyncio.internal.process.ChildMain;
import io.jasyncio.internal.process.Connection;
import io.jasyncio.internal.process.Serial;
import io.jasyncio.internal.process.Wire;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Python's {@code multiprocessing.Process}: runs a {@link SerializableRunnable} target in a new JVM
 * (there is no {@code fork} on the JVM: the child starts fresh, with this JVM's class path, module
 * path and {@code --add-exports} flags, and the target travels to it by reference, as pickle
 * sends a function). Not to be confused with {@link java.lang.Process}, the handle of any operating
 * system process; this class is the Python concept built on one.
 *
 * <p>The child shares this JVM's stdout and stderr. Its exit code ({@link #exitcode()}) is 0 when
 * the target returned, 1 when it threw (the stack trace is printed on the child's stderr, after a
 * {@code Process Process-1:} line, as Python prints it), and {@code -15} or {@code -9} after {@link
 * #terminate()} or {@link #kill()}. A child never outlives this JVM: it ends by itself when this JVM
 * dies. At a normal exit of this JVM, non-daemon children are waited for (as Python joins them) and
 * daemon children are stopped.
 *
 * <p>{@link ProcessQueue}, {@link JoinableProcessQueue} and {@link ProcessEvent} objects captured by
 * the target arrive in the child as handles to the same object.
 *
 * <p><b>Threads.</b> Thread-safe. {@link #join()} blocks the calling thread; a coroutine awaits
 * {@code Asyncio.await(p.onExit())} instead.
 *
 * {@snippet class=io.jasyncio.multiprocessing.MultiprocessingSnippetsTest region=process}
 */
public final class Process {
  private static final AtomicInteger COUNT = new AtomicInteger();
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Broker.atExit(Process::atExit); // before the broker's socket goes: children may still connect
  }

  private final SerializableRunnable target;
  private final String name;
  private boolean daemon;
  private java.lang.Process child;
  private volatile int signalSent;
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();
  /** Set once the child has connected to the broker (it then holds its target). */
  private volatile boolean linked;
  /** Completed when the broker has read the child's connection to its end. */
  private final CompletableFuture<Void> unlinked = new CompletableFuture<>();
  /** How long an ended child's connection may take to be read to its end (a safety net). */
  private static final long UNLINK_GRACE_SECONDS = 10;

  /** A process named "Process-N" (N counts the processes made by this JVM). */
  public Process(SerializableRunnable target) {
    this(target, "Process-" + COUNT.incrementAndGet());
  }

  /** A process with the given name. */
  public Process(SerializableRunnable target, String name) {
    this.target = Objects.requireNonNull(target, "target");
    this.name = Objects.requireNonNull(name, "name");
  }

  /**
   * Starts the child JVM. {@link IllegalStateException} when started twice; {@link
   * IllegalArgumentException} (naming the class) when the target cannot be serialized.
   */
  public synchronized void start() {
    if (child != null) {
      throw new IllegalStateException("processes can only be started once");
    }
    byte[] payload = Serial.serialize(target, "target");
    Broker broker = Broker.get();
    byte[] key =
        broker.register(
            new Broker.Endpoint() {
              @Override
              public void connected(Connection c, long pid) {
                linked = true;
                try {
                  c.send(Wire.TARGET, 0, payload);
                } catch (IOException e) {
                  c.close();
                }
              }

              @Override
              public void frame(Connection.Frame f) {}

              @Override
              public void closed() {
                unlinked.complete(null);
              }
            });
    try {
      child = ChildJvm.start("process", name, broker, key, List.of());
    } catch (IOException e) {
      broker.unregister(key);
      throw new UncheckedIOException("cannot start the child JVM of " + name, e);
    }
    LIVE.add(this);
    child
        .onExit()
        .thenCompose(
            // What the child sent before it ended (puts, task dones sent without awaiting a reply)
            // is handled before it counts as ended: its connection is read to its end first.
            ended ->
                linked
                    ? unlinked.completeOnTimeout(null, UNLINK_GRACE_SECONDS, TimeUnit.SECONDS)
                    : CompletableFuture.completedFuture(null))
        .thenRun(
            () -> {
              broker.unregister(key);
              LIVE.remove(this);
              exit.complete(code(child.exitValue()));
            });
  }

  private int code(int raw) {
    int s = signalSent;
    return s != 0 && raw == 128 + s ? -s : raw;
  }

  /** Blocks until the child has ended. */
  public void join() {
    started("join");
    if (!exit.isDone()) {
      ThreadSide.checkMayBlock("Process.join()", "in a coroutine, Asyncio.await(p.onExit()) instead");
    }
    try {
      exit.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while joining " + name);
    }
  }

  /** Blocks until the child has ended or {@code timeout} seconds passed; returns {@code !isAlive()}. */
  public boolean join(double timeout) {
    started("join");
    if (!exit.isDone() && timeout > 0) {
      ThreadSide.checkMayBlock(
          "Process.join(timeout)", "in a coroutine, Asyncio.await(p.onExit()) instead");
    }
    try {
      exit.get(ThreadSide.toNanos(timeout), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while joining " + name);
    }
  }

  /** Completes with the exit code when the child ends: {@code Asyncio.await(p.onExit())}. */
  public CompletableFuture<Integer> onExit() {
    started("onExit");
    return exit.copy();
  }

  /** Whether the child has started and not yet ended. */
  public boolean isAlive() {
    return child != null && !exit.isDone();
  }

  /** The exit code; null until the child has ended (see the class comment). */
  public Integer exitcode() {
    return exit.getNow(null);
  }

  /** The child's pid; {@link IllegalStateException} before {@link #start()}. */
  public long pid() {
    return started("pid").pid();
  }

  /** Sends SIGTERM (the exit code becomes -15). */
  public void terminate() {
    java.lang.Process c = started("terminate");
    if (!exit.isDone()) {
      signalSent = 15;
      c.toHandle().destroy(); // the signal alone: closing the child's stdin would end it with 0
    }
  }

  /** Sends SIGKILL (the exit code becomes -9). */
  public void kill() {
    java.lang.Process c = started("kill");
    if (!exit.isDone()) {
      signalSent = 9;
      c.toHandle().destroyForcibly();
    }
  }

  /** The name given, or "Process-N". */
  public String name() {
    return name;
  }

  /** Whether the child is a daemon (stopped when this JVM exits instead of waited for). */
  public synchronized boolean daemon() {
    return daemon;
  }

  /** Sets the daemon flag; only before {@link #start()}. */
  public synchronized void setDaemon(boolean daemon) {
    if (child != null) {
      throw new IllegalStateException("the daemon flag is set before start()");
    }
    this.daemon = daemon;
  }

  private synchronized java.lang.Process started(String what) {
    if (child == null) {
      throw new IllegalStateException(what + "() needs a started process: call start() first");
    }
    return child;
  }

  /** "MainProcess" in a JVM jasyncio did not start; the Process's (or pool worker's) name in a child. */
  public static String currentName() {
    String n = ChildMain.name();
    return n == null ? "MainProcess" : n;
  }

  /** This JVM's pid (Python's {@code os.getpid()}). */
  public static long currentPid() {
    return ProcessHandle.current().pid();
  }

  /** The parent's pid (Python's {@code os.getppid()}); -1 when unknown. */
  public static long parentPid() {
    return ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
  }

  private static void atExit() {
    for (Process p : LIVE) {
      if (p.daemon()) {
        p.child.destroyForcibly();
      }
    }
    for (Process p : LIVE) {
      if (!p.daemon()) {
        try {
          p.child.waitFor();
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  @Override
  public String toString() {
    java.lang.Process c;
    synchronized (this) {
      c = child;
    }
    StringBuilder b = new StringBuilder("<Process name='").append(name).append('\'');
    if (c == null) {
      b.append(" initial");
    } else if (exit.isDone()) {
      b.append(" pid=").append(c.pid()).append(" stopped exitcode=").append(exitcode());
    } else {
      b.append(" pid=").append(c.pid()).append(" started");
    }
    if (daemon) {
      b.append(" daemon");
    }
    return b.append('>').toString();
  }
}
