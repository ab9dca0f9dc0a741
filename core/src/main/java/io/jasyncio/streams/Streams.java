package io.jasyncio.streams;

import io.jasyncio.internal.io.Coroutines;
import io.jasyncio.internal.io.IoLoop;
import io.jasyncio.internal.io.SocketTransport;
import io.jasyncio.internal.io.StreamProtocol;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Opening connections and starting servers (asyncio's {@code open_connection}, {@code
 * start_server} and their Unix-domain forms). Every method suspends: call it from a coroutine; it
 * uses the running loop's selector, never blocks the loop thread, and looks names up in the
 * loop's default executor.
 *
 * <p>A connect timeout is a timeout around the call: {@code Asyncio.timeout(5, () ->
 * Streams.openConnection(host, port))}. Cancelling a pending {@code openConnection} closes the
 * socket it was connecting.
 *
 * {@snippet :
 * Asyncio.run(() -> {
 *   Server server = Streams.startServer((r, w) -> {      // echo, one task per client
 *     w.write(r.readline());
 *     w.drain();
 *   }, "127.0.0.1", 0);
 *   Connection c = Streams.openConnection("127.0.0.1", server.port());
 *   c.writer().write("hello\n".getBytes());
 *   byte[] echo = c.reader().readline();                 // "hello\n"
 *   c.writer().close();
 *   server.close();
 *   server.waitClosed();
 *   return echo;
 * });
 * }
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
    Server.checkPort(port);
    IoLoop loop = Coroutines.require("openConnection");
    List<InetAddress> addresses = Connector.resolve(host);
    Connector.Connected c = Connector.connectAny(loop, addresses, port);
    return finishClient(loop, c, options, host, port);
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
    IoLoop loop = Coroutines.require("openUnixConnection");
    Connector.Connected c = Connector.connect(loop, UnixDomainSocketAddress.of(path));
    return finishClient(loop, c, options, null, -1);
  }

  private static Connection finishClient(
      IoLoop loop, Connector.Connected c, StreamOptions options, String host, int port)
      throws IOException {
    boolean ok = false;
    try {
      StreamReader reader = new StreamReader(options.limit());
      StreamProtocol app = new StreamProtocol(loop, reader, null);
      Connection conn;
      if (options.tls() == null) {
        SocketTransport t = new SocketTransport(loop, c.channel(), c.registration(), app);
        t.start();
        conn = new Connection(reader, new StreamWriter(t, app, reader));
      } else {
        conn = Tls.clientHandshake(loop, c, options, host, port, reader, app);
      }
      ok = true;
      return conn;
    } finally {
      if (!ok && c.channel().isOpen()) {
        c.registration().cancel();
        c.channel().close();
      }
    }
  }

  /** Suspends: starts a TCP server on {@code host:port} (port 0: any free port). */
  public static Server startServer(ClientHandler handler, String host, int port)
      throws IOException {
    return startServer(handler, host, port, StreamOptions.defaults());
  }

  /**
   * Suspends: listens on every address {@code host} resolves to (null or empty: all interfaces)
   * and serves at once, running {@code handler} as a task per connection.
   */
  public static Server startServer(
      ClientHandler handler, String host, int port, StreamOptions options) throws IOException {
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(options, "options");
    Server.checkPort(port);
    IoLoop loop = Coroutines.require("startServer");
    List<InetSocketAddress> binds = new ArrayList<>();
    if (host == null || host.isEmpty()) {
      binds.add(new InetSocketAddress(port));
    } else {
      for (InetAddress a : Connector.resolve(host)) {
        binds.add(new InetSocketAddress(a, port));
      }
    }
    List<ServerSocketChannel> listeners = new ArrayList<>();
    boolean ok = false;
    try {
      for (InetSocketAddress a : binds) {
        ServerSocketChannel ch = ServerSocketChannel.open(
            a.getAddress() instanceof java.net.Inet6Address
                ? StandardProtocolFamily.INET6
                : StandardProtocolFamily.INET);
        listeners.add(ch);
        ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        try {
          ch.bind(a, 100);
        } catch (BindException e) {
          BindException be = new BindException(e.getMessage() + ": " + a);
          be.initCause(e);
          throw be;
        }
      }
      Server s = new Server(loop, handler, options, listeners, null);
      s.startServing();
      ok = true;
      return s;
    } finally {
      if (!ok) {
        for (ServerSocketChannel ch : listeners) {
          ch.close();
        }
      }
    }
  }

  /** Suspends: starts a server on the Unix-domain socket {@code path}. */
  public static Server startUnixServer(ClientHandler handler, Path path) throws IOException {
    return startUnixServer(handler, path, StreamOptions.defaults());
  }

  /**
   * Suspends: starts a server on the Unix-domain socket {@code path}. A stale socket file there
   * is removed first; any other file makes it fail with {@link BindException}. Closing the server
   * removes the socket file.
   */
  public static Server startUnixServer(ClientHandler handler, Path path, StreamOptions options)
      throws IOException {
    Objects.requireNonNull(handler, "handler");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(options, "options");
    IoLoop loop = Coroutines.require("startUnixServer");
    if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      if (isSocket(path)) {
        Files.delete(path);
      } else {
        throw new BindException("Address already in use (not a socket): " + path);
      }
    }
    ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    boolean ok = false;
    try {
      ch.bind(UnixDomainSocketAddress.of(path), 100);
      Server s = new Server(loop, handler, options, List.of(ch), path);
      s.startServing();
      ok = true;
      return s;
    } finally {
      if (!ok) {
        ch.close();
      }
    }
  }

  private static boolean isSocket(Path path) {
    try {
      Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      return mode instanceof Integer m && (m & 0170000) == 0140000;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }
}
