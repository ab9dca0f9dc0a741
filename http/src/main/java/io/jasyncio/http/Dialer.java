package io.jasyncio.http;

import io.jasyncio.transports.TransportAndProtocol;
import io.jasyncio.transports.Transports;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * How a {@link ClientSession} opens a connection: {@link Transports#createConnection} by default;
 * tests hand a session one that opens in-memory connections, so that pool timers run on a virtual
 * clock with no socket in flight.
 *
 * <p>Threads: called on the session's loop, from the task that needs the connection.
 */
@FunctionalInterface
interface Dialer {
  /** The default: a TCP connection (TLS when {@code tlsOrNull} is set). */
  Dialer TCP = Transports::createConnection;

  /** Suspends: opens a connection to {@code host:port} with a protocol made by {@code factory}. */
  TransportAndProtocol<ClientConnection> dial(Supplier<ClientConnection> factory, String host,
      int port, SSLContext tlsOrNull, String serverHostnameOrNull) throws Exception;
}
