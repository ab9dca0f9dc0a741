package io.jasyncio.experiments;

import io.jasyncio.ReturnWhen;
import io.jasyncio.concurrent.Futures;
import io.jasyncio.multiprocessing.ProcessPoolExecutor;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The articles' process row: {@link ProcessPoolExecutor} with N worker JVMs, every item
 * submitted as a serializable call, then {@link Futures#wait} for all. The time includes the
 * workers' start, as Python's includes its processes' (its clock starts before the pool is made);
 * the outcome tells how much of it passed between making the pool and its first result.
 *
 * <p><b>Threads.</b> The caller submits and waits; results arrive on the pool's threads, which
 * only count progress. The pool is shut down, its workers gone, when {@code run} returns.
 *
 * {@snippet class=io.jasyncio.experiments.ExperimentsSnippetsTest region=processPoolModel}
 */
public final class ProcessPoolModel implements Model {
  @Override
  public String name() {
    return "processes";
  }

  @Override
  public boolean supports(Experiment e) {
    return true;
  }

  @Override
  public String description(Experiment e, int workers) {
    return workers + " processes, ProcessPoolExecutor";
  }

  @Override
  public int concurrency(Experiment e, int workers) {
    return workers;
  }

  @Override
  public Outcome run(Job job, int workers, Progress progress) throws Exception {
    boolean verbose = progress.verbose();
    FirstResult first = new FirstResult();
    try (ProcessPoolExecutor pool =
        ProcessPoolExecutor.builder().maxWorkers(workers).name("experiments").build()) {
      Outcome done = switch (job) {
        case Job.PageRequests r -> {
          String url = r.url();
          List<CompletableFuture<Long>> fs = new ArrayList<>();
          for (int i = 0; i < r.count(); i++) {
            int n = i;
            CompletableFuture<Long> f = pool.submit(() -> ProcessTasks.request(url, n, verbose));
            fs.add(counted(f, first, progress));
          }
          yield new Outcome(r.count(), ThreadsModel.sum(waitAll(fs)), null);
        }
        case Job.Downloads d -> {
          Files.createDirectories(d.dir());
          List<String> urls =
              Web.searchUrls(Web.client(), d.baseUrl(), d.word(), d.pages(), d.perPage());
          String dir = d.dir().toString();
          List<CompletableFuture<Long>> fs = new ArrayList<>();
          first.start();
          for (String url : urls) {
            CompletableFuture<Long> f = pool.submit(() -> ProcessTasks.download(url, dir, verbose));
            fs.add(counted(f, first, progress));
          }
          yield new Outcome(urls.size(), ThreadsModel.sum(waitAll(fs)), null);
        }
        case Job.Sums s -> {
          List<CompletableFuture<Double>> fs = new ArrayList<>();
          for (int i = 1; i < s.n(); i++) {
            int num = i;
            fs.add(counted(pool.submit(() -> ProcessTasks.sum(num, verbose)), first, progress));
          }
          List<Double> totals = waitAll(fs);
          yield new Outcome(totals.size(), 0, Sums.checksum(ThreadsModel.unbox(totals)));
        }
      };
      return new Outcome(done.items(), done.bytes(), done.checksum(), first.seconds());
    }
  }

  private static <T> CompletableFuture<T> counted(
      CompletableFuture<T> f, FirstResult first, Progress progress) {
    f.whenComplete(
        (v, e) -> {
          first.arrived();
          progress.step();
        });
    return f;
  }

  private static <T> List<T> waitAll(List<CompletableFuture<T>> fs) throws Exception {
    Futures.wait(fs, null, ReturnWhen.ALL_COMPLETED);
    List<T> results = new ArrayList<>(fs.size());
    for (CompletableFuture<T> f : fs) {
      results.add(Models.resultOf(f));
    }
    return results;
  }
}
