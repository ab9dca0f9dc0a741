package io.jasyncio.streams;

import io.jasyncio.EventLoop;
import io.jasyncio.internal.io.IoLoop;
import io.jasyncio.transports.Server;
import io.jasyncio.transports.TransportAndProtocol;
import io.jasyncio.transports.Transports;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Opening connections and starting servers (asyncio's {@code open_connection}, {@code
 * start_server} and their Unix-domain forms). Every method suspends: call it from a coroutine; it
 * uses the running loop's selector, never blocks the loop thread, and looks names up in the
 * loop's default executor.
 *
 * <p>Built on {@link Transports}, as asyncio's streams are on its transports: each connection is
 * a transport whose protocol feeds the reader and serves the writer's {@code drain()}.
 *
 * <p>A connect timeout is a timeout around the call: {@code Asyncio.timeout(5, () ->
 * Streams.openConnection(host, port))}. Cancelling a pending {@code openConnection} closes the
 * socket it was connecting.
 *
 * {@snippet class=io.jasyncio.streams.StreamsSnippetsTest region=streams}
 */
public final class Streams {
  private Streams() {}

  /** Suspends: connects to {@code host:port} (TCP) with the default options. */
  public static Connection openConnection(String host, int port) throws IOException {
    return openConnection(host, port, StreamOptions.defaults());
  }

  /**
   * Suspends: resolves {@code host} (off the loop), tries each address in turn, and returns the
   * reader and writer of the first connection made. Connection refused: {@link
   * java.net.ConnectException}; with TLS, a failed handshake: {@link javax.net.ssl.SSLException}.
   */
  public static Connection openConnection(String host, int port, StreamOptions options)
      throws IOException {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(options, "options");
    checkPort(port);
    EventLoop loop = IoLoop.require("openConnection");
    StreamReader reader = new StreamReader(options.limit());
    TransportAndProtocol<StreamReaderProtocol> tp = Transports.createConnection(
        () -> new StreamReaderProtocol(loop, reader, null), host, port, options.tls(),
        options.serverHostname());
    return new Connection(reader, new StreamWriter(tp.transport(), tp.protocol(), reader));
  }

  /** Suspends: connects to the Unix-domain socket at {@code path}. */
  public static Connection openUnixConnection(Path path) throws IOException {
    return openUnixConnection(path, StreamOptions.defaults());
  }

  /** Suspends: connects to the Unix-domain socket at {@code path}, TLS included if asked. */
  public static Connection openUnixConnection(Path path, StreamOptions options)
      throws IOException {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(options, "options");
    EventLoop loop = IoLoop.require("openUnixConnection");
    StreamReader reader = new StreamReader(options.limit());
    TransportAndProtocol<StreamReaderProtocol> tp = Transports.createUnixConnection(
        () -> new StreamReaderProtocol(loop, reader, null), path, options.tls(),
        options.serverHostname());
    return new Connection(reader, new StreamWriter(tp.transport(), tp.protocol(), reader));
  }

  /** Suspends: starts a TCP server on {@code host:port} (port 0: any free port). */
  public static Server startServer(ClientHandler handler, String host, int port)
      throws IOException {
    return startServer(handler, host, port, StreamOptions.defaults());
  }

  /**
   * Suspends: listens on every address {@code host} resolves to (null or empty: all interfaces)
   * and serves at once, running {@code handler} as a task per connection; the connection is
   * closed when the handler returns.
   */
  public static Server startServer(
      ClientHandler handler, String host, int port, StreamOptions options) throws IOException {
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(options, "options");
    checkPort(port);
    EventLoop loop = IoLoop.require("startServer");
    return Transports.createServer(
        () -> new StreamReaderProtocol(loop, new StreamReader(options.limit()), handler),
        host, port, options.tls(), Transports.DEFAULT_BACKLOG);
  }

  /** Suspends: starts a server on the Unix-domain socket {@code path}. */
  public static Server startUnixServer(ClientHandler handler, Path path) throws IOException {
    return startUnixServer(handler, path, StreamOptions.defaults());
  }

  /**
   * Suspends: starts a server on the Unix-domain socket {@code path}. A stale socket file there
   * is removed first; any other file makes it fail with {@link java.net.BindException}. Closing
   * the server removes the socket file.
   */
  public static Server startUnixServer(ClientHandler handler, Path path, StreamOptions options)
      throws IOException {
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(options, "options");
    EventLoop loop = IoLoop.require("startUnixServer");
    return Transports.createUnixServer(
        () -> new StreamReaderProtocol(loop, new StreamReader(options.limit()), handler),
        path, options.tls(), Transports.DEFAULT_BACKLOG);
  }

  static void checkPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range 0..65535: " + port);
    }
  }
}
