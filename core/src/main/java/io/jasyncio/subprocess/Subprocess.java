package io.jasyncio.subprocess;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Future;
import io.jasyncio.internal.io.IoLoop;
import io.jasyncio.streams.StreamReader;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Starting child processes from a coroutine (asyncio's {@code create_subprocess_exec} and {@code
 * create_subprocess_shell}). Both suspend while the process is started in another thread, so the
 * loop never blocks; cancelling them kills a child that was started meanwhile.
 *
 * {@snippet class=io.jasyncio.subprocess.SubprocessSnippetsTest region=subprocess}
 */
public final class Subprocess {
  private static final File NULL_FILE =
      new File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");

  private static final Object ABANDONED = new Object();

  private Subprocess() {}

  /** Suspends: starts {@code args} (program and arguments) with the default reader limit. */
  public static AsyncProcess createSubprocessExec(
      List<String> args, Redirect stdin, Redirect stdout, Redirect stderr) throws IOException {
    return createSubprocessExec(args, stdin, stdout, stderr, StreamReader.DEFAULT_LIMIT);
  }

  /**
   * Suspends: starts {@code args}; {@code limit} is the limit of the stdout and stderr readers.
   * {@link Redirect#STDOUT} is only valid for stderr. A program that cannot be started: the
   * {@link IOException} of {@link ProcessBuilder#start()}.
   */
  public static AsyncProcess createSubprocessExec(
      List<String> args, Redirect stdin, Redirect stdout, Redirect stderr, int limit)
      throws IOException {
    Objects.requireNonNull(args, "args");
    ProcessBuilder pb = builder(List.copyOf(args), stdin, stdout, stderr, limit);
    return start(IoLoop.require("createSubprocessExec"), pb, stdin, stdout, stderr, limit);
  }

  /** Suspends: runs {@code cmd} with {@code /bin/sh -c}. */
  public static AsyncProcess createSubprocessShell(
      String cmd, Redirect stdin, Redirect stdout, Redirect stderr) throws IOException {
    return createSubprocessShell(cmd, stdin, stdout, stderr, StreamReader.DEFAULT_LIMIT);
  }

  /** Suspends: runs {@code cmd} with {@code /bin/sh -c} and the given reader limit. */
  public static AsyncProcess createSubprocessShell(
      String cmd, Redirect stdin, Redirect stdout, Redirect stderr, int limit)
      throws IOException {
    Objects.requireNonNull(cmd, "cmd");
    ProcessBuilder pb = builder(List.of("/bin/sh", "-c", cmd), stdin, stdout, stderr, limit);
    return start(IoLoop.require("createSubprocessShell"), pb, stdin, stdout, stderr, limit);
  }

  private static ProcessBuilder builder(
      List<String> args, Redirect stdin, Redirect stdout, Redirect stderr, int limit) {
    Objects.requireNonNull(stdin, "stdin");
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
    if (args.isEmpty()) {
      throw new IllegalArgumentException("args must name a program");
    }
    if (limit <= 0) {
      throw new IllegalArgumentException("Limit cannot be <= 0");
    }
    if (stdin == Redirect.STDOUT || stdout == Redirect.STDOUT) {
      throw new IllegalArgumentException("Redirect.STDOUT is only valid for stderr");
    }
    ProcessBuilder pb = new ProcessBuilder(args);
    pb.redirectInput(switch (stdin) {
      case PIPE -> ProcessBuilder.Redirect.PIPE;
      case DEVNULL -> ProcessBuilder.Redirect.from(NULL_FILE);
      default -> ProcessBuilder.Redirect.INHERIT;
    });
    pb.redirectOutput(output(stdout));
    if (stderr == Redirect.STDOUT) {
      pb.redirectErrorStream(true);
    } else {
      pb.redirectError(output(stderr));
    }
    return pb;
  }

  private static ProcessBuilder.Redirect output(Redirect r) {
    return switch (r) {
      case PIPE -> ProcessBuilder.Redirect.PIPE;
      case DEVNULL -> ProcessBuilder.Redirect.DISCARD;
      default -> ProcessBuilder.Redirect.INHERIT;
    };
  }

  private static AsyncProcess start(
      IoLoop loop,
      ProcessBuilder pb,
      Redirect stdin,
      Redirect stdout,
      Redirect stderr,
      int limit)
      throws IOException {
    Future<Process> started = loop.createFuture();
    // null while starting; then the Process, or ABANDONED once the starting task gave up. Whoever
    // comes second (the starter thread or the cancelled task) kills the unwanted child.
    AtomicReference<Object> slot = new AtomicReference<>();
    loop.beginExternal();
    Pumps.POOL.execute(() -> {
      Process p = null;
      Throwable error = null;
      try {
        p = pb.start();
      } catch (Throwable t) {
        error = t;
      }
      if (p != null && !slot.compareAndSet(null, p)) {
        AsyncProcess.discard(p);
      }
      Process proc = p;
      Throwable exc = error;
      boolean delivered = loop.trySoonThreadsafe(() -> {
        loop.endExternal();
        if (started.done()) {
          return;
        }
        if (exc != null) {
          started.setException(exc);
        } else {
          started.setResult(proc);
        }
      });
      if (!delivered && proc != null && slot.compareAndSet(proc, ABANDONED)) {
        AsyncProcess.discard(proc);
      }
    });
    Process p;
    try {
      p = Asyncio.await(started);
    } catch (CancelledError e) {
      if (slot.getAndSet(ABANDONED) instanceof Process unwanted) {
        AsyncProcess.discard(unwanted);
      }
      throw e;
    }
    boolean stderrPipe = stderr == Redirect.PIPE;
    return new AsyncProcess(loop, p, stdin == Redirect.PIPE, stdout == Redirect.PIPE,
        stderrPipe, limit);
  }
}
