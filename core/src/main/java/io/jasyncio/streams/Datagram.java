package io.jasyncio.streams;

import java.net.SocketAddress;

/**
 * One datagram received by a {@link DatagramStream}: its bytes and the sender's address.
 *
 * {@snippet class=io.jasyncio.streams.StreamsSnippetsTest region=datagram}
 *
 * <p>Immutable once received; any thread may read it.
 *
 * @param data the payload
 * @param address the sender
 */
public record Datagram(byte[] data, SocketAddress address) {}
