package io.jasyncio.concurrent;

import java.util.Iterator;

/**
 * The results of {@link Futures#map}, in argument order: an {@link Iterator} that can be closed.
 *
 * <p>{@link #next()} blocks until the next result is there and returns it, or throws what that call
 * threw (unchanged), {@link io.jasyncio.TimeoutError} when the map's deadline passes first, or
 * {@link java.util.concurrent.CancellationException} if the call was cancelled (the iterator was
 * closed, the executor dropped it, or the waiting thread was interrupted, whose interrupt status
 * then stays set). Any exception ends the iteration: the calls not yet started are cancelled, as
 * Python's {@code Executor.map} does.
 *
 * <p><b>Abandoning.</b> {@link #close()} cancels every call that has not started yet (calls already
 * running finish, and their results are dropped). An iterator that becomes unreachable before it is
 * exhausted is closed the same way, by a {@link java.lang.ref.Cleaner}; use try-with-resources to
 * make it prompt.
 *
 * <p><b>Threads.</b> Iterate from one thread at a time; {@link #close()} may be called from any
 * thread, more than once.
 *
 * {@snippet class=io.jasyncio.concurrent.ConcurrentSnippetsTest region=result-iterator}
 *
 * @param <T> the result type
 */
public interface ResultIterator<T> extends Iterator<T>, AutoCloseable {
  /** Cancels the calls that have not started; later {@link #hasNext()} calls return false. */
  @Override
  void close();
}
