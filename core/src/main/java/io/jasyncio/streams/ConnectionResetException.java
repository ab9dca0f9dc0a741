package io.jasyncio.streams;

import java.io.IOException;

/**
 * The connection was reset or lost (asyncio's {@code ConnectionResetError}): the peer reset it,
 * or {@code drain()} was called after the connection had gone. The cause, when present, is the
 * operating system's error.
 *
 * {@snippet :
 * try {
 *   byte[] line = reader.readline();
 * } catch (ConnectionResetException e) {
 *   log.info("peer went away: " + e.getMessage());
 * }
 * }
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
