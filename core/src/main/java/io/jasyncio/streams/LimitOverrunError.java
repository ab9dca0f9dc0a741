package io.jasyncio.streams;

import java.io.IOException;

/**
 * The separator was not found within the reader's limit: asyncio's {@code LimitOverrunError}.
 * {@link #consumed()} is the number of bytes to consume to get past the data looked at.
 *
 * {@snippet class=io.jasyncio.streams.StreamsSnippetsTest region=limitOverrunError}
 *
 * <p>Immutable; any thread may read it.
 */
public class LimitOverrunError extends IOException {
  private static final long serialVersionUID = 1L;

  private final int consumed;

  /** With {@code message}; {@code consumed}: the bytes to skip to get past the data seen. */
  public LimitOverrunError(String message, int consumed) {
    super(message);
    this.consumed = consumed;
  }

  /** The bytes to consume to get past the data looked at. */
  public int consumed() {
    return consumed;
  }
}
