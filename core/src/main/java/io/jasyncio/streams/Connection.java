package io.jasyncio.streams;

import java.util.Objects;

/**
 * The two halves of an open connection, as {@code asyncio.open_connection} returns them.
 *
 * {@snippet :
 * Connection c = Streams.openConnection("127.0.0.1", 8888);
 * c.writer().write("ping\n".getBytes());
 * c.writer().drain();
 * byte[] answer = c.reader().readline();
 * c.writer().close();
 * c.writer().waitClosed();
 * }
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
