package io.jasyncio.experiments;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.util.List;

/**
 * The articles' base row: one thing after another on one thread, with the JDK's blocking
 * {@code HttpClient.send} where the articles call {@code requests.get}.
 *
 * <p><b>Threads.</b> Runs on the caller's thread.
 *
 * {@snippet class=io.jasyncio.experiments.ExperimentsSnippetsTest region=sequentialModel}
 */
public final class SequentialModel implements Model {
  @Override
  public String name() {
    return "sequential";
  }

  @Override
  public boolean supports(Experiment e) {
    return true;
  }

  @Override
  public String description(Experiment e, int workers) {
    return "one thread, blocking calls";
  }

  @Override
  public int concurrency(Experiment e, int workers) {
    return 1;
  }

  @Override
  public Outcome run(Job job, int workers, Progress progress) throws Exception {
    return switch (job) {
      case Job.PageRequests r -> {
        HttpClient client = Web.client();
        long bytes = 0;
        for (int i = 0; i < r.count(); i++) {
          progress.say(Integer.toString(i));
          bytes += Web.get(client, r.url()).length;
          progress.step();
        }
        yield new Outcome(r.count(), bytes, null);
      }
      case Job.Downloads d -> {
        HttpClient client = Web.client();
        Files.createDirectories(d.dir());
        List<String> urls = Web.searchUrls(client, d.baseUrl(), d.word(), d.pages(), d.perPage());
        long bytes = 0;
        int x = 0;
        for (String url : urls) {
          x++;
          progress.say("downloading " + x + ": " + url);
          byte[] body = Web.get(client, url);
          Web.save(d.dir(), url, body);
          bytes += body.length;
          progress.step();
        }
        yield new Outcome(urls.size(), bytes, null);
      }
      case Job.Sums s -> {
        double[] totals = new double[s.n() - 1];
        for (int i = 1; i < s.n(); i++) {
          progress.say("computing " + i);
          totals[i - 1] = Sums.getSum(i);
          progress.step();
        }
        yield new Outcome(totals.length, 0, Sums.checksum(totals));
      }
    };
  }
}
