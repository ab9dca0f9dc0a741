package io.jasyncio.experiments;

import io.jasyncio.multiprocessing.JoinableProcessQueue;
import io.jasyncio.multiprocessing.ProcessQueue;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Path;

/**
 * What the process models run in their worker JVMs: one request, one download, one sum, and the
 * worker loop of the joinable-queue model. Everything here is static and takes serializable
 * arguments only, so that a task can travel to a child as a method reference with its values.
 *
 * <p><b>Threads.</b> Any thread of any process; the HTTP client is one per JVM.
 *
 * {@snippet class=io.jasyncio.experiments.ExperimentsSnippetsTest region=processTasks}
 */
final class ProcessTasks {
  private ProcessTasks() {}

  /** One item of work for a queue worker: a request, an image URL or a getSum argument. */
  record Work(int index, String url) implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The item that tells a worker to stop. */
    static final Work STOP = new Work(-1, null);
  }

  /** What a queue worker did with one item. */
  record Done(int index, long bytes, double total) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** The kinds of job a queue worker does. */
  enum Kind {
    REQUEST,
    DOWNLOAD,
    SUM
  }

  private static final class Client {
    static final HttpClient INSTANCE = Web.client();
  }

  /** One page request; its bytes. */
  static long request(String url, int i, boolean verbose) throws IOException, InterruptedException {
    if (verbose) {
      System.out.println(i);
    }
    return Web.get(Client.INSTANCE, url).length;
  }

  /** One image saved into {@code dir}; its bytes. */
  static long download(String url, String dir, boolean verbose)
      throws IOException, InterruptedException {
    if (verbose) {
      System.out.println("downloading: " + url);
    }
    byte[] body = Web.get(Client.INSTANCE, url);
    Web.save(Path.of(dir), url, body);
    return body.length;
  }

  /** One getSum. */
  static double sum(int num, boolean verbose) {
    if (verbose) {
      System.out.println("computing " + num);
    }
    return Sums.getSum(num);
  }

  /**
   * The article's worker: take an item, do it, put the result, mark the item done, until {@link
   * Work#STOP}.
   */
  static void worker(
      JoinableProcessQueue<Work> jobs,
      ProcessQueue<Done> results,
      Kind kind,
      String dir,
      boolean verbose) {
    while (true) {
      Work w = jobs.get();
      try {
        if (w.index() < 0) {
          return;
        }
        Done d;
        try {
          d = switch (kind) {
            case REQUEST -> new Done(w.index(), request(w.url(), w.index(), verbose), 0);
            case DOWNLOAD -> new Done(w.index(), download(w.url(), dir, verbose), 0);
            case SUM -> new Done(w.index(), 0, sum(w.index(), verbose));
          };
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted", e);
        } catch (RuntimeException e) {
          System.err.println(e);
          d = new Done(w.index(), -1, Double.NaN);
        }
        results.put(d);
      } finally {
        jobs.taskDone();
      }
    }
  }
}
