package io.jasyncio.concurrent;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reports, without polling, when each of some {@link Future}s is done: each one is added to {@link
 * #completed} once, by the thread that completes it or by a watcher.
 *
 * <p>How a future is observed:
 *
 * <ul>
 *   <li>a {@link CompletionStage} (every {@code CompletableFuture}) gets a {@code whenComplete}
 *       callback;
 *   <li>any other {@code Future} (a {@code FutureTask} from {@code ExecutorService.submit}, a
 *       {@code ForkJoinTask}, ...) exposes no callback, so a virtual thread blocks in its {@code
 *       get()} and reports when that returns. {@link #close()} interrupts those watchers; a watcher
 *       of a future whose {@code get()} ignores interrupts ends when that future is done.
 * </ul>
 *
 * <p>Callbacks left on a {@code CompletionStage} after {@link #close()} do nothing.
 */
final class CompletionWatch<T> implements AutoCloseable {
  private final LinkedBlockingQueue<Future<T>> completed = new LinkedBlockingQueue<>();
  private final List<Thread> watchers = new ArrayList<>();
  private volatile boolean closed;

  CompletionWatch(Collection<Future<T>> futures) {
    for (Future<T> f : futures) {
      watch(f);
    }
  }

  private void watch(Future<T> f) {
    if (f instanceof CompletionStage<?> stage) {
      stage.whenComplete(
          (v, e) -> {
            if (!closed) {
              completed.add(f);
            }
          });
    } else if (f.isDone()) {
      completed.add(f);
    } else {
      watchers.add(
          Thread.ofVirtual()
              .name("jasyncio-future-watcher")
              .start(
                  () -> {
                    if (awaitDone(f) && !closed) {
                      completed.add(f);
                    }
                  }));
    }
  }

  /**
   * Blocks until {@code f} is done; false if interrupted first (the watch was closed). Whatever
   * else {@code get()} throws means that it stopped waiting: the future is reported, and the caller
   * looks at its state.
   */
  private static boolean awaitDone(Future<?> f) {
    try {
      f.get();
      return true;
    } catch (InterruptedException e) {
      return false;
    } catch (ExecutionException | RuntimeException | Error e) {
      return true;
    }
  }

  /** The next future to complete, waiting at most {@code nanos} (negative: no limit); else null. */
  Future<T> next(long nanos) throws InterruptedException {
    return nanos < 0 ? completed.take() : completed.poll(nanos, TimeUnit.NANOSECONDS);
  }

  /** A future that already completed, or null; never waits. */
  Future<T> poll() {
    return completed.poll();
  }

  @Override
  public void close() {
    closed = true;
    for (Thread t : watchers) {
      t.interrupt();
    }
  }
}
