package io.jasyncio.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.streams.Connection;
import io.jasyncio.streams.Streams;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server, driven by the JDK's HttpClient and by raw sockets. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WebServerTest {
  private static final HttpClient JDK = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).build();

  @AfterAll
  static void closeClient() {
    JDK.close();
  }

  private static HttpResponse<String> jdk(HttpRequest request) {
    return Asyncio.await(JDK.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
  }

  private static URI uri(int port, String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  @Test
  void jdkClientGetAndPost() {
    Application app = new Application()
        .get("/hello/{name}", r -> Response.text("Hello, " + r.matchInfo("name") + "!"))
        .post("/echo", r -> Response.bytes(r.read(), r.headers().get("Content-Type"))
            .withHeader("X-Length", String.valueOf(r.contentLength())))
        .post("/json", r -> Response.json(Map.of("got", r.json().get("n").asInt() + 1)));
    Servers.with(app, (server, port) -> {
      HttpResponse<String> get = jdk(HttpRequest.newBuilder(uri(port, "/hello/w%C3%B6rld")).build());
      assertEquals(200, get.statusCode());
      assertEquals("Hello, w\u00f6rld!", get.body());
      assertEquals("text/plain; charset=utf-8", get.headers().firstValue("content-type").get());
      assertTrue(get.headers().firstValue("date").get().endsWith(" GMT"));
      HttpResponse<String> post = jdk(HttpRequest.newBuilder(uri(port, "/echo"))
          .header("Content-Type", "text/x-test")
          .POST(HttpRequest.BodyPublishers.ofString("x".repeat(100_000))).build());
      assertEquals(200, post.statusCode());
      assertEquals(100_000, post.body().length());
      assertEquals("100000", post.headers().firstValue("x-length").get());
      assertEquals("text/x-test", post.headers().firstValue("content-type").get());
      HttpResponse<String> json = jdk(HttpRequest.newBuilder(uri(port, "/json"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"n\": 41}")).build());
      assertEquals("{\"got\":42}", json.body());
      return null;
    });
  }

  @Test
  void requestQueryFormRemoteAndVersion() {
    Application app = new Application()
        .get("/q", r -> Response.text(r.query("a") + "|" + r.query().get("b") + "|"
            + r.queryString() + "|" + r.query("none") + "|"
            + ((java.net.InetSocketAddress) r.remote()).getAddress().getHostAddress() + "|"
            + r.version()))
        .post("/form", r -> Response.text(new java.util.TreeMap<>(r.post()).toString()));
    Servers.with(app, (server, port) -> {
      HttpResponse<String> q = jdk(HttpRequest.newBuilder(uri(port, "/q?a=x%20y&b=1&b=2")).build());
      assertEquals("x y|[1, 2]|a=x%20y&b=1&b=2|null|127.0.0.1|HTTP/1.1", q.body());
      HttpResponse<String> form = jdk(HttpRequest.newBuilder(uri(port, "/form"))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("k=v+w&k=2&e=%26")).build());
      assertEquals(200, form.statusCode());
      assertEquals("{e=[&], k=[v w, 2]}", form.body());
      return null;
    });
  }

  @Test
  void jdkClientStreamedChunkedBodyAndUnknownLengthUpload() {
    Application app = new Application()
        .get("/stream", r -> {
          StreamResponse s = new StreamResponse(200, Headers.of("Content-Type", "text/plain"));
          s.prepare(r);
          for (int i = 0; i < 3; i++) {
            s.write(("part " + i + "\n").getBytes(StandardCharsets.US_ASCII));
            Asyncio.sleep(0.01);
          }
          s.writeEof();
          return s;
        })
        .post("/count", r -> {
          long n = 0;
          for (byte[] b = r.readChunk(1000); b.length > 0; b = r.readChunk(1000)) {
            assertTrue(b.length <= 1000);
            n += b.length;
          }
          return Response.text(String.valueOf(n));
        });
    Servers.with(app, (server, port) -> {
      HttpResponse<String> r = jdk(HttpRequest.newBuilder(uri(port, "/stream")).build());
      assertEquals("part 0\npart 1\npart 2\n", r.body());
      String raw = Raw.exchange(port, "GET /stream HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      assertTrue(raw.contains("\r\nTransfer-Encoding: chunked\r\n"), raw);
      assertTrue(raw.endsWith("7\r\npart 2\n\r\n0\r\n\r\n"), raw);
      // a body of unknown length arrives chunked; readChunk is not capped
      List<byte[]> pieces = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        pieces.add(new byte[50_000]);
      }
      HttpResponse<String> up = jdk(HttpRequest.newBuilder(uri(port, "/count"))
          .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.SequenceInputStream(
              java.util.Collections.enumeration(pieces.stream()
                  .map(java.io.ByteArrayInputStream::new).toList())))).build());
      assertEquals("2500000", up.body());
      return null;
    });
  }

  @Test
  void jdkClientReusesTheConnection() {
    List<String> remotes = new ArrayList<>();
    Application app = new Application().get("/", r -> {
      remotes.add(String.valueOf(r.remote()));
      return Response.text("ok");
    });
    Servers.with(app, (server, port) -> {
      for (int i = 0; i < 3; i++) {
        assertEquals("ok", jdk(HttpRequest.newBuilder(uri(port, "/")).build()).body());
      }
      assertEquals(3, remotes.size());
      assertEquals(1, remotes.stream().distinct().count(), "one connection: " + remotes);
      return null;
    });
  }

  @Test
  void http10ClosesUnlessKeepAliveIsAsked() {
    Application app = new Application().get("/", r -> Response.text(r.version()));
    Servers.with(app, (server, port) -> {
      String raw = Raw.exchange(port, "GET / HTTP/1.0\r\n\r\n");
      assertEquals(200, Raw.status(raw));
      assertTrue(raw.contains("\r\nConnection: close\r\n"), raw);
      assertEquals("HTTP/1.0", Raw.body(raw));
      // keep-alive asked: the connection stays open for a second request
      Connection c = Streams.openConnection("127.0.0.1", port);
      c.writer().write("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      byte[] head = c.reader().readuntil("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String h = new String(head, StandardCharsets.ISO_8859_1);
      assertTrue(h.contains("\r\nConnection: keep-alive\r\n"), h);
      assertTrue(h.contains("\r\nContent-Length: 8\r\n"), h);
      assertEquals("HTTP/1.0", new String(c.reader().readexactly(8), StandardCharsets.US_ASCII));
      c.writer().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String second = new String(c.reader().read(-1), StandardCharsets.ISO_8859_1);
      assertEquals(200, Raw.status(second));
      c.writer().close();
      return null;
    });
  }

  @Test
  void routingNotFoundMethodNotAllowedAndHead() {
    Application app = new Application()
        .get("/items/{id:\\d+}", r -> Response.text("item " + r.matchInfo("id")))
        .put("/items/{id:\\d+}", r -> Response.empty(204))
        .get("/files/{path:.+}", r -> Response.text(r.matchInfo("path")))
        .route("*", "/any", r -> Response.text(r.method()));
    Servers.with(app, (server, port) -> {
      assertEquals("item 42", Raw.body(Raw.exchange(port, get("/items/42"))));
      assertEquals(404, Raw.status(Raw.exchange(port, get("/items/x"))));
      assertEquals("a/b c", Raw.body(Raw.exchange(port, get("/files/a/b%20c"))));
      String post = Raw.exchange(port,
          "POST /items/7 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      assertEquals(405, Raw.status(post));
      assertTrue(post.contains("\r\nAllow: GET, HEAD, PUT\r\n"), post);
      String head = Raw.exchange(port, "HEAD /items/42 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      assertEquals(200, Raw.status(head));
      assertTrue(head.contains("\r\nContent-Length: 7\r\n"), head);
      assertEquals("", Raw.body(head));
      assertEquals("DELETE", Raw.body(Raw.exchange(port,
          "DELETE /any HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")));
      String put = Raw.exchange(port,
          "PUT /items/1 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      assertEquals(204, Raw.status(put));
      assertFalse(put.contains("Content-Length"), put);
      return null;
    });
  }

  static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  }

  @Test
  void middlewaresFirstAddedIsOutermostAndSeeA404() {
    List<String> order = new ArrayList<>();
    Application app = new Application()
        .middleware((r, next) -> {
          order.add("outer in");
          try {
            return next.handle(r).withHeader("X-Outer", "1");
          } catch (HttpException e) {
            order.add("outer saw " + e.status());
            throw e;
          } finally {
            order.add("outer out");
          }
        })
        .middleware((r, next) -> {
          order.add("inner in");
          Response resp = next.handle(r);
          order.add("inner out");
          return resp;
        })
        .get("/", r -> {
          order.add("handler");
          return Response.text("ok");
        });
    Servers.with(app, (server, port) -> {
      String raw = Raw.exchange(port, get("/"));
      assertTrue(raw.contains("\r\nX-Outer: 1\r\n"), raw);
      assertEquals(List.of("outer in", "inner in", "handler", "inner out", "outer out"), order);
      order.clear();
      assertEquals(404, Raw.status(Raw.exchange(port, get("/missing"))));
      assertEquals(List.of("outer in", "inner in", "outer saw 404", "outer out"), order);
      return null;
    });
  }

  @Test
  void httpExceptionAnd500WithoutStack() {
    List<Map<String, Object>> reported = new ArrayList<>();
    Application app = new Application()
        .get("/teapot", r -> {
          throw new HttpException(418, "short and stout");
        })
        .get("/boom", r -> {
          throw new IllegalStateException("secret detail");
        });
    Asyncio.run(() -> {
      Asyncio.getRunningLoop().setExceptionHandler((loop, ctx) -> reported.add(ctx));
      return Servers.serve(app, ServerOptions.defaults(), (server, port) -> {
        String tea = Raw.exchange(port, get("/teapot"));
        assertEquals(418, Raw.status(tea));
        assertEquals("short and stout", Raw.body(tea));
        String boom = Raw.exchange(port, get("/boom"));
        assertEquals(500, Raw.status(boom));
        assertFalse(boom.contains("secret"), boom);
        assertFalse(boom.contains("at io.jasyncio"), boom);
        assertEquals(1, reported.size());
        assertTrue(reported.get(0).get("exception") instanceof IllegalStateException);
        return null;
      });
    });
  }

  @Test
  void startupAndCleanupHooksRunInOrder() {
    List<String> order = new ArrayList<>();
    Application app = new Application()
        .onStartup(a -> order.add("startup 1"))
        .onStartup(a -> {
          Asyncio.sleep(0.001);
          order.add("startup 2");
        })
        .onCleanup(a -> order.add("cleanup"))
        .get("/", r -> {
          order.add("request");
          return Response.text("ok");
        });
    Servers.with(app, (server, port) -> {
      Raw.exchange(port, get("/"));
      return null;
    });
    assertEquals(List.of("startup 1", "startup 2", "request", "cleanup"), order);
  }

  @Test
  void bodyCapIs413ButReadChunkIsNotCapped() {
    Application app = new Application().clientMaxSize(10)
        .post("/read", r -> Response.text(new String(r.read(), StandardCharsets.US_ASCII)))
        .post("/stream", r -> {
          int n = 0;
          for (byte[] b = r.readChunk(4); b.length > 0; b = r.readChunk(4)) {
            n += b.length;
          }
          return Response.text(String.valueOf(n));
        });
    Servers.with(app, (server, port) -> {
      assertEquals("0123456789", Raw.body(Raw.exchange(port, post("/read", "0123456789"))));
      assertEquals(413, Raw.status(Raw.exchange(port, post("/read", "0123456789A"))));
      String chunked = "POST /read HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
          + "Connection: close\r\n\r\n6\r\n012345\r\n6\r\n678901\r\n0\r\n\r\n";
      assertEquals(413, Raw.status(Raw.exchange(port, chunked)));
      assertEquals("100", Raw.body(Raw.exchange(port, post("/stream", "x".repeat(100)))));
      return null;
    });
  }

  static String post(String path, String body) {
    return "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length()
        + "\r\nConnection: close\r\n\r\n" + body;
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() {
    Application app = new Application().get("/{n}", r -> {
      // the first request takes longest: answers must still come in order
      Asyncio.sleep(0.05 / Integer.parseInt(r.matchInfo("n")));
      return Response.text("r" + r.matchInfo("n") + ";");
    }).post("/p", r -> Response.text("p" + r.text() + ";"));
    Servers.with(app, (server, port) -> {
      String raw = Raw.exchange(port,
          "GET /1 HTTP/1.1\r\nHost: x\r\n\r\n"
          + "POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
          + "GET /2 HTTP/1.1\r\nHost: x\r\n\r\n"
          + "GET /3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      List<String> bodies = new ArrayList<>();
      for (String part : raw.split("HTTP/1\\.1 ")) {
        if (!part.isEmpty()) {
          bodies.add(part.substring(part.indexOf("\r\n\r\n") + 4));
        }
      }
      assertEquals(List.of("r1;", "pabc;", "r2;", "r3;"), bodies);
      return null;
    });
  }

  @Test
  void rejectListOverRawSockets() {
    Application app = new Application().route("*", "/{p:.*}", r -> Response.text("reached"));
    Servers.with(app, (server, port) -> {
      Object[][] cases = {
        {400, "GET / HTTP/1.1\nHost: x\r\n\r\n"},
        {400, "GET  / HTTP/1.1\r\nHost: x\r\n\r\n"},
        {400, "GET / HTTP/1.1\r\nHost: x\r\nX: a\rb\r\n\r\n"},
        {400, "GET / HTTP/1.1\r\n\r\n"},
        {400, "GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n"},
        {400, "GET / HTTP/1.1\r\nHost : x\r\n\r\n"},
        {400, "GET / HTTP/1.1\r\nHost: x\r\nX: a\r\n b\r\n\r\n"},
        {400, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx"},
        {400, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"},
        {400, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"},
        {501, "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: br\r\n\r\n"},
        {505, "GET / HTTP/2.0\r\nHost: x\r\n\r\n"},
        {414, "GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n"},
        {431, "GET / HTTP/1.1\r\nHost: x\r\nX: " + "a".repeat(9000) + "\r\n\r\n"},
      };
      for (Object[] c : cases) {
        String raw = Raw.exchange(port, (String) c[1]);
        assertEquals((int) c[0], Raw.status(raw), () -> Headers.printable((String) c[1]));
        assertTrue(raw.contains("\r\nConnection: close\r\n"), raw);
        assertFalse(raw.contains("reached"), raw);
      }
      // after a valid request, a smuggled second one in the same stream is refused
      String smuggle = Raw.exchange(port, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"
          + "GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n");
      assertTrue(smuggle.startsWith("HTTP/1.1 200 "), smuggle);
      assertTrue(smuggle.contains("HTTP/1.1 400 "), smuggle);
      return null;
    });
  }

  @Test
  void jdkH2cUpgradeOfferIsIgnored() {
    HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    Application app = new Application().post("/", r -> Response.text(r.text()));
    Servers.with(app, (server, port) -> {
      HttpResponse<String> r = Asyncio.await(h2.sendAsync(HttpRequest.newBuilder(uri(port, "/"))
          .POST(HttpRequest.BodyPublishers.ofString("body")).build(),
          HttpResponse.BodyHandlers.ofString()));
      assertEquals(200, r.statusCode());
      assertEquals("body", r.body());
      assertEquals(HttpClient.Version.HTTP_1_1, r.version());
      return null;
    });
    h2.close();
  }

  @Test
  void slowHeadersGet408AndIdleConnectionsClose() {
    // Real time: each timeout is told apart from the other by a gap of 30 s, so a loaded machine
    // cannot make one look like the other; only lower bounds are tight.
    Application app = new Application().get("/", r -> Response.text("ok"));
    ServerOptions slowHeaders =
        ServerOptions.defaults().withHeaderTimeout(0.3).withKeepAliveTimeout(30.3);
    Asyncio.run(() -> Servers.serve(app, slowHeaders, (server, port) -> {
      EventLoop loop = Asyncio.getRunningLoop();
      double start = loop.time();
      Connection slow = Streams.openConnection("127.0.0.1", port);
      slow.writer().write("GET / HTTP/1.1\r\nHost:".getBytes(StandardCharsets.US_ASCII));
      String raw = new String(slow.reader().read(-1), StandardCharsets.ISO_8859_1);
      assertEquals(408, Raw.status(raw));
      double took = loop.time() - start;
      assertTrue(took >= 0.3 && took < 30.3, "408 after " + took);
      slow.writer().close();
      return null;
    }));
    ServerOptions idleClose =
        ServerOptions.defaults().withHeaderTimeout(30.8).withKeepAliveTimeout(0.8);
    Asyncio.run(() -> Servers.serve(app, idleClose, (server, port) -> {
      EventLoop loop = Asyncio.getRunningLoop();
      // an idle connection: closed after the keep-alive timeout, not the header one
      double start = loop.time();
      Connection idle = Streams.openConnection("127.0.0.1", port);
      assertEquals(0, idle.reader().read(-1).length);
      double took = loop.time() - start;
      assertTrue(took >= 0.8 && took < 30.8, "idle close after " + took);
      idle.writer().close();
      // kept alive after a request, then closed once idle for the keep-alive timeout
      Connection ka = Streams.openConnection("127.0.0.1", port);
      // From before the request: the server's idle timer starts when it has sent the answer,
      // which reaches this side a little later, so a start taken after reading the answer could
      // see the close a few microseconds under the timeout.
      start = loop.time();
      ka.writer().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      ka.reader().readuntil("ok".getBytes(StandardCharsets.US_ASCII));
      assertEquals(0, ka.reader().read(-1).length);
      took = loop.time() - start;
      assertTrue(took >= 0.8 - 1e-6 && took < 30.8, "keep-alive close after " + took);
      ka.writer().close();
      return null;
    }));
  }

  @Test
  void keepAliveTimeoutCountsFromTheEndOfTheLastRequest() {
    Application app = new Application().get("/", r -> Response.text("ok"));
    ServerOptions fast = ServerOptions.defaults().withKeepAliveTimeout(0.8);
    double closedAfter = Asyncio.run(() -> Servers.serve(app, fast, (server, port) -> {
      EventLoop loop = Asyncio.getRunningLoop();
      Connection c = Streams.openConnection("127.0.0.1", port);
      Asyncio.sleep(0.5); // idle for 0.5 of the 0.8 s, then one keep-alive request
      c.writer().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      c.reader().readuntil("ok".getBytes(StandardCharsets.US_ASCII));
      double answered = loop.time();
      assertEquals(0, c.reader().read(-1).length); // the server closes
      double after = loop.time() - answered;
      c.writer().close();
      return after;
    }));
    // a timer left from the first idle period must not close it 0.3 s after the answer
    assertTrue(closedAfter >= 0.75, "closed " + closedAfter + " s after the answer");
  }

  @Test
  void clientGoingAwayCancelsTheHandler() {
    Application app;
    Future<String>[] outcome = newFutureHolder();
    app = new Application().get("/slow", r -> {
      try {
        Asyncio.sleep(3600);
        outcome[0].setResult("finished");
      } catch (CancelledError e) {
        outcome[0].setResult("cancelled");
        throw e;
      }
      return Response.text("late");
    });
    String result = Servers.withVirtual(app, ServerOptions.defaults(), (server, port) -> {
      outcome[0] = Asyncio.getRunningLoop().createFuture();
      Connection c = Streams.openConnection("127.0.0.1", port);
      c.writer().write(get("/slow").getBytes(StandardCharsets.US_ASCII));
      c.writer().drain();
      Asyncio.sleep(1);
      c.writer().close();
      return Asyncio.await(outcome[0]);
    });
    assertEquals("cancelled", result);
  }

  @SuppressWarnings("unchecked")
  private static <T> Future<T>[] newFutureHolder() {
    return (Future<T>[]) new Future<?>[1];
  }

  @Test
  void shutdownLetsRunningRequestsFinishWithinGrace() {
    List<String> order = new ArrayList<>();
    Application app = new Application()
        .get("/quick", r -> {
          Asyncio.sleep(2);
          order.add("quick done");
          return Response.text("quick");
        })
        .get("/slow", r -> {
          try {
            Asyncio.sleep(100);
            order.add("slow done");
          } catch (CancelledError e) {
            order.add("slow cancelled");
            throw e;
          }
          return Response.text("slow");
        })
        .onCleanup(a -> order.add("cleanup"));
    Asyncio.runVirtual(() -> {
      WebServer server = WebServer.start(app, "127.0.0.1", 0);
      int port = server.port();
      var quick = Asyncio.createTask(() -> Raw.exchange(port, get("/quick")));
      var slow = Asyncio.createTask(() -> {
        try {
          return Raw.exchange(port, get("/slow"));
        } catch (java.io.IOException e) {
          return "";
        }
      });
      Asyncio.sleep(1);
      double start = Asyncio.getRunningLoop().time();
      server.shutdown(5);
      double took = Asyncio.getRunningLoop().time() - start;
      assertTrue(took >= 5 && took < 6, "shutdown took " + took);
      assertEquals("quick", Raw.body(Asyncio.await(quick)));
      assertEquals("", Asyncio.await(slow));
      order.add("shut down");
      return null;
    });
    assertEquals(List.of("quick done", "slow cancelled", "cleanup", "shut down"), order);
  }

  @Test
  void streamResponseWaitsForASlowClient() {
    int piece = 64 * 1024;
    int pieces = 512; // 32 MiB in all
    int[] written = {0};
    Application app = new Application().get("/big", r -> {
      StreamResponse s = new StreamResponse(200, Headers.of("Content-Length",
          String.valueOf((long) piece * pieces)));
      s.prepare(r);
      byte[] b = new byte[piece];
      for (int i = 0; i < pieces; i++) {
        s.write(b);
        written[0]++;
      }
      return s;
    });
    Servers.with(app, (server, port) -> {
      Connection c = Streams.openConnection("127.0.0.1", port);
      c.writer().write(get("/big").getBytes(StandardCharsets.US_ASCII));
      // the client reads nothing for a while: the handler must stop well before 32 MiB
      for (int i = 0; i < 20; i++) {
        Asyncio.sleep(0.02);
      }
      int before = written[0];
      assertTrue(before < pieces / 2, "wrote " + before + " pieces to a client that reads nothing");
      long total = 0;
      for (byte[] b = c.reader().read(1 << 20); b.length > 0; b = c.reader().read(1 << 20)) {
        total += b.length;
      }
      assertEquals(pieces, written[0]);
      assertTrue(total > (long) piece * pieces, "got " + total);
      c.writer().close();
      return null;
    });
  }

  @Test
  void expectContinueIsAnsweredWhenTheBodyIsRead() {
    Application app = new Application().post("/", r -> Response.text(r.text()));
    Servers.with(app, (server, port) -> {
      HttpResponse<String> r = jdk(HttpRequest.newBuilder(uri(port, "/")).expectContinue(true)
          .POST(HttpRequest.BodyPublishers.ofString("after continue")).build());
      assertEquals("after continue", r.body());
      assertNotNull(r.headers().firstValue("server").orElse(null));
      return null;
    });
  }
}
