package io.jasyncio.concurrent;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Small helpers for tests that use real threads; every wait is bounded. */
final class Threads {
  /** Bound for waits on other threads: only reached when the behaviour is broken. */
  static final long TIMEOUT_S = 30;

  private Threads() {}

  /** Waits (bounded) until {@code t} is parked: blocked in a lock, condition or sleep. */
  static void awaitParked(Thread t) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
    while (true) {
      Thread.State s = t.getState();
      if (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING) {
        return;
      }
      assertTrue(s != Thread.State.TERMINATED, "thread ended instead of blocking");
      if (System.nanoTime() > deadline) {
        fail("thread never blocked; state " + s);
      }
      Thread.onSpinWait();
    }
  }

  /** Runs {@code c} in a new platform thread; its outcome lands in the returned future. */
  static <T> Started<T> start(String name, Callable<T> c) {
    CompletableFuture<T> f = new CompletableFuture<>();
    Thread t =
        Thread.ofPlatform()
            .name(name)
            .daemon()
            .start(
                () -> {
                  try {
                    f.complete(c.call());
                  } catch (Throwable e) {
                    f.completeExceptionally(e);
                  }
                });
    return new Started<>(t, f);
  }

  record Started<T>(Thread thread, CompletableFuture<T> outcome) {
    /** The thread's result (bounded wait); its exception is rethrown as the cause. */
    T result() throws Exception {
      return outcome.get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    /** The exception the thread ended with (bounded wait). */
    Throwable failure() throws Exception {
      try {
        outcome.get(TIMEOUT_S, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        return e.getCause();
      } catch (java.util.concurrent.CancellationException e) {
        // CompletableFuture.get wraps a CancellationException outcome in a fresh one.
        return e.getCause() != null ? e.getCause() : e;
      }
      fail("the thread ended without an exception");
      return null;
    }

    void join() throws InterruptedException {
      assertTrue(thread.join(Duration.ofSeconds(TIMEOUT_S)), thread.getName() + " did not end");
    }
  }
}
