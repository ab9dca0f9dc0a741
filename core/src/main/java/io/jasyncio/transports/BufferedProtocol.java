package io.jasyncio.transports;

import java.nio.ByteBuffer;

/**
 * A protocol that owns its read buffer (asyncio's {@code BufferedProtocol}): the transport reads
 * straight into the buffer {@link #getBuffer} returns, so a parser sees the bytes with no copy.
 *
 * <p>For each read the transport calls {@code getBuffer(sizeHint)}, reads into the returned buffer
 * from its position up to its limit, leaves position and limit as they were, and reports the count
 * to {@link #bufferUpdated}. The buffer must have room ({@code hasRemaining()}), or the transport
 * fails with {@link IllegalStateException}.
 *
 * <p><b>Threads.</b> Callbacks run on the loop thread and must not block.
 *
 * {@snippet class=io.jasyncio.transports.TransportsSnippetsTest region=bufferedProtocol}
 */
public interface BufferedProtocol extends BaseProtocol {
  /**
   * The buffer to read into next; {@code sizeHint} is the size the transport would like, or -1
   * when it has no preference (it is a hint: any buffer with room will do).
   */
  ByteBuffer getBuffer(int sizeHint);

  /** {@code nbytes} bytes were written into the last buffer, from its position on. */
  void bufferUpdated(int nbytes);

  /** As {@link Protocol#eofReceived()}: false (the default) lets the transport close itself. */
  default boolean eofReceived() {
    return false;
  }
}
