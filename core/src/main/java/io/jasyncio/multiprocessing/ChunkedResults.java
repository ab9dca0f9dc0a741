package io.jasyncio.multiprocessing;

import io.jasyncio.internal.util.ThreadSide;
import io.jasyncio.TimeoutError;
import io.jasyncio.concurrent.ResultIterator;
import io.jasyncio.internal.util.Sneaky;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The results of a chunked map, in argument order (see {@link ProcessPoolExecutor#map}). */
final class ChunkedResults<R> implements ResultIterator<R> {
  private final List<CompletableFuture<List<R>>> chunks;
  private final long deadline;
  private final boolean timed;
  private int next;
  private Iterator<R> current;
  private volatile boolean closed;

  ChunkedResults(List<CompletableFuture<List<R>>> chunks, Double timeoutOrNull) {
    this.chunks = chunks;
    if (timeoutOrNull != null && Double.isNaN(timeoutOrNull)) {
      throw new IllegalArgumentException("timeout must be a number of seconds, not NaN");
    }
    this.timed = timeoutOrNull != null;
    this.deadline = timed ? System.nanoTime() + ThreadSide.toNanos(timeoutOrNull) : 0;
  }

  @Override
  public boolean hasNext() {
    if (closed) {
      return false;
    }
    while (current == null || !current.hasNext()) {
      if (next >= chunks.size()) {
        return false;
      }
      current = await(chunks.get(next++)).iterator();
    }
    return true;
  }

  @Override
  public R next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return current.next();
  }

  private List<R> await(CompletableFuture<List<R>> f) {
    try {
      if (!timed) {
        return f.get();
      }
      long left = deadline - System.nanoTime();
      return f.get(Math.max(0, left), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      close();
      throw Sneaky.rethrow(e.getCause());
    } catch (TimeoutException e) {
      close();
      throw new TimeoutError("map: the results were not ready within the timeout");
    } catch (InterruptedException e) {
      close();
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for a result");
    } catch (CancellationException e) {
      close();
      throw e;
    }
  }

  @Override
  public void close() {
    closed = true;
    for (CompletableFuture<List<R>> c : chunks) {
      c.cancel(false);
    }
  }
}
