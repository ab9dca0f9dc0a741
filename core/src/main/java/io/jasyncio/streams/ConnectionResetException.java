package io.jasyncio.streams;

import java.io.IOException;

/**
 * The connection was reset or lost (asyncio's {@code ConnectionResetError}): the peer reset it,
 * or {@code drain()} was called after the connection had gone. The cause, when present, is the
 * operating system's error.
 *
 * {@snippet class=io.jasyncio.streams.StreamsSnippetsTest region=connectionResetException}
 *
 * <p>Immutable; any thread may read it.
 */
public class ConnectionResetException extends IOException {
  private static final long serialVersionUID = 1L;

  /** With {@code message}. */
  public ConnectionResetException(String message) {
    super(message);
  }

  /** With {@code message} and the operating system's error. */
  public ConnectionResetException(String message, Throwable cause) {
    super(message, cause);
  }
}
