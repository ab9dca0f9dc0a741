package io.jasyncio.streams;

/**
 * What {@link Datagrams#createDatagramEndpoint} returns: the transport and the protocol it made
 * (asyncio's {@code (transport, protocol)} pair).
 *
 * {@snippet class=io.jasyncio.streams.StreamsSnippetsTest region=datagramEndpoint}
 *
 * <p>Loop-bound, as its transport.
 *
 * @param transport the endpoint's transport
 * @param protocol the protocol the factory made
 * @param <P> the protocol type
 */
public record DatagramEndpoint<P extends DatagramProtocol>(
    DatagramTransport transport, P protocol) {}
