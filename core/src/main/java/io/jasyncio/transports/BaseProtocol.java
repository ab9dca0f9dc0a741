package io.jasyncio.transports;

/**
 * The callbacks every protocol has (asyncio's {@code BaseProtocol}): the connection's start and
 * end, and the write-side flow control of its transport.
 *
 * <p>Order: {@link #connectionMade} once, then the data callbacks of {@link Protocol} or {@link
 * BufferedProtocol}, then at most one {@code eofReceived}, then {@link #connectionLost} exactly
 * once. {@link #pauseWriting}/{@link #resumeWriting} come in pairs in between. A callback that
 * throws goes to the loop's exception handler and the transport is aborted (its {@code
 * connectionLost} gets the exception).
 *
 * <p><b>Threads.</b> Every callback runs on the loop thread and must not block.
 *
 * {@snippet class=io.jasyncio.transports.TransportsSnippetsTest region=baseProtocol}
 */
public interface BaseProtocol {
  /** The connection is made; {@code transport} is the one to write to. */
  default void connectionMade(Transport transport) {}

  /**
   * The connection is closed: {@code excOrNull} is null after an EOF or a {@code close()}, else
   * the error (an {@link java.io.IOException} of the socket, or what a callback threw).
   */
  default void connectionLost(Throwable excOrNull) {}

  /** The transport's write buffer went above its high-water mark: stop writing for a while. */
  default void pauseWriting() {}

  /** The transport's write buffer drained to its low-water mark: writing may go on. */
  default void resumeWriting() {}
}
