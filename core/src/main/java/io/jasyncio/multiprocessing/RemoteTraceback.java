package io.jasyncio.multiprocessing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Objects;
import java.util.Optional;

/**
 * The worker-side stack trace of an exception that a task threw in another process (Python's
 * {@code concurrent.futures.process._RemoteTraceback}). The exception itself is rethrown in the
 * caller unchanged (same class, message and cause); this object is attached to it as its cause when
 * it has none, else as a suppressed exception, so a printed stack trace shows where the task failed:
 *
 * <pre>
 * java.lang.ArithmeticException: / by zero
 *     at ...
 * Caused by: io.jasyncio.multiprocessing.RemoteTraceback:
 * """
 * java.lang.ArithmeticException: / by zero
 *     at app.Work.crunch(Work.java:12)     &lt;- in the worker
 *     ...
 * """
 * </pre>
 *
 * <p>The static helpers are the one way jasyncio presents remote exceptions, so every executor that
 * runs tasks elsewhere (process pools, cluster executors) shows them alike: {@link #attach} on the
 * receiving side, {@link RemoteError#portable} on the sending side.
 *
 * <p><b>Threads.</b> Immutable; the helpers may be called from any thread.
 *
 * {@snippet class=io.jasyncio.multiprocessing.MultiprocessingSnippetsTest region=remoteTraceback}
 */
public class RemoteTraceback extends Exception {
  private static final long serialVersionUID = 1L;

  /** The worker-side stack trace text, as {@link Throwable#printStackTrace()} printed it there. */
  private final String trace;

  /**
   * A traceback holding the given text. It has no stack trace of its own (the text is the point),
   * and takes no suppressed exceptions.
   */
  public RemoteTraceback(String trace) {
    super(null, null, false, false);
    this.trace = Objects.requireNonNull(trace, "trace");
  }

  /** The worker-side stack trace, as printed in the worker. */
  public String trace() {
    return trace;
  }

  /** The trace between triple quotes, as Python prints a remote traceback. */
  @Override
  public String getMessage() {
    return "\n\"\"\"\n" + trace + (trace.endsWith("\n") ? "" : "\n") + "\"\"\"";
  }

  /**
   * Attaches a {@code RemoteTraceback} made of the exception's own stack trace, as it stands when
   * it has just been received (Java serialization keeps the sender's frames), and returns the
   * exception. See {@link #attach(Throwable, String)}.
   */
  public static <X extends Throwable> X attach(X exception) {
    return attach(exception, format(exception));
  }

  /**
   * Attaches a {@code RemoteTraceback} holding {@code trace} to {@code exception}, as its cause when
   * it has none, else as a suppressed exception, and returns the exception, otherwise unchanged. An
   * exception that already carries a remote traceback is returned as it is.
   */
  public static <X extends Throwable> X attach(X exception, String trace) {
    Objects.requireNonNull(exception, "exception");
    if (find(exception).isPresent()) {
      return exception;
    }
    RemoteTraceback tb = new RemoteTraceback(trace);
    if (exception.getCause() == null) {
      try {
        exception.initCause(tb);
        return exception;
      } catch (IllegalStateException | IllegalArgumentException causeFixed) {
        // the cause was set to null explicitly: fall through to suppressed
      }
    }
    exception.addSuppressed(tb);
    return exception;
  }

  /** The remote traceback attached to {@code exception} by {@link #attach}, if any. */
  public static Optional<RemoteTraceback> find(Throwable exception) {
    if (exception.getCause() instanceof RemoteTraceback tb) {
      return Optional.of(tb);
    }
    for (Throwable s : exception.getSuppressed()) {
      if (s instanceof RemoteTraceback tb) {
        return Optional.of(tb);
      }
    }
    return Optional.empty();
  }

  /** The text {@link Throwable#printStackTrace()} prints for {@code exception}, causes included. */
  public static String format(Throwable exception) {
    StringWriter out = new StringWriter();
    try (PrintWriter w = new PrintWriter(out)) {
      exception.printStackTrace(w);
    }
    return out.toString();
  }
}
