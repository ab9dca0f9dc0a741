package io.jasyncio.transports;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Future;
import io.jasyncio.internal.io.IoLoop;
import io.jasyncio.internal.io.Registration;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * A listening server made by {@link Transports#createServer} or {@link Transports#createUnixServer}
 * (and by {@code Streams.startServer}), as asyncio's {@code Server}: it accepts connections on the
 * loop's selector and gives each one a new protocol from its factory.
 *
 * <p>{@link #close()} stops listening; the open connections go on until they end (or {@link
 * #closeClients()} closes them). {@link #waitClosed()} waits until the server is closed
 * <em>and</em> its connections are gone. {@link #serveForever()} suspends until the server is
 * closed; cancelling it closes the server.
 *
 * <p><b>Threads.</b> Loop-bound: call it from the loop it was started on.
 *
 * {@snippet class=io.jasyncio.transports.TransportsSnippetsTest region=server}
 */
public final class Server implements AutoCloseable {
  private static final int ACCEPTS_PER_EVENT = 100;
  private static final double ACCEPT_RETRY_DELAY = 1.0;

  private final IoLoop loop;
  private final Supplier<? extends BaseProtocol> factory;
  private final SSLContext tls;
  private final List<ServerSocketChannel> listeners;
  private final List<Registration> registrations = new ArrayList<>();
  private final List<SocketAddress> addresses = new ArrayList<>();
  private final Path unixPath;
  private final Object unixFileKey;
  /** Each open connection: its socket transport, and the transport its protocol uses. */
  private final Map<SocketTransport, Transport> connections = new LinkedHashMap<>();
  private final List<Future<Void>> closeWaiters = new ArrayList<>();
  private boolean serving;
  private boolean closed;
  private Future<Void> servingForever;

  Server(
      IoLoop loop,
      Supplier<? extends BaseProtocol> factory,
      SSLContext tls,
      List<ServerSocketChannel> listeners,
      Path unixPath)
      throws IOException {
    this.loop = loop;
    this.factory = factory;
    this.tls = tls;
    this.listeners = List.copyOf(listeners);
    this.unixPath = unixPath;
    Object key = null;
    if (unixPath != null) {
      try {
        key = Files.readAttributes(unixPath, BasicFileAttributes.class).fileKey();
      } catch (IOException e) {
        key = null;
      }
    }
    this.unixFileKey = key;
    for (ServerSocketChannel ch : this.listeners) {
      addresses.add(ch.getLocalAddress());
    }
  }

  /** Registers the listeners with the selector. */
  void startServing() throws IOException {
    if (serving || closed) {
      return;
    }
    serving = true;
    for (ServerSocketChannel ch : listeners) {
      registrations.add(
          Registration.register(loop, ch, SelectionKey.OP_ACCEPT, k -> accept(ch, k)));
    }
  }

  private void accept(ServerSocketChannel listener, SelectionKey key) {
    for (int i = 0; i < ACCEPTS_PER_EVENT && serving; i++) {
      SocketChannel ch;
      try {
        ch = listener.accept();
      } catch (IOException e) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put(
            "message", "accept() failed; listening pauses for " + ACCEPT_RETRY_DELAY + " s");
        context.put("exception", e);
        context.put("server", this);
        loop.callExceptionHandler(context);
        for (Registration r : registrations) {
          r.interest(0);
        }
        loop.callLater(
            ACCEPT_RETRY_DELAY,
            () -> {
              if (serving) {
                for (Registration r : registrations) {
                  r.interest(SelectionKey.OP_ACCEPT);
                }
              }
            });
        return;
      }
      if (ch == null) {
        return;
      }
      try {
        connectionAccepted(ch);
      } catch (IOException | RuntimeException e) {
        try {
          ch.close();
        } catch (IOException ignored) {
          // already failing; the descriptor is released
        }
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("message", "setting up an accepted connection failed");
        context.put("exception", e);
        context.put("server", this);
        loop.callExceptionHandler(context);
      }
    }
  }

  private void connectionAccepted(SocketChannel ch) throws IOException {
    ch.configureBlocking(false);
    if (unixPath == null) {
      ch.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
    }
    BaseProtocol app = Objects.requireNonNull(factory.get(), "the protocol factory returned null");
    Protocols.check(app);
    SocketTransport t;
    Transport top;
    if (tls == null) {
      t = new SocketTransport(loop, ch, null, app);
      top = t;
    } else {
      SSLEngine engine = tls.createSSLEngine();
      engine.setUseClientMode(false);
      TlsProtocol p = new TlsProtocol(loop, engine, tls, app);
      t = new SocketTransport(loop, ch, null, p);
      top = p.appTransport();
    }
    connections.put(t, top);
    t.setOnClosed(() -> detach(t));
    t.start();
  }

  private void detach(SocketTransport t) {
    connections.remove(t);
    maybeWakeup();
  }

  private void maybeWakeup() {
    if (closed && connections.isEmpty()) {
      for (Future<Void> w : closeWaiters) {
        if (!w.done()) {
          w.setResult(null);
        }
      }
      closeWaiters.clear();
    }
  }

  /** The addresses the server listens on. */
  public List<SocketAddress> sockets() {
    return closed ? List.of() : List.copyOf(addresses);
  }

  /** The port of the first listening socket (the one picked when 0 was asked for). */
  public int port() {
    if (addresses.isEmpty() || !(addresses.get(0) instanceof InetSocketAddress a)) {
      throw new IllegalStateException("a Unix-domain server has no port");
    }
    return a.getPort();
  }

  public boolean isServing() {
    return serving;
  }

  /** How many connections are open now. */
  public int activeConnections() {
    return connections.size();
  }

  /**
   * Stops listening and closes the listening sockets (a Unix socket file is removed); open
   * connections go on. Ends {@link #serveForever()}. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    serving = false;
    for (Registration r : registrations) {
      r.cancel();
    }
    registrations.clear();
    for (ServerSocketChannel ch : listeners) {
      try {
        ch.close();
      } catch (IOException e) {
        // the descriptor is released anyway
      }
    }
    removeSocketFile();
    Future<Void> f = servingForever;
    if (f != null && !f.done()) {
      f.setResult(null);
    }
    maybeWakeup();
  }

  private void removeSocketFile() {
    if (unixPath == null || unixFileKey == null) {
      return;
    }
    try {
      Object now = Files.readAttributes(unixPath, BasicFileAttributes.class).fileKey();
      if (unixFileKey.equals(now)) {
        Files.deleteIfExists(unixPath);
      }
    } catch (IOException e) {
      // gone already, or not ours any more
    }
  }

  /** Closes every open connection (after flushing what they buffered). */
  public void closeClients() {
    for (Transport t : List.copyOf(connections.values())) {
      t.close();
    }
  }

  /** Closes every open connection at once, dropping buffered data. */
  public void abortClients() {
    for (SocketTransport t : List.copyOf(connections.keySet())) {
      t.abort();
    }
  }

  /** Suspends until the server is closed and all its connections are gone. */
  public void waitClosed() throws IOException {
    IoLoop.require("waitClosed");
    if (closed && connections.isEmpty()) {
      return;
    }
    Future<Void> w = loop.createFuture();
    closeWaiters.add(w);
    try {
      Asyncio.await(w);
    } finally {
      closeWaiters.remove(w);
    }
  }

  /**
   * Suspends until the server is closed by {@link #close()}; when the calling task is cancelled,
   * closes the server, waits until it is closed and its connections are gone ({@link
   * #waitClosed()}, as asyncio 3.12 does), then rethrows the {@link CancelledError}. A second
   * cancellation during that wait ends it at once.
   */
  public void serveForever() throws IOException {
    IoLoop.require("serveForever");
    if (servingForever != null) {
      throw new IllegalStateException(
          "server " + this + " is already being awaited on serveForever()");
    }
    if (closed) {
      throw new IllegalStateException("server " + this + " is closed");
    }
    startServing();
    Future<Void> f = loop.createFuture();
    servingForever = f;
    try {
      Asyncio.await(f);
    } catch (CancelledError e) {
      // asyncio 3.12: close, and wait until closed, before the cancellation goes on.
      servingForever = null;
      close();
      try {
        waitClosed();
      } catch (Throwable again) {
        // Cancelled again (or failed) while waiting: stop waiting, the first cancellation goes on.
        e.addSuppressed(again);
      }
      throw e;
    } finally {
      servingForever = null;
    }
  }

  @Override
  public String toString() {
    return "Server[" + (closed ? "closed" : serving ? "serving" : "idle") + ", sockets="
        + addresses + ", connections=" + connections.size() + "]";
  }
}
