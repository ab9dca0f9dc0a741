package io.jasyncio.multiprocessing;

import io.jasyncio.internal.util.ThreadSide;
import io.jasyncio.TimeoutError;
import io.jasyncio.internal.util.Sneaky;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The result of {@link Pool#applyAsync} or {@link Pool#mapAsync} (Python's {@code
 * multiprocessing.pool.AsyncResult}). {@link #get()} returns the value or throws the task's
 * exception unchanged (its worker-side stack attached as a {@link RemoteTraceback}).
 *
 * <p><b>Threads.</b> Thread-safe; {@code get} and {@code await} block the calling thread. A
 * coroutine awaits {@code Asyncio.await(result.toCompletableFuture())} instead.
 *
 * {@snippet class=io.jasyncio.multiprocessing.MultiprocessingSnippetsTest region=asyncResult}
 *
 * @param <T> the result type
 */
public final class AsyncResult<T> {
  private final CompletableFuture<T> future;

  AsyncResult(CompletableFuture<T> future) {
    this.future = future;
  }

  private static final String AWAIT =
      "in a coroutine, Asyncio.await(result.toCompletableFuture()) instead";

  /** Blocks until ready; returns the value or throws the task's exception as it is. */
  public T get() {
    if (!future.isDone()) {
      ThreadSide.checkMayBlock("AsyncResult.get()", AWAIT);
    }
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw Sneaky.rethrow(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for the result");
    }
  }

  /** As {@link #get()}, giving up after {@code timeout} seconds with {@link TimeoutError}. */
  public T get(double timeout) {
    if (!await(timeout)) {
      throw new TimeoutError("the result was not ready within " + timeout + " s");
    }
    return get();
  }

  /** Python's {@code wait(timeout)}: blocks until ready or the timeout passes; true when ready. */
  public boolean await(double timeout) {
    if (Double.isNaN(timeout)) {
      throw new IllegalArgumentException("timeout must be a number of seconds, not NaN");
    }
    if (!future.isDone() && timeout > 0) {
      ThreadSide.checkMayBlock("AsyncResult.await(timeout)", AWAIT);
    }
    try {
      future.get(ThreadSide.toNanos(timeout), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException | CancellationException e) {
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for the result");
    }
    return true;
  }

  /** Whether the call has completed. */
  public boolean ready() {
    return future.isDone();
  }

  /** Whether it completed without an exception; {@link IllegalStateException} before it is ready. */
  public boolean successful() {
    if (!future.isDone()) {
      throw new IllegalStateException("the result is not ready");
    }
    return !future.isCompletedExceptionally();
  }

  /** A future that completes with the same outcome, for {@code Asyncio.await} and composition. */
  public CompletableFuture<T> toCompletableFuture() {
    return future.copy();
  }

  @Override
  public String toString() {
    return "AsyncResult[" + (!ready() ? "pending" : successful() ? "successful" : "failed") + "]";
  }
}
