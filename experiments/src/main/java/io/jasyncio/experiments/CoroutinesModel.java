package io.jasyncio.experiments;

import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.http.ClientResponse;
import io.jasyncio.http.ClientSession;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * The articles' coroutine row, done properly: one task per item on one event loop, gathered.
 * Requests and downloads go through one {@link ClientSession} (aiohttp's defaults: up to 100
 * connections), so every task waits for the network without holding the thread, and the search
 * pages are fetched first, one after another, as the article's {@code getManyPages} does. For the
 * sums every task computes without ever suspending, so the tasks take turns on the loop's one
 * thread: coroutines bring no speed to CPU-bound work, and the table shows it.
 *
 * <p><b>Threads.</b> Runs an event loop on the caller's thread ({@link Asyncio#run}). Each
 * image is written to its file from the loop's thread (a few KB, as the CPython program does).
 *
 * {@snippet class=io.jasyncio.experiments.ExperimentsSnippetsTest region=coroutinesModel}
 */
public final class CoroutinesModel implements Model {
  /** The session's connection limit, aiohttp's default. */
  static final int CONNECTIONS = 100;

  @Override
  public String name() {
    return "coroutines";
  }

  @Override
  public boolean supports(Experiment e) {
    return true;
  }

  @Override
  public String description(Experiment e, int workers) {
    return e == Experiment.CPU ? "tasks on one event loop" : "tasks on one loop, ClientSession";
  }

  @Override
  public int concurrency(Experiment e, int workers) {
    return e == Experiment.CPU ? 1 : CONNECTIONS;
  }

  /**
   * Warms the model up before its clock starts, as the stand-in warms itself up: the loop runs
   * {@value #WARM_UP_TASKS} trivial tasks gathered at once (the shape of the sums' run), and for
   * the HTTP jobs a session makes {@value #WARM_UP_REQUESTS} requests of the job's kind, up to
   * {@value #CONNECTIONS} at once, that the stand-in answers without delay (they carry its
   * warm-up header). Without it the timed run pays for loading and compiling the loop's and the
   * session's code: about half a second of a 5 s download run, and most of the coroutine row's
   * overhead on the sums, which a CPython program, interpreted from its first line, does not
   * pay in the same way. The work itself is untouched: the warm-up requests are not counted,
   * and the computing code (getSum) is not warmed.
   */
  @Override
  public void prepare(Job job) throws Exception {
    Asyncio.run(
        () -> {
          List<Coroutine<Integer>> idle = new ArrayList<>(WARM_UP_TASKS);
          for (int i = 0; i < WARM_UP_TASKS; i++) {
            int n = i;
            idle.add(() -> n);
          }
          Asyncio.await(Asyncio.gatherCoroutines(idle));
          List<String> urls = warmUpUrls(job);
          if (urls.isEmpty()) {
            return null;
          }
          try (ClientSession session =
              ClientSession.builder().limit(CONNECTIONS).header(LocalWeb.WARM_UP, "1").build()) {
            List<Coroutine<Integer>> gets = new ArrayList<>(WARM_UP_REQUESTS);
            for (int i = 0; i < WARM_UP_REQUESTS; i++) {
              String url = urls.get(i % urls.size());
              gets.add(() -> get(session, url).length);
            }
            Asyncio.await(Asyncio.gatherCoroutines(gets));
          }
          return null;
        });
  }

  /** Trivial tasks the loop runs before the clock starts. */
  static final int WARM_UP_TASKS = 20_000;

  /** Requests without delay the session makes before the clock starts. */
  static final int WARM_UP_REQUESTS = 2_000;

  /** The URLs the warm-up requests cycle through: the job's kinds of request, or none. */
  static List<String> warmUpUrls(Job job) {
    return switch (job) {
      case Job.PageRequests r -> List.of(r.url());
      case Job.Downloads d -> {
        List<String> urls = new ArrayList<>();
        urls.add(Web.searchUrl(d.baseUrl(), d.word(), d.perPage(), d.perPage()));
        for (int n = 1; n <= d.items(); n++) {
          urls.add(d.baseUrl() + "/img/" + n + ".jpg");
        }
        yield urls;
      }
      case Job.Sums s -> List.of();
    };
  }

  @Override
  public Outcome run(Job job, int workers, Progress progress) throws Exception {
    return switch (job) {
      case Job.Sums s ->
          Asyncio.run(
              () -> {
                List<Coroutine<Double>> sums = new ArrayList<>(s.n() - 1);
                for (int i = 1; i < s.n(); i++) {
                  int num = i;
                  sums.add(
                      () -> {
                        progress.say("computing " + num);
                        double t = Sums.getSum(num);
                        progress.step();
                        return t;
                      });
                }
                List<Double> totals = Asyncio.await(Asyncio.gatherCoroutines(sums));
                return new Outcome(totals.size(), 0, Sums.checksum(ThreadsModel.unbox(totals)));
              });
      case Job.PageRequests r ->
          Asyncio.run(
              () -> {
                try (ClientSession session = ClientSession.builder().limit(CONNECTIONS).build()) {
                  List<Coroutine<Integer>> gets = new ArrayList<>();
                  for (int i = 0; i < r.count(); i++) {
                    int n = i;
                    gets.add(
                        () -> {
                          progress.say(Integer.toString(n));
                          int b = get(session, r.url()).length;
                          progress.step();
                          return b;
                        });
                  }
                  List<Integer> sizes = Asyncio.await(Asyncio.gatherCoroutines(gets));
                  return new Outcome(r.count(), total(sizes), null);
                }
              });
      case Job.Downloads d -> {
        Files.createDirectories(d.dir());
        yield Asyncio.run(
            () -> {
              try (ClientSession session = ClientSession.builder().limit(CONNECTIONS).build()) {
                List<String> urls = new ArrayList<>();
                for (int pn : Web.pageNumbers(d.pages(), d.perPage())) {
                  String search = Web.searchUrl(d.baseUrl(), d.word(), pn, d.perPage());
                  urls.addAll(Web.thumbUrls(get(session, search)));
                }
                List<Coroutine<Integer>> gets = new ArrayList<>();
                for (String url : urls) {
                  gets.add(
                      () -> {
                        progress.say("downloading " + url);
                        byte[] body = get(session, url);
                        Web.save(d.dir(), url, body);
                        progress.step();
                        return body.length;
                      });
                }
                List<Integer> sizes = Asyncio.await(Asyncio.gatherCoroutines(gets));
                return new Outcome(urls.size(), total(sizes), null);
              }
            });
      }
    };
  }

  /**
   * GET through the session; the body, or ClientResponseError when the status is 400 or more.
   * Suspends.
   */
  static byte[] get(ClientSession session, String url) throws IOException {
    try (ClientResponse r = session.get(url)) {
      r.raiseForStatus();
      return r.read();
    }
  }

  private static long total(List<Integer> sizes) {
    long t = 0;
    for (int s : sizes) {
      t += s;
    }
    return t;
  }
}
