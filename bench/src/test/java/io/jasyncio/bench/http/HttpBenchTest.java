package io.jasyncio.bench.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The HTTP benchmark's programs, briefly: each kind of {@link HelloServer} runs as its own process
 * (as bench/http/run.sh starts it), prints its port and answers {@code Hello, World!}; the fan-out
 * clients get every answer from a server that waits 100 ms per request.
 */
@Timeout(180)
class HttpBenchTest {
  /** Starts HelloServer in a child JVM; the caller destroys it. */
  private static Process start(String kind, int delayMs, List<String> portOut) throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process p = new ProcessBuilder(java, "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), HelloServer.class.getName(),
        "--kind", kind, "--port", "0", "--delay-ms", String.valueOf(delayMs), "--backlog", "256")
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
    String line;
    while ((line = out.readLine()) != null && !line.matches("[0-9]+")) {
      // a JVM warning line, if any
    }
    assertTrue(line != null, kind + ": no port printed");
    portOut.add(line);
    return p;
  }

  private static void stop(Process p) throws InterruptedException {
    p.destroyForcibly();
    p.waitFor(30, TimeUnit.SECONDS);
  }

  @Test
  void everyServerAnswersTheThirteenByteBodyOnAKeptAliveConnection() throws Exception {
    for (String kind : new String[] {"jasyncio", "jdk", "vertx"}) {
      List<String> port = new ArrayList<>();
      Process p = start(kind, 0, port);
      try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
        URI uri = URI.create("http://127.0.0.1:" + port.getFirst() + "/");
        for (int i = 0; i < 3; i++) {
          HttpResponse<String> r = client.send(java.net.http.HttpRequest.newBuilder(uri).build(),
              HttpResponse.BodyHandlers.ofString());
          assertEquals(200, r.statusCode(), kind);
          assertEquals("Hello, World!", r.body(), kind);
          assertEquals("13", r.headers().firstValue("content-length").orElse(""), kind);
        }
      } finally {
        stop(p);
      }
    }
  }

  @Test
  void fanOutClientsGetEveryAnswerFromTheDelayingServer() throws Exception {
    List<String> port = new ArrayList<>();
    Process p = start("jasyncio", 100, port);
    try {
      String url = "http://127.0.0.1:" + port.getFirst() + "/";
      assertEquals(60, FanOutClient.jasyncio(url, 60, 0));
      assertEquals(60, FanOutClient.jasyncio(url, 60, 7));
      assertEquals(30, FanOutClient.jdk(url, 30));
    } finally {
      stop(p);
    }
  }
}
