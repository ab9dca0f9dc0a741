package io.jasyncio.cluster;

import io.jasyncio.TimeoutError;
import io.jasyncio.concurrent.ResultIterator;
import java.lang.ref.Cleaner;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@link ClusterExecutor#map}: chunks submitted at once, results handed out in argument order. */
final class ClusterMapResults<T> implements ResultIterator<T> {
  private static final Cleaner CLEANER = Cleaner.create();

  private final Calls calls;
  private final List<CompletableFuture<Object>> futures;
  private final boolean timed;
  private final long deadline;
  private final Cleaner.Cleanable cleanable;
  private int position;

  /** The chunks, and the Cleaner's action: it cancels those not yet sent. Must not see the iterator. */
  private static final class Calls implements Runnable {
    final ClusterExecutor executor;
    final List<Call> list;
    volatile boolean closed;

    Calls(ClusterExecutor executor, List<Call> list) {
      this.executor = executor;
      this.list = list;
    }

    @Override
    public void run() {
      closed = true;
      for (Call c : list) {
        executor.cancelPending(c);
      }
    }
  }

  ClusterMapResults(
      ClusterExecutor executor,
      List<Call> calls,
      List<CompletableFuture<Object>> futures,
      boolean timed,
      long deadline) {
    this.calls = new Calls(executor, calls);
    this.futures = futures;
    this.timed = timed;
    this.deadline = deadline;
    this.cleanable = CLEANER.register(this, this.calls);
  }

  @Override
  public boolean hasNext() {
    return !calls.closed && position < futures.size();
  }

  @Override
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more results");
    }
    CompletableFuture<Object> f = futures.get(position++);
    try {
      T v = await(f);
      if (position == futures.size()) {
        close();
      }
      return v;
    } catch (Throwable t) {
      close();
      throw t;
    }
  }

  @SuppressWarnings("unchecked")
  private T await(CompletableFuture<Object> f) {
    try {
      if (!timed) {
        return (T) f.get();
      }
      long left = deadline - System.nanoTime();
      if (left <= 0 && !f.isDone()) {
        throw new TimeoutError("map() result not ready within the timeout");
      }
      return (T) f.get(Math.max(0, left), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new TimeoutError("map() result not ready within the timeout");
    } catch (ExecutionException e) {
      throw ClusterMapResults.<RuntimeException>sneaky(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      CancellationException ce = new CancellationException("interrupted while waiting for a result");
      ce.initCause(e);
      throw ce;
    }
  }

  /** Rethrows a task's exception unchanged, checked ones included, as the process pool does. */
  @SuppressWarnings("unchecked")
  private static <X extends Throwable> X sneaky(Throwable t) throws X {
    throw (X) t;
  }

  @Override
  public void close() {
    cleanable.clean();
  }

  @Override
  public String toString() {
    return "ResultIterator["
        + position
        + " of "
        + futures.size()
        + " read"
        + (calls.closed ? ", closed" : "")
        + "]";
  }
}
