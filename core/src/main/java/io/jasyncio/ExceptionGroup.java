package io.jasyncio;

import java.util.List;
import java.util.Objects;

/**
 * Several failures raised together, as Python's {@code ExceptionGroup}: a {@link TaskGroup} whose
 * children (or body) failed raises one with every failure, in the order they happened. The first
 * one is also this exception's cause, and the others are attached as suppressed exceptions so
 * that a stack trace shows them all.
 *
 * {@snippet class=io.jasyncio.AsyncioSnippetsTest region=exceptionGroup}
 */
public class ExceptionGroup extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final List<Throwable> exceptions;

  public ExceptionGroup(String message, List<? extends Throwable> exceptions) {
    super(
        message + " (" + Objects.requireNonNull(exceptions, "exceptions").size() + " sub-exception"
            + (exceptions.size() == 1 ? "" : "s") + ")",
        exceptions.isEmpty() ? null : exceptions.get(0));
    if (exceptions.isEmpty()) {
      throw new IllegalArgumentException("an ExceptionGroup needs at least one exception");
    }
    this.exceptions = List.copyOf(exceptions);
    for (int i = 1; i < this.exceptions.size(); i++) {
      addSuppressed(this.exceptions.get(i));
    }
  }

  /** The grouped failures, in the order they were raised. */
  public List<Throwable> exceptions() {
    return exceptions;
  }
}
