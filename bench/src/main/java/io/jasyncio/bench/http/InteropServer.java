package io.jasyncio.bench.http;

import io.jasyncio.Asyncio;
import io.jasyncio.http.Application;
import io.jasyncio.http.Headers;
import io.jasyncio.http.Response;
import io.jasyncio.http.StreamResponse;
import io.jasyncio.http.WebServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The jasyncio server of the interop check ({@code ./jasyncio http-interop}), driven by curl,
 * Python requests, aiohttp's client and wrk. Routes:
 *
 * <ul>
 *   <li>{@code GET /hello/{name}}: {@code Hello, NAME} (HEAD too);
 *   <li>{@code POST /echo}: the body back, with {@code X-Body-Sha256}, {@code X-Body-Length} and
 *       {@code X-Request-Transfer-Encoding} (what the request said: chunked uploads show here);
 *   <li>{@code POST /form}: the url-encoded form as JSON; {@code GET /json}: a small JSON object;
 *   <li>{@code GET /stream?n=N}: a chunked response of N lines {@code line I};
 *   <li>{@code GET /whoami}: the client's address and port (two requests on one kept-alive
 *       connection show the same port) and the request's HTTP version.
 * </ul>
 *
 * <p>Prints the port it listens on (one line on standard output), then serves until it is killed.
 *
 * {@snippet lang=sh :
 * java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -cp "$CP" io.jasyncio.bench.http.InteropServer --port 0
 * }
 */
public final class InteropServer {
  static final String USAGE = "InteropServer [--host 127.0.0.1] [--port 0]";

  private InteropServer() {}

  /** The application the interop clients drive. */
  static Application app() {
    return new Application()
        .get("/hello/{name}", r -> Response.text("Hello, " + r.matchInfo("name")))
        .post("/echo", r -> {
          byte[] body = r.read();
          String te = r.headers().get("Transfer-Encoding");
          String type = r.headers().get("Content-Type");
          return Response.bytes(body, type == null ? "application/octet-stream" : type)
              .withHeader("X-Body-Length", String.valueOf(body.length))
              .withHeader("X-Body-Sha256", sha256(body))
              .withHeader("X-Request-Transfer-Encoding", te == null ? "none" : te);
        })
        .post("/form", r -> Response.json(r.post()))
        .get("/json", r -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("name", "jasyncio");
          m.put("answer", 42);
          return Response.json(m);
        })
        .get("/stream", r -> {
          int n = Integer.parseInt(r.query("n") == null ? "5" : r.query("n"));
          StreamResponse s = new StreamResponse(200, Headers.of("Content-Type", "text/plain"));
          s.prepare(r);
          for (int i = 0; i < n; i++) {
            s.write(("line " + i + "\n").getBytes(StandardCharsets.US_ASCII));
          }
          s.writeEof();
          return s;
        })
        .get("/whoami", r -> {
          InetSocketAddress a = (InetSocketAddress) r.remote();
          return Response.text(a.getAddress().getHostAddress() + " " + a.getPort() + " " + r.version());
        });
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void main(String[] argv) {
    Options o = Options.parse(argv, USAGE);
    String host = o.string("host", "127.0.0.1");
    int port = o.integer("port", 0);
    Asyncio.run(() -> {
      WebServer server = WebServer.start(app(), host, port);
      System.out.println(server.port());
      System.out.flush();
      server.serveForever();
      return null;
    });
  }
}
