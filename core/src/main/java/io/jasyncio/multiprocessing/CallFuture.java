package io.jasyncio.multiprocessing;

import io.jasyncio.internal.util.ThreadSide;
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
  public T get() throws InterruptedException, java.util.concurrent.ExecutionException {
    checkMayBlock("get()");
    return super.get();
  }

  @Override
  public T get(long timeout, java.util.concurrent.TimeUnit unit)
      throws InterruptedException,
          java.util.concurrent.ExecutionException,
          java.util.concurrent.TimeoutException {
    checkMayBlock("get(timeout)");
    return super.get(timeout, unit);
  }

  @Override
  public T join() {
    checkMayBlock("join()");
    return super.join();
  }

  /** Waiting on a loop's thread would block that loop. */
  private void checkMayBlock(String method) {
    if (!isDone()) {
      ThreadSide.checkMayBlock(
          "the process pool's future's " + method, "in a coroutine, Asyncio.await(future) instead");
    }
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
