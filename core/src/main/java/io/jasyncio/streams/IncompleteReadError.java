package io.jasyncio.streams;

import java.io.EOFException;

/**
 * EOF came before the expected data: asyncio's {@code IncompleteReadError}. {@link #partial()}
 * holds what was read; {@link #expected()} the number of bytes asked for, or null when reading up
 * to a separator.
 *
 * {@snippet class=io.jasyncio.streams.StreamsSnippetsTest region=incompleteReadError}
 *
 * <p>Immutable; any thread may read it.
 */
public class IncompleteReadError extends EOFException {
  private static final long serialVersionUID = 1L;

  private final byte[] partial;
  private final Integer expected;

  /** {@code partial}: what was read (copied); {@code expected}: the count asked for, or null. */
  public IncompleteReadError(byte[] partial, Integer expected) {
    super(
        partial.length
            + " bytes read on a total of "
            + (expected == null ? "undefined" : expected.toString())
            + " expected bytes");
    this.partial = partial.clone();
    this.expected = expected;
  }

  /** The bytes read before EOF (a copy). */
  public byte[] partial() {
    return partial.clone();
  }

  /** The number of bytes expected, or null for {@code readuntil}. */
  public Integer expected() {
    return expected;
  }
}
