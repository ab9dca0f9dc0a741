package io.jasyncio;

/**
 * An operation on a {@link Future} that its state does not allow: the result of a pending future,
 * or a second {@code setResult}.
 *
 * {@snippet class=io.jasyncio.AsyncioSnippetsTest region=invalidStateError}
 */
public class InvalidStateError extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public InvalidStateError(String message) {
    super(message);
  }
}
