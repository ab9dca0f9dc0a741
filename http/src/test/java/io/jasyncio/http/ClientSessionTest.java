package io.jasyncio.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.TimeoutError;
import io.jasyncio.transports.Server;
import io.jasyncio.streams.Streams;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client against the JDK's HttpServer, against our server, and against raw sockets. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClientSessionTest {
  private static HttpServer jdk;
  private static HttpServer other;
  private static String base;
  private static String otherBase;

  @BeforeAll
  static void startJdkServers() throws IOException {
    jdk = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    jdk.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    jdk.createContext("/", ClientSessionTest::handle);
    jdk.start();
    base = "http://127.0.0.1:" + jdk.getAddress().getPort();
    other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    other.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    other.createContext("/", ClientSessionTest::handle);
    other.start();
    otherBase = "http://127.0.0.1:" + other.getAddress().getPort();
  }

  @AfterAll
  static void stopJdkServers() {
    jdk.stop(0);
    other.stop(0);
  }

  private static void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String query = ex.getRequestURI().getRawQuery();
    byte[] in = ex.getRequestBody().readAllBytes();
    byte[] out;
    switch (path) {
      case "/text" -> {
        ex.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
        out = "h\u00e9llo".getBytes(StandardCharsets.UTF_8);
      }
      case "/echo" -> {
        String ua = ex.getRequestHeaders().getFirst("User-Agent");
        String ae = ex.getRequestHeaders().getFirst("Accept-Encoding");
        String ct = ex.getRequestHeaders().getFirst("Content-Type");
        String text = ex.getRequestMethod() + "|" + query + "|" + ct + "|" + ua + "|" + ae + "|"
            + ex.getRequestHeaders().getFirst("X-Test") + "|" + new String(in, StandardCharsets.UTF_8);
        out = text.getBytes(StandardCharsets.UTF_8);
      }
      case "/chunked" -> {
        ex.sendResponseHeaders(200, 0);
        try (OutputStream os = ex.getResponseBody()) {
          for (int i = 0; i < 5; i++) {
            os.write(("piece" + i + ";").getBytes(StandardCharsets.US_ASCII));
            os.flush();
          }
        }
        return;
      }
      case "/gzip", "/deflate" -> {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (OutputStream z = path.equals("/gzip") ? new GZIPOutputStream(bo)
            : new DeflaterOutputStream(bo)) {
          z.write("compressed ".repeat(1000).getBytes(StandardCharsets.US_ASCII));
        }
        ex.getResponseHeaders().add("Content-Encoding", path.substring(1));
        out = bo.toByteArray();
      }
      case "/redirect" -> {
        Map<String, List<String>> q = UrlCodec.parseForm(query);
        ex.getResponseHeaders().add("Location", q.get("to").get(0));
        ex.sendResponseHeaders(Integer.parseInt(q.get("code").get(0)), -1);
        ex.close();
        return;
      }
      case "/hops" -> {
        int n = Integer.parseInt(query.substring(2));
        if (n > 0) {
          ex.getResponseHeaders().add("Location", "/hops?n=" + (n - 1));
          ex.sendResponseHeaders(302, -1);
          ex.close();
          return;
        }
        out = "arrived".getBytes(StandardCharsets.US_ASCII);
      }
      case "/loop" -> {
        ex.getResponseHeaders().add("Location", "/loop");
        ex.sendResponseHeaders(302, -1);
        ex.close();
        return;
      }
      case "/cookie/set" -> {
        ex.getResponseHeaders().add("Set-Cookie", "sid=abc123; Path=/");
        out = "set".getBytes(StandardCharsets.US_ASCII);
      }
      case "/headers" -> {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        String cookie = ex.getRequestHeaders().getFirst("Cookie");
        out = ("auth=" + auth + ";cookie=" + cookie).getBytes(StandardCharsets.UTF_8);
      }
      case "/remote" -> out = String.valueOf(ex.getRemoteAddress().getPort())
          .getBytes(StandardCharsets.US_ASCII);
      case "/json" -> {
        ex.getResponseHeaders().add("Content-Type", "application/json");
        out = "{\"name\":\"lamp\",\"count\":3}".getBytes(StandardCharsets.UTF_8);
      }
      case "/status" -> {
        ex.sendResponseHeaders(Integer.parseInt(query), -1);
        ex.close();
        return;
      }
      default -> {
        ex.sendResponseHeaders(404, -1);
        ex.close();
        return;
      }
    }
    ex.sendResponseHeaders(200, out.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(out);
    }
  }

  @Test
  void getTextJsonAndStatus() {
    Asyncio.run(() -> {
      try (ClientSession s = new ClientSession()) {
        try (ClientResponse r = s.get(base + "/text")) {
          assertEquals(200, r.status());
          assertEquals("OK", r.reason());
          assertTrue(r.ok());
          assertEquals("h\u00e9llo", r.text());
        }
        try (ClientResponse r = s.get(base + "/json")) {
          JsonNode n = r.json();
          assertEquals("lamp", n.get("name").asText());
        }
        try (ClientResponse r = s.get(base + "/json")) {
          record Item(String name, int count) {}
          assertEquals(new Item("lamp", 3), r.json(Item.class));
        }
        try (ClientResponse r = s.get(base + "/status?404")) {
          assertFalse(r.ok());
          ClientResponseError e = assertThrows(ClientResponseError.class, r::raiseForStatus);
          assertEquals(404, e.status());
        }
      }
      return null;
    });
  }

  @Test
  void requestBodiesParamsAndDefaultHeaders() {
    Asyncio.run(() -> {
      try (ClientSession s = ClientSession.builder().header("X-Test", "session").build()) {
        String got = s.send(ClientRequest.post(base + "/echo?a=1").param("q", "x y&z")
            .json(Map.of("k", "v"))).text();
        assertEquals("POST|a=1&q=x+y%26z|application/json|jasyncio-http/0.1|gzip, deflate|session|"
            + "{\"k\":\"v\"}", got);
        got = s.send(ClientRequest.put(base + "/echo").header("X-Test", "mine")
            .form(Map.of("a", "1 2"))).text();
        assertEquals("PUT|null|application/x-www-form-urlencoded|jasyncio-http/0.1|gzip, deflate|"
            + "mine|a=1+2", got);
        got = s.send(ClientRequest.post(base + "/echo").stream(
            List.of("one,".getBytes(StandardCharsets.US_ASCII),
                "two".getBytes(StandardCharsets.US_ASCII)).iterator(), "text/plain")).text();
        assertTrue(got.endsWith("|one,two"), got);
        assertThrows(IllegalArgumentException.class,
            () -> ClientRequest.get(base).header("X", "a\r\nInjected: 1"));
        assertThrows(IllegalArgumentException.class, () -> ClientRequest.of("GE T", base));
      }
      return null;
    });
  }

  @Test
  void chunkedGzipAndDeflateBodies() {
    Asyncio.run(() -> {
      try (ClientSession s = new ClientSession()) {
        assertEquals("piece0;piece1;piece2;piece3;piece4;", s.get(base + "/chunked").text());
        assertEquals("compressed ".repeat(1000), s.get(base + "/gzip").text());
        assertEquals("compressed ".repeat(1000), s.get(base + "/deflate").text());
        try (ClientResponse r = s.get(base + "/gzip")) {
          StringBuilder b = new StringBuilder();
          for (byte[] c = r.readChunk(100); c.length > 0; c = r.readChunk(100)) {
            assertTrue(c.length <= 100);
            b.append(new String(c, StandardCharsets.US_ASCII));
          }
          assertEquals("compressed ".repeat(1000), b.toString());
        }
      }
      return null;
    });
  }

  @Test
  void keepAliveReusesOneConnection() {
    Asyncio.run(() -> {
      try (ClientSession s = new ClientSession()) {
        String first = s.get(base + "/remote").text();
        assertEquals(1, s.idleConnectionCount());
        assertEquals(first, s.get(base + "/remote").text());
        assertEquals(first, s.get(base + "/remote").text());
        assertEquals(1, s.connectionCount());
        // a response closed before its body was read: its connection is closed, not pooled
        ClientResponse r = s.get(base + "/chunked");
        r.close();
        assertEquals(0, s.connectionCount());
      }
      return null;
    });
  }

  @Test
  void redirectsFollowTheRules() {
    Asyncio.run(() -> {
      try (ClientSession s = new ClientSession()) {
        ClientResponse r = s.send(ClientRequest.post(base + "/redirect?code=302&to=/echo").text("b"));
        assertEquals("GET|null|null|jasyncio-http/0.1|gzip, deflate|null|", r.text());
        assertEquals(1, r.history().size());
        assertEquals(302, r.history().get(0).status());
        assertEquals(base + "/echo", r.url().toString());
        r = s.send(ClientRequest.post(base + "/redirect?code=307&to=/echo").text("kept"));
        assertTrue(r.text().startsWith("POST|") && r.text().endsWith("|kept"), r.text());
        r = s.send(ClientRequest.put(base + "/redirect?code=303&to=/echo").text("dropped"));
        assertTrue(r.text().startsWith("GET|"));
        // Authorization goes to the same origin, not to another one
        String same = s.send(ClientRequest.get(base + "/redirect?code=301&to=/headers")
            .header("Authorization", "Bearer x")).text();
        assertTrue(same.startsWith("auth=Bearer x"), same);
        String elsewhere = s.send(ClientRequest.get(base + "/redirect?code=301&to="
            + otherBase + "/headers").header("Authorization", "Bearer x")).text();
        assertTrue(elsewhere.startsWith("auth=null"), elsewhere);
        TooManyRedirects e = assertThrows(TooManyRedirects.class, () -> s.get(base + "/loop"));
        assertEquals(302, e.status());
        ClientResponse noFollow = s.send(ClientRequest.get(base + "/loop").allowRedirects(false));
        assertEquals(302, noFollow.status());
        noFollow.close();
      }
      try (ClientSession s = ClientSession.builder().maxRedirects(2).build()) {
        assertThrows(TooManyRedirects.class,
            () -> s.get(base + "/redirect?code=302&to=/redirect%3Fcode%3D302%26to%3D/loop"));
      }
      return null;
    });
  }

  @Test
  void redirects307And308KeepTheMethodAndBodyWhile301To303TurnAPostIntoAGet() {
    Asyncio.run(() -> {
      try (ClientSession s = new ClientSession()) {
        for (int code : new int[] {307, 308}) {
          for (String method : List.of("POST", "PUT", "PATCH")) {
            ClientResponse r = s.send(ClientRequest.of(method, base + "/redirect?code=" + code
                + "&to=/echo").text("kept"));
            assertEquals(method + "|null|text/plain; charset=utf-8|jasyncio-http/0.1|gzip, deflate"
                + "|null|kept", r.text(), code + " " + method);
            assertEquals(List.of(code), r.history().stream().map(ClientResponse::status).toList());
            assertEquals(method, r.method());
          }
        }
        for (int code : new int[] {301, 302, 303}) {
          ClientResponse r = s.send(ClientRequest.post(base + "/redirect?code=" + code
              + "&to=/echo").text("dropped"));
          assertEquals("GET|null|null|jasyncio-http/0.1|gzip, deflate|null|", r.text(), "" + code);
          assertEquals("GET", r.method());
          assertEquals("POST", r.history().get(0).method());
        }
        // 301 and 302 change only a POST
        String put = s.send(ClientRequest.put(base + "/redirect?code=301&to=/echo").text("kept"))
            .text();
        assertTrue(put.startsWith("PUT|") && put.endsWith("|kept"), put);
      }
      return null;
    });
  }

  @Test
  void authorizationGoesOnlyToTheOriginItWasGivenFor() {
    Asyncio.runVirtual(() -> {
      List<String> auth = new ArrayList<>();
      MemoryServer server = new MemoryServer(ex -> {
        if (ex.seen.method().equals("HEAD")) {
          ex.send(ex.target().equals("/h") ? "HTTP/1.1 303 See Other\r\nLocation: /h2\r\n"
              + "Content-Length: 0\r\n\r\n" : "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n");
          return;
        }
        auth.add(ex.seen.host() + ex.target() + " " + ex.head.headers().get("Authorization"));
        String next = switch (ex.seen.host() + ex.target()) {
          case "a.test:80/1" -> "/2";                      // same origin
          case "a.test:80/2" -> "http://a.test:8080/3";    // another port
          case "a.test:8080/3" -> "http://b.test/4";       // another host
          case "b.test:80/4" -> "http://a.test/5";         // back: still not sent
          default -> null;
        };
        ex.send(next == null ? MemoryServer.ok("end")
            : "HTTP/1.1 307 Temporary Redirect\r\nLocation: " + next
                + "\r\nContent-Length: 0\r\n\r\n");
      });
      try (ClientSession s = ClientSession.builder().dialer(server.dialer()).build()) {
        ClientResponse r = s.send(ClientRequest.get("http://a.test/1")
            .header("Authorization", "Bearer t"));
        assertEquals("end", r.text());
        assertEquals(4, r.history().size());
        assertEquals(List.of("a.test:80/1 Bearer t", "a.test:80/2 Bearer t", "a.test:8080/3 null",
            "b.test:80/4 null", "a.test:80/5 null"), auth);
        // a 303 answer to a HEAD is followed with a HEAD
        try (ClientResponse head = s.send(ClientRequest.head("http://a.test/h"))) {
          assertEquals("HEAD", head.method());
          assertEquals(200, head.status());
          assertEquals(0, head.read().length);
          assertEquals(List.of(303), head.history().stream().map(ClientResponse::status).toList());
        }
        assertEquals(List.of("HEAD /h", "HEAD /h2"), server.seen().stream()
            .filter(x -> x.method().equals("HEAD")).map(x -> x.method() + " " + x.target())
            .toList());
      }
      return null;
    });
  }

  @Test
  void tenRedirectsAreFollowedAndTheEleventhIsTooMany() {
    Asyncio.run(() -> {
      try (ClientSession s = new ClientSession()) {
        ClientResponse r = s.get(base + "/hops?n=10");
        assertEquals("arrived", r.text());
        assertEquals(base + "/hops?n=0", r.url().toString());
        List<String> history = r.history().stream()
            .map(h -> h.status() + " " + h.url().getRawQuery()).toList();
        assertEquals(List.of("302 n=10", "302 n=9", "302 n=8", "302 n=7", "302 n=6", "302 n=5",
            "302 n=4", "302 n=3", "302 n=2", "302 n=1"), history);
        try (ClientResponse direct = s.get(base + "/text")) {
          assertEquals(List.of(), direct.history());
        }
        TooManyRedirects e = assertThrows(TooManyRedirects.class, () -> s.get(base + "/hops?n=11"));
        assertEquals(302, e.status());
        assertEquals("/hops?n=0", e.headers().get("Location"));
        assertEquals(1, s.connectionCount(), "every redirect's connection was reused");
      }
      try (ClientSession s = ClientSession.builder().maxRedirects(0).build()) {
        assertThrows(TooManyRedirects.class, () -> s.get(base + "/hops?n=1"));
        assertEquals("arrived", s.get(base + "/hops?n=0").text());
      }
      return null;
    });
  }

  @Test
  void cookiesAndBaseUrl() {
    Asyncio.run(() -> {
      try (ClientSession s = ClientSession.builder().baseUrl(base + "/").build()) {
        assertEquals("set", s.get("cookie/set").text());
        assertEquals("auth=null;cookie=sid=abc123", s.get("/headers").text());
      }
      try (ClientSession s = ClientSession.builder().baseUrl(base + "/").cookies(false).build()) {
        s.get("cookie/set").read();
        assertEquals("auth=null;cookie=null", s.get("headers").text());
      }
      assertThrows(IllegalArgumentException.class, () -> ClientSession.builder().baseUrl(base));
      return null;
    });
  }

  @Test
  void raiseForStatusSetting() {
    Asyncio.run(() -> {
      try (ClientSession s = ClientSession.builder().raiseForStatus(true).build()) {
        ClientResponseError e = assertThrows(ClientResponseError.class,
            () -> s.get(base + "/status?500"));
        assertEquals(500, e.status());
        assertEquals(500, s.send(ClientRequest.get(base + "/status?500").raiseForStatus(false))
            .status());
      }
      return null;
    });
  }

  @Test
  void timeoutsNameThemselves() {
    Application app = new Application().get("/sleep/{s}", r -> {
      Asyncio.sleep(Double.parseDouble(r.matchInfo("s")));
      return Response.text("slept");
    }).get("/drip", r -> {
      StreamResponse s = new StreamResponse(200, new Headers());
      s.prepare(r);
      for (int i = 0; i < 10; i++) {
        s.write(new byte[] {'x'});
        Asyncio.sleep(2);
      }
      return s;
    });
    Servers.withVirtual(app, ServerOptions.defaults(), (server, port) -> {
      String url = "http://127.0.0.1:" + port;
      double start = Asyncio.getRunningLoop().time();
      try (ClientSession s = ClientSession.builder()
          .timeout(new ClientTimeout(300.0, null, 30.0, 5.0)).build()) {
        TimeoutError e = assertThrows(TimeoutError.class, () -> s.get(url + "/sleep/10"));
        assertTrue(e.getMessage().contains("sock_read"), e.getMessage());
        assertEquals(5, Asyncio.getRunningLoop().time() - start, 0.5);
        assertEquals(0, s.connectionCount(), "a timed-out connection is closed");
        assertEquals("slept", s.get(url + "/sleep/4").text());
        // gaps of 2 s stay under sock_read; total 7 s cuts the 20 s body
        start = Asyncio.getRunningLoop().time();
        ClientResponse drip = s.send(ClientRequest.get(url + "/drip")
            .timeout(new ClientTimeout(7.0, null, null, 5.0)));
        TimeoutError t = assertThrows(TimeoutError.class, drip::read);
        assertTrue(t.getMessage().contains("total"), t.getMessage());
        assertEquals(7, Asyncio.getRunningLoop().time() - start, 0.5);
      }
      // connect covers the wait for a pool slot
      try (ClientSession s = ClientSession.builder().limit(1)
          .timeout(new ClientTimeout(null, 1.0, null, null)).build()) {
        Task<String> busy = Asyncio.createTask(() -> s.get(url + "/sleep/3").text());
        Asyncio.sleep(0.1);
        TimeoutError e = assertThrows(TimeoutError.class, () -> s.get(url + "/sleep/0"));
        assertTrue(e.getMessage().contains("connect"), e.getMessage());
        assertEquals("slept", Asyncio.await(busy));
      }
      return null;
    });
  }

  @Test
  void poolLimitServesWaitersInOrder() {
    List<String> served = new ArrayList<>();
    Application app = new Application().get("/{n}", r -> {
      served.add(r.matchInfo("n"));
      Asyncio.sleep(1);
      return Response.text(r.matchInfo("n"));
    });
    Servers.withVirtual(app, ServerOptions.defaults(), (server, port) -> {
      double start = Asyncio.getRunningLoop().time();
      try (ClientSession s = ClientSession.builder().limit(2).build()) {
        List<Task<String>> tasks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
          String n = String.valueOf(i);
          tasks.add(Asyncio.createTask(() -> s.get("http://127.0.0.1:" + port + "/" + n).text()));
        }
        for (int i = 0; i < 6; i++) {
          assertEquals(String.valueOf(i), Asyncio.await(tasks.get(i)));
        }
        assertTrue(s.connectionCount() <= 2);
      }
      assertEquals(3, Asyncio.getRunningLoop().time() - start, 0.5, "three waves of two");
      assertEquals(List.of("0", "1", "2", "3", "4", "5"), served);
      return null;
    });
  }

  @Test
  void truncatedBodyIsAPayloadErrorAndARefusedConnectionAConnectionError() {
    Asyncio.run(() -> {
      Server raw = Streams.startServer((r, w) -> {
        r.readuntil("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        w.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello".getBytes(StandardCharsets.US_ASCII));
        w.close();
      }, "127.0.0.1", 0);
      try (ClientSession s = new ClientSession()) {
        ClientResponse r = s.get("http://127.0.0.1:" + raw.port() + "/");
        assertEquals(200, r.status());
        assertThrows(ClientPayloadError.class, r::read);
        int port = raw.port();
        raw.close();
        raw.waitClosed();
        assertThrows(ClientConnectionError.class, () -> s.get("http://127.0.0.1:" + port + "/"));
      }
      return null;
    });
  }

  @Test
  void aDeadReusedConnectionIsRetriedOnceForGet() {
    Asyncio.run(() -> {
      int[] connections = {0};
      // answers one request per connection, announcing keep-alive, then closes without a word
      Server raw = Streams.startServer((r, w) -> {
        connections[0]++;
        r.readuntil("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        w.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
        w.close();
      }, "127.0.0.1", 0);
      try (ClientSession s = new ClientSession()) {
        String url = "http://127.0.0.1:" + raw.port() + "/";
        for (int i = 0; i < 5; i++) {
          assertEquals("ok", s.get(url).text());
        }
        assertEquals(5, connections[0]);
      } finally {
        raw.close();
      }
      return null;
    });
  }

  @Test
  void sockConnectTimesOutOnAnAddressThatNeverAnswers() throws Exception {
    // Linux drops a SYN that finds the listener's accept queue full: a connection to a socket
    // that listens with a backlog of 1, never accepts and already has a full queue never opens.
    assumeTrue(System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux"),
        "relies on Linux dropping SYNs to a full accept queue");
    List<SocketChannel> fillers = new ArrayList<>();
    try (ServerSocketChannel full = ServerSocketChannel.open()) {
      full.bind(new InetSocketAddress("127.0.0.1", 0), 1);
      InetSocketAddress at = (InetSocketAddress) full.getLocalAddress();
      fillers.add(SocketChannel.open(at)); // the queue has room for this one: it opens
      for (int i = 0; i < 15; i++) {       // these fill the queue; the rest of their SYNs are dropped
        SocketChannel c = SocketChannel.open();
        c.configureBlocking(false);
        fillers.add(c);
        c.connect(at);
      }
      String url = "http://127.0.0.1:" + at.getPort() + "/";
      Asyncio.run(() -> {
        // limit(1): after the timeout the one slot must be free again for the next request
        try (ClientSession s = ClientSession.builder().limit(1)
            .timeout(new ClientTimeout(60.0, null, 1.0, null)).build()) {
          double start = Asyncio.getRunningLoop().time();
          TimeoutError e = assertThrows(TimeoutError.class, () -> s.get(url));
          double took = Asyncio.getRunningLoop().time() - start;
          assertTrue(e.getMessage().contains("sock_connect"), e.getMessage());
          assertTrue(took >= 0.99 && took < 30, "sock_connect fired after " + took + " s");
          assertEquals(0, s.connectionCount());
          assertEquals("h\u00e9llo", s.get(base + "/text").text());
        }
        return null;
      });
    } finally {
      for (SocketChannel c : fillers) {
        c.close();
      }
    }
  }

  @Test
  void sockConnectCoversATlsHandshakeThatNeverAnswers() {
    Asyncio.run(() -> {
      // accepts TCP connections, reads the ClientHello and never answers it
      Server silent = Streams.startServer((r, w) -> {
        r.read(-1);
        w.close();
      }, "127.0.0.1", 0);
      try (ClientSession s = ClientSession.builder()
          .timeout(new ClientTimeout(60.0, null, 1.0, null)).build()) {
        double start = Asyncio.getRunningLoop().time();
        TimeoutError e = assertThrows(TimeoutError.class,
            () -> s.get("https://127.0.0.1:" + silent.port() + "/"));
        double took = Asyncio.getRunningLoop().time() - start;
        assertTrue(e.getMessage().contains("sock_connect"), e.getMessage());
        assertTrue(took >= 0.99 && took < 30, "sock_connect fired after " + took + " s");
        assertEquals(0, s.connectionCount());
      } finally {
        silent.close();
      }
      return null;
    });
  }

  @Test
  void aResponseLeftUnclosedIsReportedInDebugMode() throws Exception {
    Logger log = Logger.getLogger("io.jasyncio.http");
    List<String> reports = new CopyOnWriteArrayList<>();
    CountDownLatch reported = new CountDownLatch(1);
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        String m = record.getMessage();
        reports.add(m);
        if (m.contains("/text")) {
          reported.countDown();
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    log.addHandler(handler);
    try {
      Asyncio.run(() -> {  // debug mode off: a response dropped unclosed is not reported
        try (ClientSession s = new ClientSession()) {
          s.get(base + "/remote"); // dropped unclosed
        }
        return null;
      }, false);
      Asyncio.run(() -> {  // debug mode on
        try (ClientSession s = new ClientSession()) {
          try (ClientResponse closed = s.get(base + "/json")) {
            closed.read();
          }
          s.get(base + "/text"); // dropped unclosed
        }
        return null;
      }, true);
      // The report comes from a cleaner once the response is garbage: collect until it does.
      for (int i = 0; i < 600 && reported.getCount() > 0; i++) {
        System.gc();
        reported.await(50, TimeUnit.MILLISECONDS);
      }
      assertEquals(0, reported.getCount(), "not reported; reports: " + reports);
      assertTrue(reports.stream().anyMatch(m -> m.equals("Unclosed response: GET " + base
          + "/text 200 (close it, or use try-with-resources)")), reports.toString());
      assertTrue(reports.stream().noneMatch(m -> m.contains("/json") || m.contains("/remote")),
          reports.toString());
    } finally {
      log.removeHandler(handler);
    }
  }

  @Test
  void aPostIsNeverRetriedButAGetIsWhenAReusedConnectionDiesBeforeAnswering() {
    Asyncio.run(() -> {
      List<String> seen = new ArrayList<>();
      // per connection: answers the first request (keep-alive), reads the second and closes
      Server raw = Streams.startServer((r, w) -> {
        for (int n = 0; ; n++) {
          byte[] head;
          try {
            head = r.readuntil("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          } catch (io.jasyncio.streams.IncompleteReadError e) {
            break;
          }
          String line = new String(head, StandardCharsets.US_ASCII).split("\r\n")[0];
          seen.add(line + (n == 0 ? " answered" : " dropped"));
          if (n > 0) {
            break;
          }
          String cl = new String(head, StandardCharsets.US_ASCII).toLowerCase(java.util.Locale.ROOT)
              .replaceAll("(?s).*content-length: *([0-9]+).*", "$1");
          if (cl.matches("[0-9]+")) {
            r.readexactly(Integer.parseInt(cl));
          }
          w.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
          w.drain();
        }
        w.close();
      }, "127.0.0.1", 0);
      try (ClientSession s = new ClientSession()) {
        String url = "http://127.0.0.1:" + raw.port() + "/";
        assertEquals("ok", s.get(url + "a").text());
        ClientConnectionError e = assertThrows(ClientConnectionError.class,
            () -> s.send(ClientRequest.post(url + "b").text("once")).text());
        assertTrue(e.getMessage().contains("Server disconnected"), e.getMessage());
        assertEquals("ok", s.get(url + "c").text());  // a fresh connection: answered first time
        assertEquals("ok", s.get(url + "d").text());  // reused, dropped, sent once more: answered
        assertEquals(List.of("GET /a HTTP/1.1 answered", "POST /b HTTP/1.1 dropped",
            "GET /c HTTP/1.1 answered", "GET /d HTTP/1.1 dropped", "GET /d HTTP/1.1 answered"), seen);
      } finally {
        raw.close();
      }
      return null;
    });
  }

  @Test
  void cancellingTheTaskClosesItsConnection() {
    Application app = new Application().get("/slow", r -> {
      Asyncio.sleep(100);
      return Response.text("late");
    });
    Servers.withVirtual(app, ServerOptions.defaults(), (server, port) -> {
      try (ClientSession s = new ClientSession()) {
        Task<String> t = Asyncio.createTask(
            () -> s.get("http://127.0.0.1:" + port + "/slow").text());
        Asyncio.sleep(1);
        assertEquals(1, s.connectionCount());
        t.cancel();
        assertThrows(io.jasyncio.CancelledError.class, () -> Asyncio.await(t));
        assertEquals(0, s.connectionCount());
      }
      return null;
    });
  }

  @Test
  void closingTheSessionFailsRequestsInFlight() {
    Application app = new Application().get("/slow", r -> {
      Asyncio.sleep(100);
      return Response.text("late");
    });
    Servers.withVirtual(app, ServerOptions.defaults(), (server, port) -> {
      ClientSession s = new ClientSession();
      Task<String> t = Asyncio.createTask(
          () -> s.get("http://127.0.0.1:" + port + "/slow").text());
      Asyncio.sleep(1);
      s.close();
      assertThrows(ClientConnectionError.class, () -> Asyncio.await(t));
      assertThrows(ClientConnectionError.class, () -> s.get("http://127.0.0.1:" + port + "/"));
      assertTrue(s.isClosed());
      return null;
    });
  }

  @Test
  void ourClientAgainstOurServerWithHeadAndEmptyBodies() {
    Application app = new Application().get("/", r -> Response.text("body"))
        .delete("/x", r -> Response.empty(204));
    Servers.with(app, (server, port) -> {
      try (ClientSession s = new ClientSession()) {
        ClientResponse h = s.send(ClientRequest.head("http://127.0.0.1:" + port + "/"));
        assertEquals("4", h.headers().get("Content-Length"));
        assertEquals(0, h.read().length);
        try (ClientResponse d = s.send(ClientRequest.delete("http://127.0.0.1:" + port + "/x"))) {
          assertEquals(204, d.status());
        }
        assertEquals("body", s.get("http://127.0.0.1:" + port + "/").text());
        assertEquals(1, s.connectionCount());
        assertNull(s.get("http://127.0.0.1:" + port + "/").headers().get("Transfer-Encoding"));
      }
      return null;
    });
  }
}
