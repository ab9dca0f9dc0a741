package io.jasyncio.streams;

import java.net.SocketAddress;

/**
 * The callbacks of a datagram endpoint (asyncio's {@code DatagramProtocol}), for code that
 * reacts to datagrams as they come; {@link DatagramStream} is the suspending alternative.
 *
 * {@snippet class=io.jasyncio.streams.StreamsSnippetsTest region=datagramProtocol}
 *
 * <p>Every callback runs on the loop thread, as a plain callback: it must not suspend (start a
 * task for that).
 */
public interface DatagramProtocol {
  /** The endpoint is ready; {@code transport} sends and closes. */
  default void connectionMade(DatagramTransport transport) {}

  /** One datagram from {@code addr}. */
  void datagramReceived(byte[] data, SocketAddress addr);

  /** A send or receive failed (for instance ICMP port unreachable on a connected endpoint). */
  default void errorReceived(Exception exc) {}

  /** The endpoint is closed; {@code exc} is null for a normal close. */
  default void connectionLost(Exception exc) {}
}
