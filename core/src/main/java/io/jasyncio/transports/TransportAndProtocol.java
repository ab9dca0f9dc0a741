package io.jasyncio.transports;

/**
 * What {@link Transports#createConnection} returns: the connected transport and the protocol the
 * factory made for it (asyncio's {@code (transport, protocol)} pair).
 *
 * {@snippet :
 * TransportAndProtocol<MyProtocol> tp =
 *     Transports.createConnection(MyProtocol::new, "127.0.0.1", port);
 * MyProtocol p = tp.protocol();
 * }
 *
 * @param transport the connection
 * @param protocol the protocol made by the factory
 * @param <P> the protocol's type
 */
public record TransportAndProtocol<P extends BaseProtocol>(Transport transport, P protocol) {}
