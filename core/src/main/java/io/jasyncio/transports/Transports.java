package io.jasyncio.transports;

import io.jasyncio.Asyncio;
import io.jasyncio.internal.io.IoLoop;
import io.jasyncio.internal.io.Resolver;
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
import java.util.function.Supplier;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Connections and servers for protocols (asyncio's {@code loop.create_connection}, {@code
 * create_server} and their Unix-domain forms), TLS included. Every method suspends: call it from a
 * coroutine; it uses the running loop's selector, never blocks the loop thread, and looks names up
 * in the loop's default executor.
 *
 * <p>A client call returns once the connection is made (and, with TLS, the handshake is done):
 * the protocol's {@code connectionMade} has run by then. A server makes one protocol per accepted
 * connection with its factory; with TLS, {@code connectionMade} runs once that connection's
 * handshake is done, and a connection whose handshake fails is dropped without its protocol
 * hearing of it. Cancelling a pending call closes the socket it was connecting.
 *
 * {@snippet class=io.jasyncio.transports.TransportsSnippetsTest region=transports}
 */
public final class Transports {
  /** The listen backlog when none is given (asyncio's 100). */
  public static final int DEFAULT_BACKLOG = 100;

  private Transports() {}

  /** Suspends: connects to {@code host:port} over TCP; see the five-argument form. */
  public static <P extends BaseProtocol> TransportAndProtocol<P> createConnection(
      Supplier<P> factory, String host, int port) throws IOException {
    return createConnection(factory, host, port, null, null);
  }

  /**
   * Suspends: resolves {@code host} (off the loop), tries each address in turn, and connects a
   * protocol from {@code factory} to the first connection made. With {@code tlsOrNull}, runs the
   * TLS handshake first: the name checked against the certificate and sent as SNI is {@code
   * serverHostnameOrNull}, else {@code host}. Connection refused: {@link java.net.ConnectException};
   * a failed handshake: {@link javax.net.ssl.SSLException}.
   */
  public static <P extends BaseProtocol> TransportAndProtocol<P> createConnection(
      Supplier<P> factory, String host, int port, SSLContext tlsOrNull, String serverHostnameOrNull)
      throws IOException {
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(host, "host");
    checkPort(port);
    IoLoop loop = IoLoop.require("createConnection");
    List<InetAddress> addresses = Resolver.resolve(host);
    Connector.Connected c = Connector.connectAny(loop, addresses, port);
    String name = serverHostnameOrNull != null ? serverHostnameOrNull : host;
    return finishClient(loop, c, factory, tlsOrNull, name, port);
  }

  /** Suspends: connects to the Unix-domain socket at {@code path}. */
  public static <P extends BaseProtocol> TransportAndProtocol<P> createUnixConnection(
      Supplier<P> factory, Path path) throws IOException {
    return createUnixConnection(factory, path, null, null);
  }

  /**
   * Suspends: connects to the Unix-domain socket at {@code path}, over TLS with {@code tlsOrNull}
   * (the certificate is checked against {@code serverHostnameOrNull} when given).
   */
  public static <P extends BaseProtocol> TransportAndProtocol<P> createUnixConnection(
      Supplier<P> factory, Path path, SSLContext tlsOrNull, String serverHostnameOrNull)
      throws IOException {
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(path, "path");
    IoLoop loop = IoLoop.require("createUnixConnection");
    Connector.Connected c = Connector.connect(loop, UnixDomainSocketAddress.of(path));
    return finishClient(loop, c, factory, tlsOrNull, serverHostnameOrNull, -1);
  }

  private static <P extends BaseProtocol> TransportAndProtocol<P> finishClient(
      IoLoop loop,
      Connector.Connected c,
      Supplier<P> factory,
      SSLContext tls,
      String name,
      int port)
      throws IOException {
    boolean ok = false;
    try {
      P protocol = Objects.requireNonNull(factory.get(), "the protocol factory returned null");
      Protocols.check(protocol);
      TransportAndProtocol<P> result;
      if (tls == null) {
        SocketTransport t = new SocketTransport(loop, c.channel(), c.registration(), protocol);
        t.start();
        result = new TransportAndProtocol<>(t, protocol);
      } else {
        TlsProtocol p = new TlsProtocol(loop, clientEngine(tls, name, port), tls, protocol);
        SocketTransport raw = new SocketTransport(loop, c.channel(), c.registration(), p);
        boolean done = false;
        try {
          raw.start();
          Asyncio.await(p.handshake());
          done = true;
        } finally {
          if (!done) {
            raw.abort();
          }
        }
        result = new TransportAndProtocol<>(p.appTransport(), protocol);
      }
      ok = true;
      return result;
    } finally {
      if (!ok && c.channel().isOpen()) {
        c.registration().cancel();
        c.channel().close();
      }
    }
  }

  private static SSLEngine clientEngine(SSLContext ctx, String name, int port) {
    SSLEngine engine = name != null ? ctx.createSSLEngine(name, port) : ctx.createSSLEngine();
    engine.setUseClientMode(true);
    if (name != null) {
      SSLParameters params = engine.getSSLParameters();
      if (!isLiteral(name)) {
        params.setServerNames(List.of(new SNIHostName(name)));
      }
      params.setEndpointIdentificationAlgorithm("HTTPS");
      engine.setSSLParameters(params);
    }
    return engine;
  }

  private static boolean isLiteral(String name) {
    try {
      InetAddress.ofLiteral(name);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Suspends: starts a TCP server on {@code host:port} (port 0: any free port). */
  public static Server createServer(
      Supplier<? extends BaseProtocol> factory, String host, int port) throws IOException {
    return createServer(factory, host, port, null, DEFAULT_BACKLOG);
  }

  /**
   * Suspends: listens on every address {@code host} resolves to (null or empty: all interfaces)
   * and serves at once, giving each connection a protocol from {@code factory}; over TLS with
   * {@code tlsOrNull}.
   */
  public static Server createServer(
      Supplier<? extends BaseProtocol> factory,
      String host,
      int port,
      SSLContext tlsOrNull,
      int backlog)
      throws IOException {
    Objects.requireNonNull(factory, "factory");
    checkPort(port);
    IoLoop loop = IoLoop.require("createServer");
    List<InetSocketAddress> binds = new ArrayList<>();
    if (host == null || host.isEmpty()) {
      binds.add(new InetSocketAddress(port));
    } else {
      for (InetAddress a : Resolver.resolve(host)) {
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
          ch.bind(a, backlog);
        } catch (BindException e) {
          BindException be = new BindException(e.getMessage() + ": " + a);
          be.initCause(e);
          throw be;
        }
      }
      Server s = new Server(loop, factory, tlsOrNull, listeners, null);
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
  public static Server createUnixServer(Supplier<? extends BaseProtocol> factory, Path path)
      throws IOException {
    return createUnixServer(factory, path, null, DEFAULT_BACKLOG);
  }

  /**
   * Suspends: starts a server on the Unix-domain socket {@code path}, over TLS with {@code
   * tlsOrNull}. A stale socket file there is removed first; any other file makes it fail with
   * {@link BindException}. Closing the server removes the socket file.
   */
  public static Server createUnixServer(
      Supplier<? extends BaseProtocol> factory, Path path, SSLContext tlsOrNull, int backlog)
      throws IOException {
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(path, "path");
    IoLoop loop = IoLoop.require("createUnixServer");
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
      ch.bind(UnixDomainSocketAddress.of(path), backlog);
      Server s = new Server(loop, factory, tlsOrNull, List.of(ch), path);
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

  static void checkPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range 0..65535: " + port);
    }
  }
}
