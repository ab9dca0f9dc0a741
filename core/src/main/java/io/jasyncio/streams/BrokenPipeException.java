package io.jasyncio.streams;

import java.io.IOException;

/**
 * Writing to a pipe (or socket) whose reading end is closed (Python's {@code BrokenPipeError}),
 * e.g. a child process that exited without reading its input: {@code drain()} raises it.
 *
 * {@snippet class=io.jasyncio.streams.StreamsSnippetsTest region=brokenPipeException}
 *
 * <p>Immutable; any thread may read it.
 */
public class BrokenPipeException extends IOException {
  private static final long serialVersionUID = 1L;

  /** With {@code message}. */
  public BrokenPipeException(String message) {
    super(message);
  }

  /** With {@code message} and the operating system's error. */
  public BrokenPipeException(String message, Throwable cause) {
    super(message, cause);
  }
}
