package io.jasyncio.bench.http;

import com.sun.management.OperatingSystemMXBean;
import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.http.ClientResponse;
import io.jasyncio.http.ClientSession;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * The client side of the HTTP benchmark's fan-out ({@code ./jasyncio http-bench}): {@code
 * --requests} GETs started at once against {@code --url} (a {@link HelloServer} that answers after
 * 100 ms), each body read and checked, for {@code --rounds} rounds with a new client each round.
 * {@code --kind jasyncio} uses one {@link ClientSession} with {@code limit(--limit)} (0: no limit)
 * and a task per request on one event loop; {@code --kind jdk} uses the JDK HttpClient's {@code
 * sendAsync} (HTTP/1.1, no connection limit).
 *
 * <p>{@code --warmup W} rounds run first and are printed as {@code warmup N ...} lines: the JIT
 * compiles the client's hot paths during the first ten to twenty thousand requests, so the rounds
 * after them measure the steady state of a long-running client (the aiohttp peer gets the same
 * warm-up rounds). Then one line per measured round: {@code round N wall_s W cpu_s C loop_s L
 * jit_s J gc_s G}, where C is this process's CPU time (every thread) spent during the round and
 * L, J, G its parts spent by the application's threads (the event loop, or the JDK client's),
 * by the JIT compiler threads and by the garbage collector's threads (read from {@code /proc/self/task/}{@code *}{@code /schedstat};
 * -1 where that is not readable).
 *
 * {@snippet lang=sh :
 * java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -cp "$CP" io.jasyncio.bench.http.FanOutClient \
 *     --kind jasyncio --url http://127.0.0.1:8080/ --requests 930 --limit 100 --rounds 5
 * }
 */
public final class FanOutClient {
  static final String USAGE = "FanOutClient --kind jasyncio|jdk --url URL [--requests 930]"
      + " [--limit 0] [--rounds 3] [--warmup 0]";

  private FanOutClient() {}

  public static void main(String[] argv) throws Exception {
    Options o = Options.parse(argv, USAGE);
    String kind = o.string("kind", "jasyncio");
    String url = o.string("url", null);
    if (url == null) {
      throw new IllegalArgumentException("--url is required; usage: " + USAGE);
    }
    int n = o.integer("requests", 930);
    int limit = o.integer("limit", 0);
    int rounds = o.integer("rounds", 3);
    int warmup = o.integer("warmup", 0);
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (int round = 1 - warmup; round <= rounds; round++) {
      long cpu0 = os.getProcessCpuTime();
      ThreadCpu.Split split0 = ThreadCpu.split();
      long t0 = System.nanoTime();
      int ok = switch (kind) {
        case "jasyncio" -> jasyncio(url, n, limit);
        case "jdk" -> jdk(url, n);
        default -> throw new IllegalArgumentException("unknown --kind '" + kind + "'; usage: " + USAGE);
      };
      double wall = (System.nanoTime() - t0) / 1e9;
      double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
      ThreadCpu.Split split = ThreadCpu.split().minus(split0);
      if (ok != n) {
        throw new IllegalStateException(ok + " of " + n + " responses were right");
      }
      System.out.printf(Locale.ROOT, "%s %d wall_s %.4f cpu_s %.4f loop_s %.4f jit_s %.4f gc_s %.4f%n",
          round <= 0 ? "warmup" : "round", round <= 0 ? round + warmup : round, wall, cpu,
          split.app(), split.jit(), split.gc());
      System.out.flush();
    }
  }

  /** The number of responses that were 200 with the expected body. */
  static int jasyncio(String url, int n, int limit) {
    return Asyncio.run(() -> {
      try (ClientSession s = ClientSession.builder().limit(limit).build()) {
        List<Task<Boolean>> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          String u = url + "?i=" + i;
          tasks.add(Asyncio.createTask(() -> {
            try (ClientResponse r = s.get(u)) {
              return r.status() == 200 && HelloServer.BODY.equals(r.text());
            }
          }));
        }
        Asyncio.wait(tasks);
        int ok = 0;
        for (Task<Boolean> t : tasks) {
          ok += t.result() ? 1 : 0;
        }
        return ok;
      }
    });
  }

  static int jdk(String url, int n) {
    try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
      List<CompletableFuture<HttpResponse<String>>> fs = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        fs.add(client.sendAsync(HttpRequest.newBuilder(URI.create(url + "?i=" + i)).build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
      }
      CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).join();
      int ok = 0;
      for (CompletableFuture<HttpResponse<String>> f : fs) {
        HttpResponse<String> r = f.join();
        ok += r.statusCode() == 200 && HelloServer.BODY.equals(r.body()) ? 1 : 0;
      }
      return ok;
    }
  }
}
