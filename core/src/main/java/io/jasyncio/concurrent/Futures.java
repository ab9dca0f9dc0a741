package io.jasyncio.concurrent;

import io.jasyncio.ReturnWhen;
import io.jasyncio.internal.util.ThreadSide;
import io.jasyncio.TimeoutError;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The functions of Python's {@code concurrent.futures} module, for any {@link
 * java.util.concurrent.Future} and {@link ExecutorService}: {@link #wait}, {@link #asCompleted} and
 * {@code Executor.map} as {@link #map}.
 *
 * <p><b>Threads.</b> Thread-side tools: they block the calling thread (never call them on an event
 * loop thread; in a coroutine use {@code Asyncio.wait}/{@code Asyncio.asCompleted}). Any thread may
 * call them. A thread interrupted while it blocks in one of them gets a {@link
 * CancellationException} and its interrupt status stays set.
 *
 * <p><b>How completion is detected.</b> Never by polling. A {@link
 * java.util.concurrent.CompletionStage} (every {@code CompletableFuture}) is observed through a
 * {@code whenComplete} callback. Other futures ({@code FutureTask} from {@code
 * ExecutorService.submit}, {@code ForkJoinTask}, ...) expose no callback, so each pending one gets
 * a virtual thread that blocks in its {@code get()} and reports when it returns; these watchers are
 * interrupted as soon as the call no longer needs them. {@link #wait} with {@link
 * ReturnWhen#ALL_COMPLETED} needs no watcher: it waits for each future in turn on the calling
 * thread. {@link #map} runs its own calls and waits on their results directly.
 *
 * <p><b>Timeouts</b> are in seconds, measured from the call; null waits as long as needed, zero or
 * negative does not wait, NaN is an {@link IllegalArgumentException}.
 *
 * {@snippet class=io.jasyncio.concurrent.ConcurrentSnippetsTest region=futures}
 */
public final class Futures {
  private Futures() {}

  /**
   * Waits until {@code when} is satisfied or the timeout passes: {@link ReturnWhen#FIRST_COMPLETED}
   * as soon as any future is done, {@link ReturnWhen#FIRST_EXCEPTION} as soon as any fails (a
   * cancelled future is done, not failed) or all are done, {@link ReturnWhen#ALL_COMPLETED} when
   * all are done. Never throws {@link TimeoutError}: on timeout it returns what is done so far.
   * Duplicates count once.
   */
  public static <T> FutureWaitResult<T> wait(
      Collection<? extends Future<T>> fs, Double timeoutOrNull, ReturnWhen when) {
    Objects.requireNonNull(fs, "futures");
    Objects.requireNonNull(when, "when");
    long deadline = deadline(timeoutOrNull);
    Set<Future<T>> all = distinct(fs);
    Set<Future<T>> done = new LinkedHashSet<>();
    List<Future<T>> pending = new ArrayList<>();
    for (Future<T> f : all) {
      if (f.isDone()) {
        done.add(f);
      } else {
        pending.add(f);
      }
    }
    if (!satisfied(when, done, done, all) && remaining(timeoutOrNull, deadline) != 0) {
      ThreadSide.checkMayBlock("Futures.wait()", "use Asyncio.wait() on loop futures instead");
      if (when == ReturnWhen.ALL_COMPLETED) {
        awaitEach(pending, timeoutOrNull, deadline);
      } else {
        awaitAny(when, done, pending, all, timeoutOrNull, deadline);
      }
    }
    // A last look: a future that completed while the watch was closing is done too.
    Set<Future<T>> doneInOrder = new LinkedHashSet<>();
    Set<Future<T>> notDone = new LinkedHashSet<>();
    for (Future<T> f : all) {
      if (done.contains(f) || f.isDone()) {
        doneInOrder.add(f);
      } else {
        notDone.add(f);
      }
    }
    return new FutureWaitResult<>(doneInOrder, notDone);
  }

  /**
   * ALL_COMPLETED: waits for each pending future in turn on the calling thread, until the deadline.
   * Waiting for all is waiting for each, so no watcher is needed: no thread per future, and a
   * wake-up only for a future still pending when its turn comes. The turns go from the last future
   * to the first: an executor tends to finish work in the order it was given, so the last one is
   * usually the last to complete and the caller wakes about once.
   */
  private static <T> void awaitEach(List<Future<T>> pending, Double timeoutOrNull, long deadline) {
    try {
      for (Future<T> f : pending.reversed()) {
        if (f.isDone()) {
          continue;
        }
        long nanos = remaining(timeoutOrNull, deadline);
        if (nanos == 0) {
          return;
        }
        try {
          if (nanos < 0) {
            f.get();
          } else {
            f.get(nanos, TimeUnit.NANOSECONDS);
          }
        } catch (ExecutionException | RuntimeException e) {
          // Done, by failing or by being cancelled, or stopped waiting in some other way: the
          // result looks at its state.
        } catch (TimeoutException e) {
          return;
        }
      }
    } catch (InterruptedException e) {
      throw ThreadSide.interrupted("in wait()", e);
    }
  }

  /** FIRST_COMPLETED and FIRST_EXCEPTION: watches every pending future until one satisfies. */
  private static <T> void awaitAny(
      ReturnWhen when,
      Set<Future<T>> done,
      List<Future<T>> pending,
      Set<Future<T>> all,
      Double timeoutOrNull,
      long deadline) {
    try (CompletionWatch<T> watch = new CompletionWatch<>(pending)) {
      while (true) {
        Future<T> f = watch.next(remaining(timeoutOrNull, deadline));
        if (f == null) {
          break;
        }
        Set<Future<T>> fresh = new LinkedHashSet<>();
        for (; f != null; f = watch.poll()) {
          if (done.add(f)) {
            fresh.add(f);
          }
        }
        if (satisfied(when, done, fresh, all)) {
          break;
        }
      }
    } catch (InterruptedException e) {
      throw ThreadSide.interrupted("in wait()", e);
    }
  }

  /** {@code wait(fs, null, ReturnWhen.ALL_COMPLETED)}. */
  public static <T> FutureWaitResult<T> wait(Collection<? extends Future<T>> fs) {
    return wait(fs, null, ReturnWhen.ALL_COMPLETED);
  }

  /** Whether {@code done} (of which {@code fresh} just completed) satisfies {@code when}. */
  private static <T> boolean satisfied(
      ReturnWhen when, Set<Future<T>> done, Set<Future<T>> fresh, Set<Future<T>> all) {
    if (done.size() == all.size()) {
      return true;
    }
    return switch (when) {
      case FIRST_COMPLETED -> !done.isEmpty();
      case FIRST_EXCEPTION -> fresh.stream().anyMatch(f -> f.state() == Future.State.FAILED);
      case ALL_COMPLETED -> false;
    };
  }

  /**
   * Yields each future once, as it completes: first those already done at the call (in the given
   * order), then the others in completion order. When the deadline (from this call) passes first,
   * the iterator's {@code next()} throws {@link TimeoutError} saying how many are unfinished, and
   * the iteration ends. The futures themselves are never cancelled. Duplicates count once.
   *
   * <p>The returned {@code Iterable} can be iterated once; the watch over the pending futures
   * starts with that iteration and ends with it (exhausted, timed out or interrupted). An iteration
   * abandoned half-way leaves its watchers until the futures they watch are done (a callback on a
   * {@code CompletionStage}, a parked virtual thread otherwise).
   */
  public static <T> Iterable<Future<T>> asCompleted(
      Collection<? extends Future<T>> fs, Double timeoutOrNull) {
    Objects.requireNonNull(fs, "futures");
    long deadline = deadline(timeoutOrNull);
    Set<Future<T>> all = distinct(fs);
    List<Future<T>> finished = new ArrayList<>();
    Set<Future<T>> pending = new LinkedHashSet<>();
    for (Future<T> f : all) {
      if (f.isDone()) {
        finished.add(f);
      } else {
        pending.add(f);
      }
    }
    AtomicBoolean iterated = new AtomicBoolean();
    return () -> {
      if (!iterated.compareAndSet(false, true)) {
        throw new IllegalStateException("the result of asCompleted() can be iterated only once");
      }
      return new AsCompletedIterator<>(finished, pending, all.size(), timeoutOrNull, deadline);
    };
  }

  /** {@code asCompleted(fs, null)}. */
  public static <T> Iterable<Future<T>> asCompleted(Collection<? extends Future<T>> fs) {
    return asCompleted(fs, null);
  }

  private static final class AsCompletedIterator<T> implements Iterator<Future<T>> {
    private final ArrayList<Future<T>> ready;
    private final Set<Future<T>> pending;
    private final int total;
    private final Double timeoutOrNull;
    private final long deadline;
    private CompletionWatch<T> watch;
    private boolean ended;

    AsCompletedIterator(
        List<Future<T>> finished,
        Set<Future<T>> pending,
        int total,
        Double timeoutOrNull,
        long deadline) {
      this.ready = new ArrayList<>(finished);
      this.pending = new LinkedHashSet<>(pending);
      this.total = total;
      this.timeoutOrNull = timeoutOrNull;
      this.deadline = deadline;
      if (!this.pending.isEmpty()) {
        this.watch = new CompletionWatch<>(this.pending);
      }
    }

    @Override
    public boolean hasNext() {
      return !ended && (!ready.isEmpty() || !pending.isEmpty());
    }

    @Override
    public Future<T> next() {
      if (!hasNext()) {
        throw new NoSuchElementException("every future was yielded");
      }
      if (!ready.isEmpty()) {
        return ready.removeFirst();
      }
      ThreadSide.checkMayBlock(
          "next() on the iterator of Futures.asCompleted()", "use Asyncio.asCompleted() instead");
      try {
        while (true) {
          Future<T> f = watch.next(remaining(timeoutOrNull, deadline));
          if (f == null) {
            end();
            throw new TimeoutError(pending.size() + " (of " + total + ") futures unfinished");
          }
          if (pending.remove(f)) {
            if (pending.isEmpty()) {
              watch.close();
            }
            return f;
          }
        }
      } catch (InterruptedException e) {
        end();
        throw ThreadSide.interrupted("in asCompleted()", e);
      }
    }

    private void end() {
      ended = true;
      watch.close();
    }
  }

  /**
   * Python's {@code Executor.map}: submits {@code fn} for every argument at once (before
   * returning), and returns an iterator over the results in argument order. The timeout runs from
   * this call: a result not ready by then makes {@code next()} throw {@link TimeoutError}. A call
   * that threw makes {@code next()} throw the same exception, unchanged, in its position. Either
   * ends the iteration and cancels the calls not started yet; so does closing the iterator (see
   * {@link ResultIterator}) or dropping it.
   *
   * <p>Each call is handed to {@link ExecutorService#execute}; an executor that refuses one (for
   * instance after shutdown) makes {@code map} cancel the calls already handed over and throw
   * {@link IllegalStateException}. If the executor terminates without running a call (as {@link
   * ExecutorService#shutdownNow} does to queued work), waiting for it ends with a {@link
   * CancellationException} within about a second.
   */
  public static <A, T> ResultIterator<T> map(
      ExecutorService ex,
      Function<? super A, ? extends T> fn,
      Iterable<A> args,
      Double timeoutOrNull) {
    return new MapResults<>(ex, fn, args, timeoutOrNull);
  }

  /** {@code map(ex, fn, args, null)}: no timeout. */
  public static <A, T> ResultIterator<T> map(
      ExecutorService ex, Function<? super A, ? extends T> fn, Iterable<A> args) {
    return map(ex, fn, args, null);
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static <T> Set<Future<T>> distinct(Collection<? extends Future<T>> fs) {
    Set<Future<T>> all = new LinkedHashSet<>();
    for (Future<T> f : fs) {
      all.add(Objects.requireNonNull(f, "fs contains null"));
    }
    return all;
  }

  private static long deadline(Double timeoutOrNull) {
    return timeoutOrNull == null ? 0 : System.nanoTime() + ThreadSide.toNanos(timeoutOrNull);
  }

  /** -1: no limit; else the nanoseconds left (0 when past). */
  private static long remaining(Double timeoutOrNull, long deadline) {
    return timeoutOrNull == null ? -1 : Math.max(0, deadline - System.nanoTime());
  }
}
