package io.jasyncio;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loop's default executor for {@link EventLoop#runInExecutor} with no executor (asyncio's
 * {@code _default_executor}): made on first use, {@code min(32, cpus + 4)} daemon threads that end
 * when idle for a minute; or one the user set, which the loop never shuts down. Loop thread only.
 */
final class DefaultExecutor {
  private static final Logger LOG = System.getLogger("io.jasyncio");
  private static final AtomicInteger THREADS = new AtomicInteger();

  /** The executor, or null before first use. */
  private ExecutorService executor;

  /** Whether the loop made {@link #executor} (and so shuts it down). */
  private boolean owned;

  /** The executor, made now on first use. */
  ExecutorService get() {
    if (executor == null) {
      int n = Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
      ThreadPoolExecutor ex =
          new ThreadPoolExecutor(
              n,
              n,
              60,
              TimeUnit.SECONDS,
              new LinkedBlockingQueue<>(),
              r -> {
                Thread t = new Thread(r, "jasyncio-executor-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      ex.allowCoreThreadTimeOut(true);
      executor = ex;
      owned = true;
    }
    return executor;
  }

  /** Uses the user's {@code e} from now on (never shut down by the loop). */
  void set(ExecutorService e) {
    executor = e;
    owned = false;
  }

  /** Shuts the executor down if the loop made it, and waits for its threads (at most 300 s). */
  void shutdownAndWait() {
    ExecutorService ex = executor;
    if (ex != null && owned) {
      ex.shutdown();
      try {
        if (!ex.awaitTermination(300, TimeUnit.SECONDS)) {
          LOG.log(Level.WARNING, "the default executor did not finish within 300 seconds");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Shuts the executor down if the loop made it, without waiting (the loop closes). */
  void shutdown() {
    if (executor != null && owned) {
      executor.shutdown();
    }
  }
}
