package io.jasyncio.streams;

import java.util.Objects;

/**
 * The two halves of an open connection, as {@code asyncio.open_connection} returns them.
 *
 * {@snippet class=io.jasyncio.streams.StreamsSnippetsTest region=connection}
 *
 * <p>Loop-bound, as its reader and writer.
 */
public record Connection(StreamReader reader, StreamWriter writer) {
  /** Both halves are required. */
  public Connection {
    Objects.requireNonNull(reader, "reader");
    Objects.requireNonNull(writer, "writer");
  }
}
