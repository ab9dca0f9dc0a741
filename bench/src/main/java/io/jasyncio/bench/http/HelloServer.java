package io.jasyncio.bench.http;

import com.sun.net.httpserver.HttpServer;
import io.jasyncio.Asyncio;
import io.jasyncio.http.Application;
import io.jasyncio.http.Response;
import io.jasyncio.http.ServerOptions;
import io.jasyncio.http.WebServer;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The servers of the HTTP benchmark ({@code ./jasyncio http-bench}): every one answers {@code GET
 * /} (any query) with the 13-byte body {@code Hello, World!} as {@code text/plain}, keeping the
 * connection alive, after {@code --delay-ms} milliseconds (0: at once; the client fan-out uses
 * 100). {@code --kind} chooses the server:
 *
 * <ul>
 *   <li>{@code jasyncio}: a jasyncio {@link WebServer} on one event loop (the thread that calls
 *       {@code main}); the engine is chosen as usual with {@code -Djasyncio.engine};
 *   <li>{@code jdk}: the JDK's {@code com.sun.net.httpserver.HttpServer} with a virtual thread per
 *       exchange;
 *   <li>{@code vertx}: Vert.x 5 with one event loop (its default NIO transport).
 * </ul>
 *
 * <p>Prints the port it listens on (one line on standard output), then serves until it is killed.
 *
 * {@snippet lang=sh :
 * java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -cp "$CP" \
 *     io.jasyncio.bench.http.HelloServer --kind jasyncio --port 0 --delay-ms 0 --backlog 1024
 * }
 */
public final class HelloServer {
  static final String USAGE =
      "HelloServer --kind jasyncio|jdk|vertx [--host 127.0.0.1] [--port 0] [--delay-ms 0] [--backlog 1024]";
  /** The body every server sends: 13 bytes. */
  static final String BODY = "Hello, World!";

  private HelloServer() {}

  public static void main(String[] argv) throws Exception {
    Options o = Options.parse(argv, USAGE);
    String kind = o.string("kind", "jasyncio");
    String host = o.string("host", "127.0.0.1");
    int port = o.integer("port", 0);
    int delayMs = o.integer("delay-ms", 0);
    int backlog = o.integer("backlog", 1024);
    System.err.println("HelloServer: " + kind + ", delay " + delayMs + " ms, backlog " + backlog
        + ("jasyncio".equals(kind) ? ", engine " + System.getProperty("jasyncio.engine", "default") : ""));
    switch (kind) {
      case "jasyncio" -> jasyncio(host, port, delayMs, backlog);
      case "jdk" -> jdk(host, port, delayMs, backlog);
      case "vertx" -> vertx(host, port, delayMs, backlog);
      default -> throw new IllegalArgumentException("unknown --kind '" + kind + "'; usage: " + USAGE);
    }
  }

  private static void printPort(int port) {
    System.out.println(port);
    System.out.flush();
  }

  private static void jasyncio(String host, int port, int delayMs, int backlog) {
    Application app = new Application().get("/", r -> {
      if (delayMs > 0) {
        Asyncio.sleep(delayMs / 1000.0);
      }
      return Response.text(BODY);
    });
    ServerOptions d = ServerOptions.defaults();
    ServerOptions options = new ServerOptions(null, d.keepAliveTimeout(), d.headerTimeout(),
        d.maxLineSize(), d.maxFieldSize(), d.maxHeaders(), backlog);
    Asyncio.run(() -> {
      WebServer server = WebServer.start(app, host, port, options);
      printPort(server.port());
      server.serveForever();
      return null;
    });
  }

  private static void jdk(String host, int port, int delayMs, int backlog) throws IOException {
    byte[] body = BODY.getBytes(StandardCharsets.US_ASCII);
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), backlog);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", exchange -> {
      try (exchange) {
        if (delayMs > 0) {
          Thread.sleep(delayMs);
        }
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    server.start();
    printPort(server.getAddress().getPort());
  }

  private static void vertx(String host, int port, int delayMs, int backlog) throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    HttpServerOptions options = new HttpServerOptions().setAcceptBacklog(backlog);
    io.vertx.core.http.HttpServer server = vertx.createHttpServer(options)
        .requestHandler(request -> {
          if (delayMs > 0) {
            vertx.setTimer(delayMs, id -> answer(request));
          } else {
            answer(request);
          }
        })
        .listen(port, host)
        .toCompletionStage().toCompletableFuture().get();
    printPort(server.actualPort());
  }

  private static void answer(HttpServerRequest request) {
    request.response().putHeader("Content-Type", "text/plain; charset=utf-8").end(BODY);
  }
}
