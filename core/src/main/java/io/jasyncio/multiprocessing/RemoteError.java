package io.jasyncio.multiprocessing;

import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * An exception thrown by a task in another process that could not be sent back as it is (it, or
 * something it holds, is not serializable). It carries the remote exception's class name, message
 * and stack text; the stack text is attached as a {@link RemoteTraceback} cause.
 *
 * <p><b>Threads.</b> Immutable; {@link #portable} may be called from any thread.
 *
 * {@snippet class=io.jasyncio.multiprocessing.MultiprocessingSnippetsTest region=remoteError}
 */
public class RemoteError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String remoteClassName;
  private final String remoteMessage;

  /**
   * A remote exception of class {@code remoteClassName} with the given message (may be null) and
   * stack text (may be null when unknown).
   */
  public RemoteError(String remoteClassName, String remoteMessage, String remoteTrace) {
    super(
        Objects.requireNonNull(remoteClassName, "remoteClassName")
            + (remoteMessage == null ? "" : ": " + remoteMessage)
            + " (raised in another process and not serializable)",
        remoteTrace == null ? null : new RemoteTraceback(remoteTrace));
    this.remoteClassName = remoteClassName;
    this.remoteMessage = remoteMessage;
  }

  /** The binary name of the remote exception's class. */
  public String remoteClassName() {
    return remoteClassName;
  }

  /** The remote exception's message, or null. */
  public String remoteMessage() {
    return remoteMessage;
  }

  /** A {@code RemoteError} describing {@code exception}: its class name, message and stack text. */
  public static RemoteError of(Throwable exception) {
    return new RemoteError(
        exception.getClass().getName(), exception.getMessage(), RemoteTraceback.format(exception));
  }

  /**
   * What a worker sends back for an exception its task threw: the exception itself when it
   * serializes (causes and suppressed exceptions included), else {@link #of(Throwable)}.
   */
  public static Throwable portable(Throwable exception) {
    try (ObjectOutputStream out = new ObjectOutputStream(OutputStream.nullOutputStream())) {
      out.writeObject(exception);
      return exception;
    } catch (IOException | RuntimeException notSerializable) {
      return of(exception);
    }
  }
}
