package io.jasyncio.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Task;
import io.jasyncio.TimeoutError;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The session's connection pool on a virtual clock, against {@link MemoryServer}: limits, FIFO
 * waiting, keep-alive expiry, stale idle connections, retries, and the slot wait under timeouts
 * and cancellation.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClientPoolTest {
  private static final String A = "http://a.test";
  private static final String B = "http://b.test";

  private static ClientSession.Builder session(MemoryServer server) {
    return ClientSession.builder().dialer(server.dialer());
  }

  private static double now() {
    return Asyncio.getRunningLoop().time();
  }

  @Test
  void theDefaultLimitIs100InAllAndThe101stWaitsFirstComeFirstServed() {
    Asyncio.runVirtual(() -> {
      // request 0 ends at 1 s, request 1 at 2 s, the others at 3 s: a slot frees at 1 s, then 2 s
      MemoryServer server = new MemoryServer(ex -> {
        int n = Integer.parseInt(ex.target().substring(1));
        ex.sendLater(n == 0 ? 1 : n == 1 ? 2 : 3, MemoryServer.ok("r" + n));
      });
      try (ClientSession s = session(server).build()) {
        List<Task<String>> tasks = new ArrayList<>();
        for (int i = 0; i < 102; i++) {
          String url = A + "/" + i;
          tasks.add(Asyncio.createTask(() -> s.get(url).text()));
        }
        Asyncio.sleep(0.5);
        assertEquals(100, s.connectionCount());
        assertEquals(100, server.seen().size(), "one host takes all 100: no cap per host");
        for (int i = 0; i < 102; i++) {
          assertEquals("r" + i, Asyncio.await(tasks.get(i)));
        }
        assertEquals(100, server.opened());
        assertEquals(100, server.peakOpen());
        for (int i = 0; i < 100; i++) {
          assertEquals(0.0, server.seen().get(i).at());
        }
        // the 101st goes first, on the connection request 0 freed; the 102nd next, on request 1's
        MemoryServer.Seen first = server.seen().get(100);
        MemoryServer.Seen second = server.seen().get(101);
        assertEquals("/100 at 1.00", first.target() + " at " + fmt(first.at()));
        assertEquals("/101 at 2.00", second.target() + " at " + fmt(second.at()));
        assertEquals(connectionOf(server, "/0"), first.connection());
        assertEquals(connectionOf(server, "/1"), second.connection());
        assertEquals(100, s.idleConnectionCount());
      }
      Asyncio.sleep(1);
      assertEquals(0, server.openNow(), "closing the session closes every connection");
      return null;
    });
  }

  private static int connectionOf(MemoryServer server, String target) {
    return server.seen().stream().filter(x -> x.target().equals(target)).findFirst()
        .orElseThrow().connection();
  }

  private static String fmt(double t) {
    return String.format(java.util.Locale.ROOT, "%.2f", t);
  }

  @Test
  void limitPerHostCapsOneHostWhileAnotherStillGetsConnections() {
    Asyncio.runVirtual(() -> {
      MemoryServer server = new MemoryServer(ex -> ex.sendLater(1, MemoryServer.ok("x")));
      try (ClientSession s = session(server).limitPerHost(2).build()) {
        List<Task<String>> tasks = new ArrayList<>();
        for (String url : List.of(A + "/1", A + "/2", A + "/3", B + "/1", A + "/4", B + "/2")) {
          tasks.add(Asyncio.createTask(() -> s.get(url).text()));
        }
        for (Task<String> t : tasks) {
          assertEquals("x", Asyncio.await(t));
        }
        List<String> when = server.seen().stream()
            .map(x -> fmt(x.at()) + " " + x.host() + x.target()).toList();
        assertEquals(List.of("0.00 a.test:80/1", "0.00 a.test:80/2", "0.00 b.test:80/1",
            "0.00 b.test:80/2", "1.00 a.test:80/3", "1.00 a.test:80/4"), when);
        assertEquals(4, server.peakOpen());
        assertEquals(4, server.opened(), "a.test's waiters reuse its two connections");
      }
      return null;
    });
  }

  @Test
  void aTotalLimitAndAPerHostLimitTogether() {
    Asyncio.runVirtual(() -> {
      MemoryServer server = new MemoryServer(ex -> ex.sendLater(1, MemoryServer.ok("x")));
      try (ClientSession s = session(server).limit(3).limitPerHost(2).build()) {
        List<Task<String>> tasks = new ArrayList<>();
        for (String url : List.of(A + "/1", A + "/2", A + "/3", B + "/1", B + "/2")) {
          tasks.add(Asyncio.createTask(() -> s.get(url).text()));
        }
        Asyncio.sleep(0.5);
        assertEquals(3, s.connectionCount());
        for (Task<String> t : tasks) {
          assertEquals("x", Asyncio.await(t));
        }
        List<String> when = server.seen().stream()
            .map(x -> fmt(x.at()) + " " + x.host() + x.target()).toList();
        // a/3 waits for a.test's cap, b/1 takes the third slot, b/2 waits for the total;
        // at 1 s the three end and the two waiters go, first come first served
        assertEquals(List.of("0.00 a.test:80/1", "0.00 a.test:80/2", "0.00 b.test:80/1",
            "1.00 a.test:80/3", "1.00 b.test:80/2"), when);
        assertTrue(s.connectionCount() <= 3, s.toString());
      }
      return null;
    });
  }

  @Test
  void aFullPoolClosesItsOldestIdleConnectionToMakeRoomForAnotherHost() {
    Asyncio.runVirtual(() -> {
      MemoryServer server = new MemoryServer(ex -> ex.send(MemoryServer.ok("x")));
      String c = "http://c.test";
      try (ClientSession s = session(server).limit(2).build()) {
        assertEquals("x", s.get(A + "/1").text());
        Asyncio.sleep(1);
        assertEquals("x", s.get(B + "/1").text());
        Asyncio.sleep(1);
        assertEquals("x", s.get(A + "/2").text());  // a.test's connection is now the newer one
        assertEquals(2, s.idleConnectionCount());
        assertEquals("x", s.get(c + "/1").text());
        Asyncio.sleep(0);
        assertEquals(List.of("#2 at 2.00"), server.closes(), "b.test's idled longest");
        assertEquals(2, s.connectionCount());
        assertEquals("x", s.get(A + "/3").text());
        assertEquals(List.of("#1 GET /1", "#2 GET /1", "#1 GET /2", "#3 GET /1", "#1 GET /3"),
            server.requests());
        assertEquals(List.of("a.test:80", "b.test:80", "a.test:80", "c.test:80", "a.test:80"),
            server.seen().stream().map(MemoryServer.Seen::host).toList());
      }
      return null;
    });
  }

  @Test
  void anIdleConnectionIsReusedWithin15SecondsAndClosedAfter() {
    Asyncio.runVirtual(() -> {
      MemoryServer server = new MemoryServer(ex -> ex.send(MemoryServer.ok("x")));
      try (ClientSession s = session(server).build()) {
        assertEquals("x", s.get(A + "/1").text());
        Asyncio.sleep(14.9);
        assertEquals(1, s.idleConnectionCount());
        assertEquals("x", s.get(A + "/2").text());  // reused: idle 14.9 s
        double lastUsed = now();
        Asyncio.sleep(14.99);  // the 15 s count from the last use, not the first
        assertEquals(1, s.idleConnectionCount());
        assertEquals(List.of(), server.closes());
        Asyncio.sleep(0.02);
        assertEquals(0, s.idleConnectionCount());
        assertEquals(0, s.connectionCount());
        assertEquals(List.of("#1 at " + fmt(lastUsed + 15)), server.closes());
        assertEquals("x", s.get(A + "/3").text());
        assertEquals(List.of("#1 GET /1", "#1 GET /2", "#2 GET /3"), server.requests());
      }
      return null;
    });
  }

  @Test
  void aConnectionThePeerClosedWhileIdleIsDroppedBeforeReuse() {
    Asyncio.runVirtual(() -> {
      // announces keep-alive, then closes while the connection is idle (at 1 s)
      MemoryServer server = new MemoryServer(ex -> {
        ex.send(MemoryServer.ok("x"));
        ex.closeLater(1);
      });
      try (ClientSession s = session(server).build()) {
        assertEquals("x", s.get(A + "/1").text());
        assertEquals(1, s.idleConnectionCount());
        Asyncio.sleep(2);
        assertEquals(0, s.idleConnectionCount(), "dropped when the peer's close arrived");
        assertEquals(0, s.connectionCount());
        // a POST is never retried: it succeeds only because it never went to the dead connection
        assertEquals("x", s.send(ClientRequest.post(A + "/2").text("once")).text());
        assertEquals(List.of("#1 GET /1", "#2 POST /2"), server.requests());
      }
      return null;
    });
  }

  @Test
  void aConnectionThatGetsUnaskedBytesWhileIdleIsDroppedBeforeReuse() {
    Asyncio.runVirtual(() -> {
      // answers, then says 408 on the idle connection without closing it
      MemoryServer server = new MemoryServer(ex -> {
        ex.send(MemoryServer.ok("x"));
        if (ex.seen.connection() == 1) {
          ex.sendLater(1, "HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\n\r\n");
        }
      });
      try (ClientSession s = session(server).build()) {
        assertEquals("x", s.get(A + "/1").text());
        Asyncio.sleep(2);
        assertEquals(0, s.connectionCount());
        assertEquals(List.of("#1 at 1.00"), server.closes());
        assertEquals("x", s.send(ClientRequest.post(A + "/2").text("once")).text());
        assertEquals(List.of("#1 GET /1", "#2 POST /2"), server.requests());
      }
      return null;
    });
  }

  @Test
  void aReusedConnectionThatDiesBeforeAnsweringIsRetriedOnceForIdempotentMethodsOnly() {
    Asyncio.runVirtual(() -> {
      // every connection answers its first request and closes on its second without a word
      MemoryServer server = new MemoryServer(ex -> {
        if (ex.before() == 0) {
          ex.send(MemoryServer.ok("x"));
        } else {
          ex.close();
        }
      });
      try (ClientSession s = session(server).build()) {
        assertEquals("x", s.get(A + "/1").text());
        assertEquals("x", s.send(ClientRequest.put(A + "/2").text("p")).text());
        assertEquals("x", s.send(ClientRequest.delete(A + "/3")).text());
        ClientConnectionError e = assertThrows(ClientConnectionError.class,
            () -> s.send(ClientRequest.post(A + "/4").text("once")));
        assertTrue(e.getMessage().contains("Server disconnected"), e.getMessage());
        assertEquals(List.of("#1 GET /1", "#1 PUT /2", "#2 PUT /2", "#2 DELETE /3", "#3 DELETE /3",
            "#3 POST /4"), server.requests());
        assertEquals(0, s.connectionCount());
      }
      return null;
    });
  }

  @Test
  void aFreshConnectionThatDiesIsNotRetried() {
    Asyncio.runVirtual(() -> {
      MemoryServer server = new MemoryServer(MemoryServer.Exchange::close);
      try (ClientSession s = session(server).build()) {
        ClientConnectionError e = assertThrows(ClientConnectionError.class,
            () -> s.get(A + "/1"));
        assertTrue(e.getMessage().contains("Server disconnected"), e.getMessage());
        assertEquals(List.of("#1 GET /1"), server.requests());
        assertEquals(0, s.connectionCount());
      }
      return null;
    });
  }

  @Test
  void aReusedConnectionThatDiesAfterTheFirstResponseByteIsNotRetried() {
    Asyncio.runVirtual(() -> {
      MemoryServer server = new MemoryServer(ex -> {
        if (ex.before() == 0) {
          ex.send(MemoryServer.ok("x"));
        } else {
          ex.send("HTTP/1.1 200 O").close();
        }
      });
      try (ClientSession s = session(server).build()) {
        assertEquals("x", s.get(A + "/1").text());
        ClientError e = assertThrows(ClientError.class, () -> s.get(A + "/2"));
        assertTrue(e instanceof ClientPayloadError, e.toString());
        assertEquals(List.of("#1 GET /1", "#1 GET /2"), server.requests());
        assertEquals(0, s.connectionCount());
      }
      return null;
    });
  }

  @Test
  void connectTimeoutCountsTheWaitForASlot() {
    Asyncio.runVirtual(() -> {
      MemoryServer server = new MemoryServer(ex -> ex.sendLater(3, MemoryServer.ok("x")));
      try (ClientSession s = session(server).limit(1)
          .timeout(new ClientTimeout(null, 1.0, null, null)).build()) {
        Task<String> busy = Asyncio.createTask(() -> s.get(A + "/busy").text());
        Asyncio.sleep(0);
        double start = now();
        TimeoutError e = assertThrows(TimeoutError.class, () -> s.get(A + "/waits"));
        assertEquals("Timeout on connect (1.0 s)", e.getMessage());
        assertEquals(1.0, now() - start, 1e-9);
        assertEquals("x", Asyncio.await(busy));
        assertEquals(1, s.connectionCount());
        assertEquals(1, s.idleConnectionCount());
        assertEquals("x", s.get(A + "/next").text());  // the slot was given back
        assertEquals(List.of("#1 GET /busy", "#1 GET /next"), server.requests());
      }
      return null;
    });
  }

  @Test
  void connectCoversTheSlotWaitAndTheOpeningTogetherWhileSockConnectCoversTheOpeningAlone() {
    Asyncio.runVirtual(() -> {
      // opening a connection takes 0.5 s; each answer comes 0.3 s later and closes it
      MemoryServer server = new MemoryServer(ex -> ex.sendLater(0.3,
          "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\nx")).dialDelay(0.5);
      try (ClientSession s = session(server).limit(1)
          .timeout(new ClientTimeout(null, 1.0, 30.0, null)).build()) {
        Task<String> busy = Asyncio.createTask(() -> s.get(A + "/busy").text());
        Asyncio.sleep(0);
        double start = now();
        // the slot comes at 0.8 s, the connection would open at 1.3 s: connect fires at 1.0 s
        TimeoutError e = assertThrows(TimeoutError.class, () -> s.get(A + "/late"));
        assertEquals("Timeout on connect (1.0 s)", e.getMessage());
        assertEquals(1.0, now() - start, 1e-9);
        assertEquals("x", Asyncio.await(busy));
        assertEquals(0, s.connectionCount(), "the slot of the connection never opened is free");
        assertEquals("x", s.get(A + "/next").text());  // 0.5 s to open, within the 1.0 s
        assertEquals(List.of("#1 GET /busy", "#2 GET /next"), server.requests());
      }
      try (ClientSession s = session(server).timeout(new ClientTimeout(null, 10.0, 0.3, null))
          .build()) {
        double start = now();
        TimeoutError e = assertThrows(TimeoutError.class, () -> s.get(A + "/slow-open"));
        assertEquals("Timeout on sock_connect (0.3 s)", e.getMessage());
        assertEquals(0.3, now() - start, 1e-9);
        assertEquals(0, s.connectionCount());
      }
      return null;
    });
  }

  @Test
  void cancellingATaskThatWaitsForASlotLeavesThePoolConsistent() {
    Asyncio.runVirtual(() -> {
      MemoryServer server = new MemoryServer(ex -> ex.sendLater(2, MemoryServer.ok("x")));
      try (ClientSession s = session(server).limit(1).build()) {
        Task<String> busy = Asyncio.createTask(() -> s.get(A + "/busy").text());
        Task<String> cancelled = Asyncio.createTask(() -> s.get(A + "/cancelled").text());
        Task<String> next = Asyncio.createTask(() -> s.get(A + "/next").text());
        Asyncio.sleep(1);
        cancelled.cancel();
        assertThrows(CancelledError.class, () -> Asyncio.await(cancelled));
        assertEquals("x", Asyncio.await(busy));
        assertEquals("x", Asyncio.await(next));
        assertEquals(List.of("#1 GET /busy", "#1 GET /next"), server.requests());
        assertEquals(4.0, now(), 1e-9);
        assertEquals(1, s.connectionCount());
        assertEquals(1, s.idleConnectionCount());
      }
      return null;
    });
  }

  @Test
  void cancellingATaskThatWasJustGrantedAConnectionHandsItOn() {
    Asyncio.runVirtual(() -> {
      MemoryServer server = new MemoryServer(ex -> ex.sendLater(1, MemoryServer.ok("x")));
      try (ClientSession s = session(server).limit(1).build()) {
        ClientResponse first = s.get(A + "/first");
        Task<String> cancelled = Asyncio.createTask(() -> s.get(A + "/cancelled").text());
        Task<String> next = Asyncio.createTask(() -> s.get(A + "/next").text());
        Asyncio.sleep(0);
        // reading the body to its end hands the connection to the first waiter at once;
        // that task is cancelled before it runs again
        assertEquals("x", first.text());
        cancelled.cancel();
        assertThrows(CancelledError.class, () -> Asyncio.await(cancelled));
        assertEquals("x", Asyncio.await(next));
        assertEquals(List.of("#1 GET /first", "#1 GET /next"), server.requests());
        assertEquals(1, s.connectionCount());
        assertEquals(1, s.idleConnectionCount());
      }
      return null;
    });
  }

  @Test
  void cancellingATaskThatWasJustGrantedASlotGivesTheSlotBack() {
    Asyncio.runVirtual(() -> {
      // every answer closes its connection: a finished request frees a slot, not a connection
      MemoryServer server = new MemoryServer(ex -> ex.sendLater(1,
          "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\nx"));
      try (ClientSession s = session(server).limit(1).build()) {
        ClientResponse first = s.get(A + "/first");
        Task<String> cancelled = Asyncio.createTask(() -> s.get(A + "/cancelled").text());
        Task<String> next = Asyncio.createTask(() -> s.get(A + "/next").text());
        Asyncio.sleep(0);
        assertEquals("x", first.text());
        cancelled.cancel();
        assertThrows(CancelledError.class, () -> Asyncio.await(cancelled));
        assertEquals("x", Asyncio.await(next));
        assertEquals(List.of("#1 GET /first", "#2 GET /next"), server.requests());
        assertEquals(0, s.connectionCount());
        assertEquals(2, server.opened());
      }
      return null;
    });
  }
}
