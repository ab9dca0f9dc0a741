package io.jasyncio.cluster;

import io.jasyncio.Asyncio;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The future of a submitted call: {@link #cancel} succeeds only while the call still waits in the
 * executor's queue (as Python's {@code Future.cancel}); it then never runs.
 */
final class ClusterFuture<T> extends CompletableFuture<T> {
  private final ClusterExecutor executor;
  Call call;

  ClusterFuture(ClusterExecutor executor) {
    this.executor = executor;
  }

  @Override
  public T get() throws InterruptedException, ExecutionException {
    checkMayBlock("get()");
    return super.get();
  }

  @Override
  public T get(long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    checkMayBlock("get(timeout)");
    return super.get(timeout, unit);
  }

  @Override
  public T join() {
    checkMayBlock("join()");
    return super.join();
  }

  /** Waiting on a loop's thread would block that loop (as core's blocking thread-side methods). */
  private void checkMayBlock(String method) {
    if (!isDone() && Asyncio.getRunningLoopOrNull() != null) {
      throw new IllegalStateException(
          "the cluster future's "
              + method
              + " would block the event loop running on this thread (a callback or a coroutine of"
              + " that loop): in a coroutine, Asyncio.await(future) instead");
    }
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    if (isDone()) {
      return isCancelled();
    }
    return executor.cancelPending(call);
  }

  /** The plain cancellation, used once the call has left the queue. */
  boolean settleCancelled() {
    return super.cancel(false);
  }

  @Override
  public String toString() {
    return "ClusterFuture[" + (isDone() ? super.toString() : "pending") + "]";
  }
}
