package io.jasyncio.subprocess;

import io.jasyncio.Asyncio;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.internal.io.IoLoop;
import io.jasyncio.streams.BrokenPipeException;
import io.jasyncio.streams.ConnectionResetException;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A child process driven from the event loop (asyncio.subprocess's {@code Process}): its stdin
 * as a {@link StreamWriter}, its stdout and stderr as {@link StreamReader}s (each null unless it
 * was a {@link Redirect#PIPE}), {@link #waitFor()} and {@link #communicate}.
 *
 * <p><b>Pipes.</b> Java has no selectable pipes: small daemon threads move the bytes and hand
 * them to the loop; an output pump reads the next chunk only after the loop took the last one and
 * while the reader's buffer is not above twice its limit, so output that is not read holds the
 * child back (as with asyncio) instead of filling memory.
 *
 * <p><b>Exit status.</b> {@link #returncode()} is null while the child runs, then its exit
 * status. A child killed by a signal that this object sent ({@link #kill()}, {@link
 * #terminate()}, {@link #sendSignal}) reports {@code -signal}, as Python does on POSIX. Java only
 * sees {@code 128 + signal} for a death by signal, the same as {@code exit(128 + signal)}: a
 * child killed by a signal from elsewhere reports {@code 128 + signal}.
 *
 * <p><b>Cancellation.</b> Cancelling {@code waitFor()} leaves the child running. Cancelling
 * {@code communicate} stops feeding and reading; the child goes on. {@link #close()} kills a child
 * that is still running and closes the pipes.
 *
 * <p><b>Threads.</b> Loop-bound: use it from the loop that started it.
 *
 * {@snippet class=io.jasyncio.subprocess.SubprocessSnippetsTest region=asyncProcess}
 */
public final class AsyncProcess implements AutoCloseable {
  /** Hang-up (Linux signal numbers, for {@link #sendSignal}). */
  public static final int SIGHUP = 1;

  /** Interrupt, as Ctrl-C. */
  public static final int SIGINT = 2;

  /** Quit. */
  public static final int SIGQUIT = 3;

  /** Kill: cannot be caught ({@link #kill()}). */
  public static final int SIGKILL = 9;

  /** User-defined signal 1. */
  public static final int SIGUSR1 = 10;

  /** User-defined signal 2. */
  public static final int SIGUSR2 = 12;

  /** Termination request ({@link #terminate()}). */
  public static final int SIGTERM = 15;

  private final IoLoop loop;
  private final Process process;
  private final StreamWriter stdin;
  private final StreamReader stdout;
  private final StreamReader stderr;
  private final PipeWriter stdinPipe;
  private final List<PipeReader> readers = new ArrayList<>();
  private final List<Future<Integer>> exitWaiters = new ArrayList<>();
  private final Set<Integer> signalsSent = new HashSet<>();
  private Integer returncode;

  AsyncProcess(
      IoLoop loop, Process p, boolean stdinPipe, boolean stdoutPipe, boolean stderrPipe,
      int limit) {
    this.loop = loop;
    this.process = p;
    if (stdinPipe) {
      this.stdinPipe = new PipeWriter(loop, p.getOutputStream(), p.pid());
      this.stdin = new StreamWriter(this.stdinPipe, null);
    } else {
      this.stdinPipe = null;
      this.stdin = null;
      closeQuietly(p.getOutputStream());
    }
    this.stdout = stdoutPipe ? pipe(p.getInputStream(), limit) : null;
    if (!stdoutPipe) {
      closeQuietly(p.getInputStream());
    }
    this.stderr = stderrPipe ? pipe(p.getErrorStream(), limit) : null;
    if (!stderrPipe) {
      closeQuietly(p.getErrorStream());
    }
    loop.beginExternal();
    // A closed loop: nobody waits any more.
    p.onExit().whenComplete((x, e) -> loop.trySoonThreadsafe(this::exited));
  }

  private StreamReader pipe(java.io.InputStream in, int limit) {
    StreamReader r = new StreamReader(limit);
    PipeReader pr = new PipeReader(loop, in, r, () -> {});
    readers.add(pr);
    pr.start();
    return r;
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // nothing to release then
    }
  }

  /** A process that nobody will use (its start was cancelled): kill it, close its pipes. */
  static void discard(Process p) {
    p.destroyForcibly();
    closeQuietly(p.getOutputStream());
    closeQuietly(p.getInputStream());
    closeQuietly(p.getErrorStream());
  }

  private void exited() {
    loop.endExternal();
    int v = process.exitValue();
    if (v > 128 && signalsSent.contains(v - 128)) {
      v = -(v - 128);
    }
    returncode = v;
    for (Future<Integer> w : exitWaiters) {
      if (!w.done()) {
        w.setResult(v);
      }
    }
    exitWaiters.clear();
  }

  /** The child's stdin, or null unless it was {@link Redirect#PIPE}. */
  public StreamWriter stdin() {
    return stdin;
  }

  /** The child's stdout, or null unless it was {@link Redirect#PIPE}. */
  public StreamReader stdout() {
    return stdout;
  }

  /** The child's stderr, or null unless it was {@link Redirect#PIPE}. */
  public StreamReader stderr() {
    return stderr;
  }

  /** The child's process id. */
  public long pid() {
    return process.pid();
  }

  /** The exit status once the child has exited (negative: killed by that signal), else null. */
  public Integer returncode() {
    return returncode;
  }

  /** Suspends until the child exits; returns {@link #returncode()}. Python's {@code wait()}. */
  public int waitFor() throws IOException {
    IoLoop.require("waitFor");
    if (returncode != null) {
      return returncode;
    }
    Future<Integer> w = loop.createFuture();
    exitWaiters.add(w);
    try {
      return Asyncio.await(w);
    } finally {
      exitWaiters.remove(w);
    }
  }

  /**
   * Suspends: writes {@code inputOrNull} to stdin and closes it, reads stdout and stderr to EOF,
   * all at once (so a child that writes while it reads never deadlocks), then waits for the
   * child to exit. A child that exits without reading its input is fine: the broken pipe is
   * ignored. Input given while stdin is not a pipe: {@link IllegalArgumentException}.
   */
  public Output communicate(byte[] inputOrNull) throws IOException {
    IoLoop.require("communicate");
    if (inputOrNull != null && stdin == null) {
      throw new IllegalArgumentException("communicate(input) needs stdin=Redirect.PIPE");
    }
    Task<Void> feeding = stdin == null ? null : Asyncio.createTask(() -> {
      feedStdin(inputOrNull);
      return null;
    });
    Task<byte[]> out = stdout == null ? null : Asyncio.createTask(() -> stdout.read(-1));
    Task<byte[]> err = stderr == null ? null : Asyncio.createTask(() -> stderr.read(-1));
    byte[] o = null;
    byte[] e = null;
    boolean ok = false;
    try {
      if (feeding != null) {
        Asyncio.await(feeding);
      }
      if (out != null) {
        o = Asyncio.await(out);
      }
      if (err != null) {
        e = Asyncio.await(err);
      }
      ok = true;
    } finally {
      if (!ok) {
        for (Task<?> t : new Task<?>[] {feeding, out, err}) {
          if (t != null) {
            t.cancel();
          }
        }
      }
    }
    waitFor();
    return new Output(o, e);
  }

  private void feedStdin(byte[] input) throws IOException {
    try {
      if (input != null) {
        stdin.write(input);
      }
      stdin.drain();
    } catch (BrokenPipeException | ConnectionResetException ignored) {
      // The child exited without reading everything: as asyncio, not an error here.
    }
    stdin.close();
  }

  /**
   * Sends signal {@code sig} to the child (Linux numbers: {@link #SIGTERM}, {@link #SIGKILL},
   * ...); nothing if it has exited. TERM and KILL go through {@link ProcessHandle}; others through
   * the {@code kill} command, run in order on a background thread (delivered shortly after).
   */
  public void sendSignal(int sig) {
    if (sig <= 0 || sig > 64) {
      throw new IllegalArgumentException("not a signal number: " + sig);
    }
    if (returncode != null || !process.isAlive()) {
      return;
    }
    signalsSent.add(sig);
    if (sig == SIGTERM) {
      process.destroy();
    } else if (sig == SIGKILL) {
      process.destroyForcibly();
    } else {
      long pid = process.pid();
      Pumps.SIGNALS.execute(() -> {
        try {
          Process k = new ProcessBuilder("kill", "-" + sig, Long.toString(pid))
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
          k.waitFor();
        } catch (IOException | InterruptedException e) {
          System.getLogger("io.jasyncio")
              .log(System.Logger.Level.WARNING, "sending signal " + sig + " to " + pid, e);
        }
      });
    }
  }

  /** Sends SIGTERM (Python's {@code terminate()}). */
  public void terminate() {
    sendSignal(SIGTERM);
  }

  /** Sends SIGKILL (Python's {@code kill()}). */
  public void kill() {
    sendSignal(SIGKILL);
  }

  /**
   * Kills the child if it is still running and closes the pipes (asyncio's {@code
   * transport.close()}); a child that has exited is left alone. Idempotent.
   */
  @Override
  public void close() {
    if (stdinPipe != null) {
      stdinPipe.abort();
    }
    for (PipeReader r : readers) {
      r.close();
    }
    if (returncode == null && process.isAlive()) {
      kill();
    }
  }

  @Override
  public String toString() {
    return "AsyncProcess[pid=" + process.pid() + ", "
        + (returncode == null ? "running" : "returncode=" + returncode) + "]";
  }
}
