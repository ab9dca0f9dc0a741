package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.http.Application;
import io.jasyncio.http.ClientResponse;
import io.jasyncio.http.ClientSession;
import io.jasyncio.http.Response;
import io.jasyncio.http.ServerOptions;
import io.jasyncio.http.WebServer;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes allocated per HTTP request by the loop threads, read from {@code
 * com.sun.management.ThreadMXBean} (exact counts, not timings: they hardly depend on the load of
 * the machine). Two workloads, each with a jasyncio server on a thread and loop of its own:
 *
 * <ul>
 *   <li>{@code fanout [requests] [limit]}: the client fan-out (930 GETs of a 2 KiB body answered
 *       after 100 ms) in rounds; prints the client's and the server's bytes per request;
 *   <li>{@code server [seconds]}: {@code wrk -t1 -c64} keep-alive GETs of a 13-byte body; prints the
 *       server loop's bytes per request (needs {@code wrk}: {@code apt-get install wrk}).
 * </ul>
 *
 * {@snippet lang=sh :
 * ./jasyncio run io.jasyncio.bench.HttpAllocation fanout 930 0
 * ./jasyncio run io.jasyncio.bench.HttpAllocation server 3
 * }
 */
public final class HttpAllocation {
  private static final com.sun.management.ThreadMXBean MX =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private HttpAllocation() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "fanout";
    AtomicLong served = new AtomicLong();
    boolean fanout = mode.equals("fanout");
    if (!fanout && !mode.equals("server")) {
      throw new IllegalArgumentException("usage: HttpAllocation fanout [requests] [limit] | server [seconds]");
    }
    byte[] image = new byte[2048];
    Application app = new Application()
        .get("/", r -> {
          served.incrementAndGet();
          return Response.text("Hello, World!");
        })
        .get("/img/{n}", r -> {
          served.incrementAndGet();
          Asyncio.sleep(0.1);
          return Response.bytes(image, "image/png");
        });
    CompletableFuture<Integer> port = new CompletableFuture<>();
    Thread server = Thread.ofPlatform().daemon().name("http-allocation-server").start(() ->
        Asyncio.run(() -> {
          ServerOptions d = ServerOptions.defaults();
          WebServer ws = WebServer.start(app, "127.0.0.1", 0, new ServerOptions(null,
              d.keepAliveTimeout(), d.headerTimeout(), d.maxLineSize(), d.maxFieldSize(),
              d.maxHeaders(), 1024));
          port.complete(ws.port());
          Asyncio.sleep(1e9);
          return null;
        }));
    String base = "http://127.0.0.1:" + port.get();
    long sid = server.threadId();
    for (int round = 0; round < 3; round++) {
      long s0 = MX.getThreadAllocatedBytes(sid);
      long c0 = MX.getCurrentThreadAllocatedBytes();
      long n0 = served.get();
      if (fanout) {
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 930;
        int limit = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        fanOut(base + "/img/", n, limit);
      } else {
        String seconds = args.length > 1 ? args[1] : "3";
        new ProcessBuilder("wrk", "-t1", "-c64", "-d" + seconds + "s", base + "/")
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start().waitFor();
      }
      long requests = served.get() - n0;
      long serverBytes = MX.getThreadAllocatedBytes(sid) - s0;
      long clientBytes = MX.getCurrentThreadAllocatedBytes() - c0;
      System.out.printf(Locale.ROOT, "%s round %d: %d requests, server loop %d bytes/request%s%n",
          mode, round + 1, requests, serverBytes / Math.max(1, requests),
          fanout ? ", client loop " + clientBytes / Math.max(1, requests) + " bytes/request" : "");
    }
  }

  private static void fanOut(String base, int n, int limit) {
    Asyncio.run(() -> {
      try (ClientSession s = ClientSession.builder().limit(limit).build()) {
        List<Task<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          String url = base + i + ".png";
          tasks.add(Asyncio.createTask(() -> {
            try (ClientResponse r = s.get(url)) {
              return r.read().length;
            }
          }));
        }
        Asyncio.wait(tasks);
        for (Task<Integer> t : tasks) {
          t.result();
        }
      }
      return null;
    });
  }
}
