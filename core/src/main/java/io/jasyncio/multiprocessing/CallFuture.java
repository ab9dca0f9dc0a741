package io.jasyncio.multiprocessing;

import io.jasyncio.internal.process.WorkerPool;
import java.util.concurrent.CompletableFuture;

/**
 * The future of one call to a worker process: {@link #cancel} succeeds only while the call still
 * waits for a worker (as Python's), and then the call never runs.
 */
final class CallFuture<T> extends CompletableFuture<T> {
  private final WorkerPool pool;
  private final Object task;
  private volatile WorkerPool.Call call;

  CallFuture(WorkerPool pool, Object task) {
    this.pool = pool;
    this.task = task;
  }

  void bind(WorkerPool.Call call) {
    this.call = call;
  }

  /** The task as submitted. */
  Object task() {
    return task;
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    WorkerPool.Call c = call;
    if (c != null && pool.cancel(c)) {
      return super.cancel(mayInterruptIfRunning);
    }
    return isCancelled();
  }

  /** Whether a worker has the call (running or prefetched), or it is done. */
  boolean started() {
    WorkerPool.Call c = call;
    return c != null && !pool.isPending(c);
  }

  @Override
  public String toString() {
    String state =
        isDone()
            ? (isCancelled() ? "cancelled" : isCompletedExceptionally() ? "failed" : "done")
            : started() ? "running" : "pending";
    return "CallFuture[" + state + ", " + task.getClass().getName() + "]";
  }
}
