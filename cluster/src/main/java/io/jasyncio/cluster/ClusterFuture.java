package io.jasyncio.cluster;

import java.util.concurrent.CompletableFuture;

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
