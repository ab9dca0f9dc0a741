package io.jasyncio.internal.io;

import java.nio.ByteBuffer;

/**
 * The receiving side of a transport (asyncio's protocol). Every callback runs on the loop thread;
 * {@link #dataReceived} must consume the buffer before it returns (the transport reuses it).
 */
public interface Protocol {
  void connectionMade(Transport transport);

  /** Bytes from position to limit; the buffer is reused once this returns. */
  void dataReceived(ByteBuffer data);

  /** The peer closed its write side; return true to keep our side open (half-close). */
  boolean eofReceived();

  /** The connection is closed; {@code exc} is null for a normal close. Called exactly once. */
  void connectionLost(Throwable exc);

  /** The transport's write buffer went above the high-water mark. */
  void pauseWriting();

  /** The transport's write buffer went down to the low-water mark. */
  void resumeWriting();
}
