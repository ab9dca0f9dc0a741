package io.jasyncio.experiments;

import java.util.PriorityQueue;

/**
 * The least time the work allows a model: no program can wait less than the server makes it
 * wait, nor compute faster than its cores.
 *
 * <ul>
 *   <li>Page requests: {@code ceil(count / c) × delay} with c requests in flight.
 *   <li>Downloads: the search pages one after another, then the images' delays laid out on c
 *       connections in order, each image going to the first connection free (and never less than
 *       the bytes over the bandwidth cap, if any).
 *   <li>Sums: the sequential time divided by the cores it can use, {@code min(c, cores)}.
 * </ul>
 *
 * <p><b>Threads.</b> Pure functions.
 *
 * {@snippet class=io.jasyncio.experiments.ExperimentsSnippetsTest region=floor}
 */
public final class Floor {
  private Floor() {}

  /** The floor of {@code count} page requests with {@code c} in flight. */
  public static double requests(Scale s, int c) {
    int rounds = (s.requests() + c - 1) / Math.max(1, c);
    return rounds * s.pageDelay();
  }

  /** The floor of the downloads with {@code c} connections. */
  public static double downloads(Manifest m, Scale s, int c) {
    double search = s.pages() * s.searchDelay();
    double images = makespan(m.delays(), c);
    if (s.bandwidth() > 0) {
      images = Math.max(images, (double) m.bytes() / s.bandwidth());
    }
    return search + images;
  }

  /** The time to serve {@code delays} in order on {@code c} connections, each to the first free. */
  static double makespan(double[] delays, int c) {
    PriorityQueue<Double> free = new PriorityQueue<>();
    for (int i = 0; i < Math.max(1, c); i++) {
      free.add(0.0);
    }
    double end = 0;
    for (double d : delays) {
      double t = free.poll() + d;
      end = Math.max(end, t);
      free.add(t);
    }
    return end;
  }

  /** The floor of the sums from the sequential time, using {@code min(c, cores)} cores. */
  public static double sums(double sequentialSeconds, int c, int cores) {
    return sequentialSeconds / Math.max(1, Math.min(c, cores));
  }
}
