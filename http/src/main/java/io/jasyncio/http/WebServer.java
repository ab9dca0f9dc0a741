package io.jasyncio.http;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.ReturnWhen;
import io.jasyncio.Task;
import io.jasyncio.TimeoutError;
import io.jasyncio.transports.Server;
import io.jasyncio.transports.Transports;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A running HTTP server for an {@link Application} (aiohttp's {@code AppRunner} and {@code
 * TCPSite}): {@link #start} runs the start-up hooks and listens; {@link #shutdown} stops
 * accepting, lets running requests finish for a grace period, closes the rest and runs the
 * clean-up hooks. {@link #runApp} does it all for a main method and shuts down gracefully on
 * Ctrl-C.
 *
 * <p>Each connection keeps alive (HTTP/1.1 by default, HTTP/1.0 with {@code Connection:
 * keep-alive}) and answers pipelined requests in order; see {@link ServerOptions} for the
 * timeouts and limits.
 *
 * {@snippet class=io.jasyncio.http.HttpSnippetsTest region=webServer}
 *
 * <p>Threads: loop-bound; {@link #runApp} is the only method called outside a coroutine.
 */
public final class WebServer implements AutoCloseable {
  private final Application app;
  private final EventLoop loop;
  private final ServerOptions options;
  private final ResponseEncoder encoder = new ResponseEncoder();
  private final Set<ServerConnection> connections = new LinkedHashSet<>();
  private final Future<Void> closed;
  private Server server;
  private boolean shuttingDown;
  private Future<Void> allGone;

  private WebServer(Application app, EventLoop loop, ServerOptions options) {
    this.app = app;
    this.loop = loop;
    this.options = options;
    this.closed = loop.createFuture();
  }

  /** Suspends: runs the start-up hooks, then listens on {@code host:port} (0: any free port). */
  public static WebServer start(Application app, String host, int port) throws IOException {
    return start(app, host, port, ServerOptions.defaults());
  }

  /** Suspends: as {@link #start(Application, String, int)}, with {@code options}. */
  public static WebServer start(Application app, String host, int port, ServerOptions options)
      throws IOException {
    EventLoop loop = Asyncio.getRunningLoop();
    app.freeze();
    WebServer ws = new WebServer(app, loop, options);
    for (AppHook h : app.startupHooks()) {
      runHook(h, app);
    }
    ws.server = Transports.createServer(() -> new ServerConnection(ws), host, port,
        options.tls(), options.backlog());
    return ws;
  }

  private static void runHook(AppHook h, Application app) throws IOException {
    try {
      h.run(app);
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("application hook failed: " + e, e);
    }
  }

  /** The port listened on. */
  public int port() {
    return server.port();
  }

  /** How many connections are open. */
  public int connectionCount() {
    return connections.size();
  }

  /**
   * Suspends until the server is shut down or closed. Cancelling the calling task closes the
   * server (without the grace period) and rethrows the cancellation.
   */
  public void serveForever() throws IOException {
    try {
      Asyncio.await(closed);
    } catch (CancelledError e) {
      close();
      throw e;
    }
  }

  /**
   * Suspends: stops accepting connections, closes the idle ones, lets the requests being handled
   * finish for up to {@code graceSeconds}, then closes what is left (cancelling its handlers) and
   * runs the clean-up hooks. A second call waits for nothing.
   */
  public void shutdown(double graceSeconds) throws IOException {
    if (shuttingDown) {
      return;
    }
    shuttingDown = true;
    server.close();
    for (ServerConnection c : List.copyOf(connections)) {
      c.shutdown();
    }
    if (!connections.isEmpty()) {
      allGone = loop.createFuture();
      try {
        Asyncio.waitFor(Asyncio.shield(allGone), graceSeconds);
      } catch (TimeoutError e) {
        List<Task<Void>> cancelled = new java.util.ArrayList<>();
        for (ServerConnection c : List.copyOf(connections)) {
          Task<Void> t = c.abort();
          if (t != null) {
            cancelled.add(t);
          }
        }
        if (!cancelled.isEmpty()) {
          Asyncio.wait(cancelled); // the handlers see their cancellation before the clean-up
        }
      }
    }
    try {
      for (AppHook h : app.cleanupHooks()) {
        runHook(h, app);
      }
    } finally {
      if (!closed.done()) {
        closed.setResult(null);
      }
    }
  }

  /**
   * Closes at once: stops listening and aborts every connection, cancelling the handlers. The
   * clean-up hooks do not run (they may suspend): use {@link #shutdown} for them.
   */
  @Override
  public void close() {
    shuttingDown = true;
    if (server != null) {
      server.close();
    }
    for (ServerConnection c : List.copyOf(connections)) {
      c.abort();
    }
    if (!closed.done()) {
      closed.setResult(null);
    }
  }

  /**
   * Serves {@code app} on {@code host:port} until the JVM is asked to stop (Ctrl-C, SIGTERM),
   * then shuts down gracefully (60 s for running requests) and returns (aiohttp's {@code
   * web.run_app}). Blocks the calling thread, which runs the event loop.
   */
  public static void runApp(Application app, String host, int port) {
    CountDownLatch done = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicReference<EventLoop> loopRef =
        new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.atomic.AtomicReference<Future<Void>> stop =
        new java.util.concurrent.atomic.AtomicReference<>();
    Thread hook = new Thread(() -> {
      EventLoop l = loopRef.get();
      if (l != null && !l.isClosed()) {
        try {
          l.callSoonThreadsafe(() -> {
            Future<Void> s = stop.get();
            if (s != null && !s.done()) {
              s.cancel();
            }
          });
          done.await(65, TimeUnit.SECONDS);
        } catch (RuntimeException | InterruptedException e) {
          // the loop is gone already
        }
      }
    }, "jasyncio-runApp-shutdown");
    try {
      Asyncio.run(() -> {
        loopRef.set(Asyncio.getRunningLoop());
        WebServer ws = start(app, host, port);
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.println("======== Running on http://" + host + ":" + ws.port() + " ========");
        System.out.println("(Press CTRL+C to quit)");
        Future<Void> s = Asyncio.getRunningLoop().createFuture();
        stop.set(s);
        Asyncio.wait(List.of(s, ws.closed), null, ReturnWhen.FIRST_COMPLETED);
        ws.shutdown(60);
        return null;
      });
    } finally {
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException | IllegalArgumentException e) {
        // shutting down already, or never added
      }
    }
  }

  // ---------- for the connections

  Application app() {
    return app;
  }

  EventLoop loop() {
    return loop;
  }

  /** The response encoder every connection of this server writes through (loop-bound). */
  ResponseEncoder encoder() {
    return encoder;
  }

  ServerOptions options() {
    return options;
  }

  void register(ServerConnection c) {
    connections.add(c);
    if (shuttingDown) {
      c.shutdown();
    }
  }

  void unregister(ServerConnection c) {
    connections.remove(c);
    if (connections.isEmpty() && allGone != null && !allGone.done()) {
      allGone.setResult(null);
    }
  }

  @Override
  public String toString() {
    return "WebServer[" + (server != null ? "port " + server.port() : "starting") + ", "
        + connections.size() + " connections" + (shuttingDown ? ", shutting down" : "") + "]";
  }
}
