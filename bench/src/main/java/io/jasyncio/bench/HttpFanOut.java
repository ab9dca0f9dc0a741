package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.http.Application;
import io.jasyncio.http.ClientResponse;
import io.jasyncio.http.ClientSession;
import io.jasyncio.http.Response;
import io.jasyncio.http.WebServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The client fan-out of the HTTP benchmarks: 930 GETs (article 003's image count) to a local
 * jasyncio server that answers each after 100 ms, with no connection limit and with {@code
 * limit(100)} (ten waves: 1.0 s floor), and the JDK HttpClient's {@code sendAsync} beside them.
 * Prints wall time per run.
 *
 * {@snippet lang=shell :
 * flock /tmp/jasyncio-bench.lock ./jasyncio run io.jasyncio.bench.HttpFanOut [requests] [rounds]
 * }
 */
public final class HttpFanOut {
  private HttpFanOut() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 930;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    CompletableFuture<Integer> port = new CompletableFuture<>();
    AtomicReference<EventLoop> serverLoop = new AtomicReference<>();
    AtomicReference<Future<Void>> stop = new AtomicReference<>();
    Application app = new Application().get("/img/{n}", r -> {
      Asyncio.sleep(0.1);
      return Response.bytes(new byte[2048], "image/png");
    });
    Thread server = Thread.ofPlatform().name("fan-out-server").start(() -> Asyncio.run(() -> {
      WebServer ws = WebServer.start(app, "127.0.0.1", 0,
          new io.jasyncio.http.ServerOptions(null, 75, 10, 8190, 8190, 128, 1024));
      Future<Void> s = Asyncio.getRunningLoop().createFuture();
      serverLoop.set(Asyncio.getRunningLoop());
      stop.set(s);
      port.complete(ws.port());
      Asyncio.await(s);
      ws.shutdown(1);
      return null;
    }));
    String base = "http://127.0.0.1:" + port.get() + "/img/";
    try {
      for (int round = 0; round < rounds; round++) {
        for (int limit : new int[] {0, 100}) {
          double wall = Asyncio.run(() -> {
            try (ClientSession s = ClientSession.builder().limit(limit).build()) {
              long start = System.nanoTime();
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
              return (System.nanoTime() - start) / 1e9;
            }
          });
          System.out.printf(Locale.ROOT, "jasyncio ClientSession limit=%-3s %d GETs: %.3f s%n",
              limit == 0 ? "0" : String.valueOf(limit), n, wall);
        }
        try (HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
          long start = System.nanoTime();
          List<CompletableFuture<HttpResponse<byte[]>>> fs = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            fs.add(jdk.sendAsync(HttpRequest.newBuilder(URI.create(base + i + ".png")).build(),
                HttpResponse.BodyHandlers.ofByteArray()));
          }
          CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).join();
          System.out.printf(Locale.ROOT, "JDK HttpClient sendAsync        %d GETs: %.3f s%n", n,
              (System.nanoTime() - start) / 1e9);
        }
      }
    } finally {
      EventLoop l = serverLoop.get();
      l.callSoonThreadsafe(() -> stop.get().setResult(null));
      server.join();
    }
  }
}
