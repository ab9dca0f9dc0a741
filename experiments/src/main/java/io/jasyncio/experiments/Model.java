package io.jasyncio.experiments;

import java.net.http.HttpClient;

/**
 * One concurrency model of the articles' tables (sequential, threads, processes, processes with a
 * joinable queue, coroutines, ...), written in Java with jasyncio. One class per model; {@link
 * Models} lists them.
 *
 * <p><b>Threads.</b> {@link #run} is called from the tool's main thread, one run at a time; it
 * may use threads, loops or processes of its own and must have stopped them all when it returns
 * or throws.
 *
 * {@snippet class=io.jasyncio.experiments.ExperimentsSnippetsTest region=model}
 */
public interface Model {
  /** The command-line name: {@code sequential}, {@code threads}, ... */
  String name();

  /** Whether this model runs that experiment. */
  boolean supports(Experiment e);

  /** The table's description, as the article's ("4 threads, 930 downloads"). */
  String description(Experiment e, int workers);

  /**
   * How many items may be in progress at once: requests in flight for the I/O experiments,
   * threads computing at once for the sums. The floor of the model's time follows from it.
   */
  int concurrency(Experiment e, int workers);

  /**
   * What the model does before its clock starts, as a CPython program imports its modules before
   * it reads its clock: it loads the classes of the HTTP client it will use with one request to
   * the stand-in's {@code /ping}, outside the work. Nothing for the sums: compiling the code that
   * computes is part of Java's time. Pools and workers are not started here: the articles'
   * programs make them inside their timed region, and so do the models.
   */
  default void prepare(Job job) throws Exception {
    String ping = Web.pingUrl(job);
    if (ping != null) {
      try (HttpClient client = Web.client()) {
        Web.get(client, ping);
      }
    }
  }

  /** Does the job with {@code workers} workers where the model has workers; reports progress. */
  Outcome run(Job job, int workers, Progress progress) throws Exception;
}
