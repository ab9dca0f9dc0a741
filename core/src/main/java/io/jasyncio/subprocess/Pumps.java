package io.jasyncio.subprocess;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The daemon threads that move bytes between pipes and event loops (Java has no selectable
 * pipes): one busy thread per open pipe, reused, and gone after 30 seconds idle.
 */
final class Pumps {
  private static final AtomicInteger COUNT = new AtomicInteger();

  static final ExecutorService POOL =
      new ThreadPoolExecutor(
          0,
          Integer.MAX_VALUE,
          30,
          TimeUnit.SECONDS,
          new SynchronousQueue<>(),
          r -> {
            Thread t = new Thread(r, "jasyncio-pipe-" + COUNT.incrementAndGet());
            t.setDaemon(true);
            return t;
          });

  /** Runs {@code kill} commands one after the other (signals other than TERM and KILL). */
  static final ExecutorService SIGNALS =
      new ThreadPoolExecutor(
          0,
          1,
          30,
          TimeUnit.SECONDS,
          new java.util.concurrent.LinkedBlockingQueue<>(),
          r -> {
            Thread t = new Thread(r, "jasyncio-signal");
            t.setDaemon(true);
            return t;
          });

  private Pumps() {}
}
