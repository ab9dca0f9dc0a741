package io.jasyncio.transports;

/**
 * What {@link Transports#createConnection} returns: the connected transport and the protocol the
 * factory made for it (asyncio's {@code (transport, protocol)} pair).
 *
 * {@snippet class=io.jasyncio.transports.TransportsSnippetsTest region=transportAndProtocol}
 *
 * @param transport the connection
 * @param protocol the protocol made by the factory
 * @param <P> the protocol's type
 */
public record TransportAndProtocol<P extends BaseProtocol>(Transport transport, P protocol) {}
