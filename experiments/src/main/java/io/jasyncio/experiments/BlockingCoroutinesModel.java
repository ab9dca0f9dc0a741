package io.jasyncio.experiments;

import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * The row the article taught by accident: its coroutine program calls the blocking
 * {@code requests.get} inside {@code async def}. Here each task calls the JDK's blocking
 * {@code HttpClient.send}: the call holds the loop's only thread, no other task runs meanwhile,
 * and the downloads happen one after another, no faster than the sequential row.
 *
 * <p><b>Threads.</b> Runs an event loop on the caller's thread; the blocking calls block it.
 *
 * {@snippet class=io.jasyncio.experiments.ExperimentsSnippetsTest region=blockingCoroutinesModel}
 */
public final class BlockingCoroutinesModel implements Model {
  @Override
  public String name() {
    return "coroutines-blocking";
  }

  @Override
  public boolean supports(Experiment e) {
    return e != Experiment.CPU;
  }

  @Override
  public String description(Experiment e, int workers) {
    return "tasks calling blocking HttpClient.send";
  }

  @Override
  public int concurrency(Experiment e, int workers) {
    return 1;
  }

  /** Loads the loop's classes and the JDK client's, with one GET /ping from a task. */
  @Override
  public void prepare(Job job) throws Exception {
    String ping = Web.pingUrl(job);
    if (ping != null) {
      try (HttpClient client = Web.client()) {
        Asyncio.run(() -> Web.get(client, ping));
      }
    }
  }

  @Override
  public Outcome run(Job job, int workers, Progress progress) throws Exception {
    HttpClient client = Web.client();
    return switch (job) {
      case Job.PageRequests r ->
          Asyncio.run(
              () -> {
                List<Coroutine<Integer>> gets = new ArrayList<>();
                for (int i = 0; i < r.count(); i++) {
                  int n = i;
                  gets.add(
                      () -> {
                        progress.say(Integer.toString(n));
                        int b = Web.get(client, r.url()).length; // blocks the loop's thread
                        progress.step();
                        return b;
                      });
                }
                long bytes = 0;
                for (int b : Asyncio.await(Asyncio.gatherCoroutines(gets))) {
                  bytes += b;
                }
                return new Outcome(r.count(), bytes, null);
              });
      case Job.Downloads d -> {
        Files.createDirectories(d.dir());
        List<String> urls = Web.searchUrls(client, d.baseUrl(), d.word(), d.pages(), d.perPage());
        yield Asyncio.run(
            () -> {
              List<Coroutine<Integer>> gets = new ArrayList<>();
              for (String url : urls) {
                gets.add(
                    () -> {
                      progress.say("downloading " + url);
                      byte[] body = Web.get(client, url); // blocks the loop's thread
                      Web.save(d.dir(), url, body);
                      progress.step();
                      return body.length;
                    });
              }
              long bytes = 0;
              for (int b : Asyncio.await(Asyncio.gatherCoroutines(gets))) {
                bytes += b;
              }
              return new Outcome(urls.size(), bytes, null);
            });
      }
      case Job.Sums s ->
          throw new UnsupportedOperationException("coroutines-blocking has no CPU job");
    };
  }
}
