package io.jasyncio.experiments;

import io.jasyncio.ReturnWhen;
import io.jasyncio.concurrent.Futures;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The articles' thread row: a pool of N platform threads ({@link ThreadPoolExecutor}, Python's
 * {@code ThreadPoolExecutor(max_workers=4)}), every item submitted, then {@link Futures#wait}
 * for all of them, as the article's {@code wait_for(futures_set)}. Java threads have no global
 * interpreter lock: for the sums they use every core.
 *
 * <p><b>Threads.</b> The pool's threads do the work; the caller waits, and shuts the pool down
 * before returning.
 *
 * {@snippet class=io.jasyncio.experiments.ExperimentsSnippetsTest region=threadsModel}
 */
public final class ThreadsModel implements Model {
  @Override
  public String name() {
    return "threads";
  }

  @Override
  public boolean supports(Experiment e) {
    return true;
  }

  @Override
  public String description(Experiment e, int workers) {
    return workers + " threads, submit + wait";
  }

  @Override
  public int concurrency(Experiment e, int workers) {
    return workers;
  }

  @Override
  public Outcome run(Job job, int workers, Progress progress) throws Exception {
    ExecutorService pool =
        new ThreadPoolExecutor(workers, workers, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
    try (pool) {
      return switch (job) {
        case Job.PageRequests r -> {
          HttpClient client = Web.client();
          List<Callable<Long>> calls = new ArrayList<>();
          for (int i = 0; i < r.count(); i++) {
            int n = i;
            calls.add(
                () -> {
                  progress.say(Integer.toString(n));
                  long b = Web.get(client, r.url()).length;
                  progress.step();
                  return b;
                });
          }
          yield new Outcome(r.count(), sum(submitAndWait(pool, calls)), null);
        }
        case Job.Downloads d -> {
          HttpClient client = Web.client();
          Files.createDirectories(d.dir());
          List<String> urls = Web.searchUrls(client, d.baseUrl(), d.word(), d.pages(), d.perPage());
          List<Callable<Long>> calls = new ArrayList<>();
          for (String url : urls) {
            calls.add(
                () -> {
                  progress.say("downloading: " + url);
                  byte[] body = Web.get(client, url);
                  Web.save(d.dir(), url, body);
                  progress.step();
                  return (long) body.length;
                });
          }
          yield new Outcome(urls.size(), sum(submitAndWait(pool, calls)), null);
        }
        case Job.Sums s -> {
          List<Callable<Double>> calls = new ArrayList<>();
          for (int i = 1; i < s.n(); i++) {
            int num = i;
            calls.add(
                () -> {
                  progress.say("computing " + num);
                  double t = Sums.getSum(num);
                  progress.step();
                  return t;
                });
          }
          List<Double> totals = submitAndWait(pool, calls);
          yield new Outcome(totals.size(), 0, Sums.checksum(unbox(totals)));
        }
      };
    }
  }

  /** Submits every call, waits for all with {@link Futures#wait}, returns results in order. */
  static <T> List<T> submitAndWait(ExecutorService pool, List<Callable<T>> calls) throws Exception {
    List<Future<T>> futures = new ArrayList<>(calls.size());
    for (Callable<T> c : calls) {
      futures.add(pool.submit(c));
    }
    Futures.wait(futures, null, ReturnWhen.ALL_COMPLETED);
    List<T> results = new ArrayList<>(futures.size());
    for (Future<T> f : futures) {
      results.add(Models.resultOf(f));
    }
    return results;
  }

  static long sum(List<Long> values) {
    long s = 0;
    for (long v : values) {
      s += v;
    }
    return s;
  }

  static double[] unbox(List<Double> values) {
    double[] d = new double[values.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = values.get(i);
    }
    return d;
  }
}
