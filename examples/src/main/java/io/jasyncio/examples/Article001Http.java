package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.http.ClientResponse;
import io.jasyncio.http.ClientSession;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The two aiohttp programs of article 001: {@code get_response} with {@code
 * aiohttp.ClientSession}, and the timing of 10 (or 100) synchronous {@code requests.get} calls
 * against as many concurrent aiohttp requests. A {@link PageServer} on this machine stands in for
 * the web site (the page comes after a delay, as from a real site).
 *
 * {@snippet class=io.jasyncio.examples.ExamplesSnippetsTest region=article001Http}
 */
public final class Article001Http {
  private Article001Http() {}

  /** The article's request headers: a browser's User-Agent. */
  static final String USER_AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36"
      + " (KHTML, like Gecko) Chrome/84.0.4147.105 Safari/537.36";

  /**
   * {@code async def get_response(url)}: a session, a GET with headers, the text. Suspends.
   */
  public static String getResponse(String url) throws IOException {
    try (ClientSession session = new ClientSession();
        ClientResponse response = session.send(io.jasyncio.http.ClientRequest.get(url)
            .header("User-Agent", USER_AGENT))) {
      return response.text();
    }
  }

  /** {@code get-response}: fetches the page once and says what came back. */
  public static void getResponse(Env env) {
    try (PageServer site = PageServer.start(env.realSeconds(0.45))) {
      String html = Asyncio.run(() -> getResponse(site.url()));
      String title = html.substring(html.indexOf("<title>") + 7, html.indexOf("</title>"));
      env.out().println("got " + html.length() + " characters, title: " + title);
    }
  }

  /** {@code sync-vs-async}: 10 requests one after another, then 10 at once. */
  public static void syncVsAsync(Env env) {
    syncVsAsync(env, 10, env.realSeconds(0.45));
  }

  /**
   * {@code n} blocking GETs in a row (the JDK's HttpClient, as {@code requests.get}), then {@code
   * n} coroutines each with its own session (as the article's {@code get_response}), all on one
   * thread; both timings printed.
   */
  public static void syncVsAsync(Env env, int n, double delaySeconds) {
    PrintStream out = env.out();
    try (PageServer site = PageServer.start(delaySeconds);
        HttpClient blocking = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
      HttpRequest request = HttpRequest.newBuilder(URI.create(site.url()))
          .header("User-Agent", USER_AGENT).build();
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        out.println(i);
        try {
          blocking.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      double sync = (System.nanoTime() - start) / 1e9;
      out.println(String.format(Locale.ROOT, "Total time (synchronous): %.3f s", sync));

      start = System.nanoTime();
      List<String> threads = Asyncio.run(() -> {
        List<Task<String>> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          tasks.add(Asyncio.createTask(() -> {
            try (ClientSession session = new ClientSession();
                ClientResponse response = session.send(io.jasyncio.http.ClientRequest
                    .get(site.url()).header("User-Agent", USER_AGENT))) {
              response.read();
              // get_ident() in the article: every task runs on the one event loop
              return "event loop " + Integer.toHexString(
                  System.identityHashCode(Asyncio.getRunningLoop()));
            }
          }));
        }
        Asyncio.wait(tasks);
        List<String> names = new ArrayList<>();
        for (Task<String> t : tasks) {
          names.add(t.result());
        }
        return names;
      });
      double async = (System.nanoTime() - start) / 1e9;
      for (String t : threads) {
        out.println(t);
      }
      out.println(String.format(Locale.ROOT, "Total time (asynchronous): %.3f s", async));
      out.println(String.format(Locale.ROOT, "%d requests: %.1fx faster on one thread", n,
          sync / async));
    }
  }
}
