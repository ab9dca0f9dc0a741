package io.jasyncio.streams;

import io.jasyncio.Asyncio;
import io.jasyncio.internal.io.IoLoop;
import io.jasyncio.internal.io.Protocol;
import io.jasyncio.internal.io.SocketTransport;
import io.jasyncio.internal.io.StreamProtocol;
import io.jasyncio.internal.io.TlsProtocol;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/** TLS set-up for clients and servers, over {@link TlsProtocol}. */
final class Tls {
  private Tls() {}

  /**
   * Suspends: runs the client handshake over the connected channel and returns the connection.
   * The name checked and sent (SNI) is {@code serverHostname}, else {@code host}.
   */
  static Connection clientHandshake(
      IoLoop loop,
      Connector.Connected c,
      StreamOptions options,
      String host,
      int port,
      StreamReader reader,
      StreamProtocol app)
      throws IOException {
    SSLContext ctx = options.tls();
    String name = options.serverHostname() != null ? options.serverHostname() : host;
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
    TlsProtocol tls = new TlsProtocol(loop, engine, ctx, app);
    SocketTransport raw = new SocketTransport(loop, c.channel(), c.registration(), tls);
    boolean ok = false;
    try {
      raw.start();
      Asyncio.await(tls.handshake());
      ok = true;
    } finally {
      if (!ok) {
        raw.abort();
      }
    }
    return new Connection(reader, new StreamWriter(tls.appTransport(), app, reader));
  }

  private static boolean isLiteral(String name) {
    try {
      InetAddress.ofLiteral(name);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The protocol a server puts between an accepted socket and its stream protocol. */
  static Protocol serverProtocol(IoLoop loop, StreamOptions options, Protocol app) {
    SSLEngine engine = options.tls().createSSLEngine();
    engine.setUseClientMode(false);
    return new TlsProtocol(loop, engine, options.tls(), app);
  }
}
