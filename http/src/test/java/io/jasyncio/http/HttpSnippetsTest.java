package io.jasyncio.http;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jasyncio.Asyncio;
import io.jasyncio.streams.Streams;
import io.jasyncio.transports.Server;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The examples of the http package's javadoc ({@code {@snippet class=... region=...}}): each region
 * compiles here, and runs against a server on a free port of 127.0.0.1, and what it prints or
 * returns is what its comments say. The two that serve on a fixed port until Ctrl-C ({@link
 * WebServer#runApp}) and the one that needs a certificate are compiled only.
 */
@Timeout(60)
class HttpSnippetsTest {
  private ExecutorService pool;

  private ExecutorService openPool() {
    return Executors.newSingleThreadExecutor();
  }

  /** Compiled, not run: serves on port 8080 until Ctrl-C. */
  static void application() {
    // @start region="application"
    Application app = new Application()
        .get("/", request -> Response.text("home"))
        .get("/hello/{name}", request -> Response.text("Hello, " + request.matchInfo("name")))
        .post("/items/{id:\\d+}", request -> Response.json(request.json()))
        .middleware((request, next) -> next.handle(request).withHeader("X-Served-By", "jasyncio"));
    WebServer.runApp(app, "127.0.0.1", 8080);
    // @end
  }

  /** Compiled, not run: serves on port 8080 until Ctrl-C. */
  static void packageServer() {
    // @start region="packageServer"
    Application app = new Application().get("/hello/{name}",
        request -> Response.text("Hello, " + request.matchInfo("name")));
    WebServer.runApp(app, "127.0.0.1", 8080);
    // @end
  }

  @Test
  void packageClient() {
    Application app = new Application().get("/hello/{name}",
        request -> Response.text("Hello, " + request.matchInfo("name")));
    String got = Servers.with(app, (server, port) -> {
      String base = "http://127.0.0.1:" + port;
      // @start region="packageClient"
      try (ClientSession session = new ClientSession();
           ClientResponse r = session.get(base + "/hello/world")) {
        String text = r.text();                 // "Hello, world"
        // @end
        return text;
      }
    });
    assertEquals("Hello, world", got);
  }

  @Test
  void appHook() {
    Application app = new Application().get("/", request -> Response.text("home"));
    // @start region="appHook"
    app.onStartup(a -> pool = openPool()).onCleanup(a -> pool.close());
    // @end
    ExecutorService during = Servers.with(app, (server, port) -> pool);
    assertTrue(during != null);
    assertTrue(during.isShutdown());
  }

  @Test
  void clientConnectionError() throws Exception {
    assertEquals(List.of("connection refused"), Printed.by(() -> Asyncio.run(() -> {
      try (ClientSession session = new ClientSession()) {
        // @start region="clientConnectionError"
        try {
          session.get("http://127.0.0.1:1/");
        } catch (ClientConnectionError e) {
          System.out.println("connection refused");
        }
        // @end
      }
      return null;
    })));
  }

  @Test
  void clientError() {
    Application app = new Application().get("/", request -> Response.text("home"));
    List<String> got = Servers.with(app, (server, port) -> {
      try (ClientSession session = new ClientSession()) {
        return List.of(fetch(session, "http://127.0.0.1:" + port + "/"),
            fetch(session, "http://127.0.0.1:1/"));
      }
    });
    assertEquals("home", got.get(0));
    assertTrue(got.get(1).startsWith("failed: "), got.get(1));
  }

  private static String fetch(ClientSession session, String url) throws IOException {
    // @start region="clientError"
    try (ClientResponse r = session.get(url)) {
      return r.text();
    } catch (ClientError e) {
      return "failed: " + e.getMessage();
    }
    // @end
  }

  @Test
  void clientPayloadError() throws Exception {
    assertEquals(List.of("cut short"), Printed.by(() -> Asyncio.run(() -> {
      Server cut = Streams.startServer((r, w) -> {
        r.readuntil("\r\n\r\n".getBytes(US_ASCII));
        w.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc".getBytes(US_ASCII));
        w.close();
      }, "127.0.0.1", 0);
      String url = "http://127.0.0.1:" + cut.port() + "/";
      try (ClientSession session = new ClientSession()) {
        // @start region="clientPayloadError"
        try (ClientResponse r = session.get(url)) {
          byte[] body = r.read();
          System.out.println(body.length);
        } catch (ClientPayloadError e) {
          // the server closed the connection before the end of the body
          System.out.println("cut short");
        }
        // @end
      }
      cut.close();
      cut.waitClosed();
      return null;
    })));
  }

  @Test
  void clientRequestAndResponse() {
    Application app = new Application()
        .post("/items", request -> Response.json(Map.of(
            "dryRun", request.query("dry-run"),
            "id", request.headers().get("X-Request-Id"),
            "name", request.json().get("name").asText())))
        .get("/items", request -> Response.json(List.of("lamp", "desk")));
    List<String> got = Servers.with(app, (server, port) -> {
      String base = "http://127.0.0.1:" + port;
      try (ClientSession session = new ClientSession()) {
        // @start region="clientRequest"
        ClientResponse r = session.send(ClientRequest.post(base + "/items")
            .param("dry-run", "1")
            .header("X-Request-Id", "42")
            .json(Map.of("name", "lamp")));
        // @end
        String posted = r.text();
        r.close();
        String listed = null;
        // @start region="clientResponse"
        try (ClientResponse r2 = session.get(base + "/items")) {
          if (r2.ok()) {
            JsonNode items = r2.json();              // ["lamp","desk"]
            listed = items.toString();
          }
        }
        // @end
        return List.of(posted, listed);
      }
    });
    assertEquals("{\"dryRun\":\"1\",\"id\":\"42\",\"name\":\"lamp\"}".length(), got.get(0).length());
    assertTrue(got.get(0).contains("\"name\":\"lamp\"") && got.get(0).contains("\"id\":\"42\"")
        && got.get(0).contains("\"dryRun\":\"1\""), got.get(0));
    assertEquals("[\"lamp\",\"desk\"]", got.get(1));
  }

  @Test
  void clientResponseError() throws Exception {
    Application app = new Application();
    List<String> printed = Printed.by(() -> Servers.with(app, (server, port) -> {
      String url = "http://127.0.0.1:" + port + "/nowhere";
      try (ClientSession session = new ClientSession()) {
        // @start region="clientResponseError"
        try (ClientResponse r = session.get(url)) {
          r.raiseForStatus();
        } catch (ClientResponseError e) {
          System.out.println(e.status() + " " + e.headers().get("Content-Type"));
        }
        // @end
      }
      return null;
    }));
    assertEquals(1, printed.size());
    assertTrue(printed.get(0).startsWith("404 text/plain"), printed.get(0));
  }

  @Test
  void clientSessionAndWebServer() throws Exception {
    Application app = new Application().get("/", request -> Response.text("home"));
    List<String> printed = Printed.by(() -> {
      // @start region="clientSession"
      Asyncio.run(() -> {
        WebServer server = WebServer.start(app, "127.0.0.1", 0);
        try (ClientSession session = new ClientSession();
             ClientResponse r = session.get("http://127.0.0.1:" + server.port() + "/")) {
          System.out.println(r.status() + " " + r.text());   // 200 home
        }
        server.shutdown(5.0);
        return null;
      });
      // @end
      // @start region="webServer"
      Asyncio.run(() -> {
        WebServer server = WebServer.start(app, "127.0.0.1", 0);
        System.out.println("listening on " + server.port());
        // ... serve, then
        server.shutdown(5.0);
        return null;
      });
      // @end
    });
    assertEquals(2, printed.size());
    assertEquals("200 home", printed.get(0));
    assertTrue(printed.get(1).matches("listening on \\d+"), printed.get(1));
  }

  @Test
  void builderAndTimeout() {
    Asyncio.runVirtual(() -> {
      // @start region="builder"
      ClientSession s = ClientSession.builder()
          .baseUrl("http://127.0.0.1:8080/api/")
          .header("Authorization", "Bearer t0k3n")
          .limit(10).limitPerHost(2)
          .timeout(new ClientTimeout(30.0, null, 5.0, null))
          .build();
      // @end
      s.close();
      // @start region="clientTimeout"
      ClientSession s2 = ClientSession.builder()
          .timeout(new ClientTimeout(10.0, null, 2.0, 5.0))
          .build();
      // @end
      assertFalse(s2.isClosed());
      s2.close();
      return null;
    });
    assertThrows(IllegalArgumentException.class, () -> new ClientTimeout(-1.0, null, null, null));
  }

  @Test
  void handlerMiddlewareRequestAndHttpException() {
    Application app = new Application();
    // @start region="handler"
    Handler hello = request -> Response.text("Hello, " + request.matchInfo("name"));
    // @end
    // @start region="httpException"
    Handler h = request -> {
      if (request.query("id") == null) {
        throw new HttpException(400, "id is missing");
      }
      return Response.text("ok");
    };
    // @end
    // @start region="middleware"
    Middleware timing = (request, next) -> {
      double start = Asyncio.getRunningLoop().time();
      Response r = next.handle(request);
      return r.withHeader("X-Elapsed", String.valueOf(Asyncio.getRunningLoop().time() - start));
    };
    // @end
    app.get("/hello/{name}", hello).get("/check", h).middleware(timing);
    // @start region="request"
    app.post("/users/{id:\\d+}", request -> {
      long id = Long.parseLong(request.matchInfo("id"));
      JsonNode body = request.json();
      return Response.json(Map.of("id", id, "name", body.get("name").asText()));
    });
    // @end
    List<String> got = Servers.with(app, (server, port) -> {
      String base = "http://127.0.0.1:" + port;
      try (ClientSession session = new ClientSession();
           ClientResponse a = session.get(base + "/hello/ann");
           ClientResponse b = session.get(base + "/check");
           ClientResponse c = session.get(base + "/check?id=1");
           ClientResponse d = session.send(ClientRequest.post(base + "/users/7")
               .json(Map.of("name", "bob")))) {
        return List.of(a.text(), b.status() + " " + b.text(), c.text(),
            String.valueOf(a.headers().contains("X-Elapsed")), d.json().toString());
      }
    });
    assertEquals("Hello, ann", got.get(0));
    assertEquals("400 id is missing", got.get(1));
    assertEquals("ok", got.get(2));
    assertEquals("true", got.get(3));
    assertTrue(got.get(4).contains("\"id\":7") && got.get(4).contains("\"name\":\"bob\""), got.get(4));
  }

  @Test
  void headers() throws Exception {
    assertEquals(List.of("text/plain", "[a=1, b=2]"), Printed.by(() -> {
      // @start region="headers"
      Headers h = Headers.of("Content-Type", "text/plain");
      h.add("Set-Cookie", "a=1").add("set-cookie", "b=2");
      System.out.println(h.get("content-type"));      // text/plain
      System.out.println(h.getAll("SET-COOKIE"));     // [a=1, b=2]
      // @end
    }));
  }

  @Test
  void response() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G'};
    // @start region="response"
    Response a = Response.text("hello");                             // 200, text/plain; charset=utf-8
    Response b = Response.json(Map.of("ok", true)).withStatus(201);  // application/json
    Response c = Response.bytes(png, "image/png").withHeader("Cache-Control", "max-age=60");
    Response d = Response.empty(204);
    // @end
    assertEquals(200, a.status());
    assertEquals("text/plain; charset=utf-8", a.headers().get("Content-Type"));
    assertEquals(201, b.status());
    assertTrue(b.headers().get("Content-Type").startsWith("application/json"));
    assertEquals("max-age=60", c.headers().get("Cache-Control"));
    assertEquals(204, d.status());
  }

  /** Compiled, not run: it needs a certificate and port 8443. */
  static WebServer serverOptions(Application app, SSLContext sslContext) throws IOException {
    // @start region="serverOptions"
    ServerOptions o = ServerOptions.defaults().withTls(sslContext).withKeepAliveTimeout(30);
    WebServer server = WebServer.start(app, "0.0.0.0", 8443, o);
    // @end
    return server;
  }

  @Test
  void streamResponse() {
    // @start region="streamResponse"
    Handler countdown = request -> {
      StreamResponse r = new StreamResponse(200, Headers.of("Content-Type", "text/plain"));
      r.prepare(request);
      for (int i = 3; i > 0; i--) {
        r.write((i + "\n").getBytes(StandardCharsets.US_ASCII));
        Asyncio.sleep(1);
      }
      r.writeEof();
      return r;
    };
    // @end
    Application app = new Application().get("/countdown", countdown);
    String got = Servers.withVirtual(app, ServerOptions.defaults(), (server, port) -> {
      try (ClientSession session = new ClientSession();
           ClientResponse r = session.get("http://127.0.0.1:" + port + "/countdown")) {
        return r.text();
      }
    });
    assertEquals("3\n2\n1\n", got);
  }

  @Test
  void tooManyRedirects() {
    Application app = new Application()
        .get("/loop", request -> Response.empty(302).withHeader("Location", "/loop"));
    Integer status = Servers.with(app, (server, port) -> {
      String loopingUrl = "http://127.0.0.1:" + port + "/loop";
      int[] last = new int[1];
      try (ClientSession session = new ClientSession()) {
        // @start region="tooManyRedirects"
        try {
          session.get(loopingUrl);
        } catch (TooManyRedirects e) {
          // e.status() is the status of the last redirect
          last[0] = e.status();
        }
        // @end
      }
      return last[0];
    });
    assertEquals(302, status);
  }
}
