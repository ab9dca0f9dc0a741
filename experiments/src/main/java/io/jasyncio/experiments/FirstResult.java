package io.jasyncio.experiments;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The start-up a model's clock includes: the time from starting its workers (worker JVMs, cluster
 * members) to their first result. Worker JVMs boot in the timed region, as CPython's processes
 * fork in its programs' timed region; the tables show this part apart so that a reader sees what
 * the start costs and what the work costs.
 *
 * <p><b>Threads.</b> {@link #arrived} may be called from any thread, any number of times; the
 * first call counts.
 *
 * {@snippet class=io.jasyncio.experiments.ExperimentsSnippetsTest region=firstResult}
 */
final class FirstResult {
  private volatile long start = System.nanoTime();
  private final AtomicLong first = new AtomicLong();

  /** The workers start now (when they start later than this object is made). */
  void start() {
    start = System.nanoTime();
  }

  /** A result arrived; the first one ends the start-up. */
  void arrived() {
    long now = System.nanoTime();
    first.compareAndSet(0, now);
  }

  /** Seconds from the start to the first result, or null when none arrived. */
  Double seconds() {
    long f = first.get();
    return f == 0 ? null : Math.max(0, f - start) / 1e9;
  }
}
