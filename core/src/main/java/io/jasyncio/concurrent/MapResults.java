package io.jasyncio.concurrent;

import io.jasyncio.internal.util.Sneaky;
import io.jasyncio.TimeoutError;
import io.jasyncio.internal.util.ThreadSide;
import java.io.Serializable;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** {@link Futures#map}: every call submitted at once, results handed out in argument order. */
final class MapResults<T> implements ResultIterator<T> {
  private static final Cleaner CLEANER = Cleaner.create();

  /** How often a wait checks whether the executor terminated without running the call. */
  private static final long CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final ExecutorService executor;
  private final Calls<T> calls;
  private final long deadline;
  private final boolean timed;
  private final Cleaner.Cleanable cleanable;

  /** One call of the mapped function: it runs only if it was not cancelled before it started. */
  static final class Call<A, T> implements Runnable {
    private static final int NEW = 0;
    private static final int RUNNING = 1;
    private static final int CANCELLED = 2;

    private final AtomicInteger state = new AtomicInteger(NEW);
    private final Function<? super A, ? extends T> fn;
    private A arg;
    final CompletableFuture<T> result = new CompletableFuture<>();

    /** The executor's future when the call went through {@link #submitTo}. */
    private volatile java.util.concurrent.Future<?> remote;

    Call(Function<? super A, ? extends T> fn, A arg) {
      this.fn = fn;
      this.arg = arg;
    }

    @Override
    public void run() {
      if (!state.compareAndSet(NEW, RUNNING)) {
        return;
      }
      A a = arg;
      arg = null;
      try {
        result.complete(fn.apply(a));
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    }

    /**
     * Hands the call to {@code executor.submit} as a serializable callable (the function and its
     * argument, nothing else), for executors that run tasks in other processes.
     */
    void submitTo(ExecutorService executor) {
      java.util.concurrent.Future<T> f = executor.submit(new Apply<A, T>(fn, arg));
      arg = null;
      remote = f;
      if (f instanceof CompletionStage<?>) {
        @SuppressWarnings("unchecked")
        CompletionStage<T> stage = (CompletionStage<T>) f;
        stage.whenComplete(
            (v, e) -> {
              if (e == null) {
                result.complete(v);
              } else {
                result.completeExceptionally(
                    e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
              }
            });
      } else {
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    result.complete(f.get());
                  } catch (ExecutionException e) {
                    result.completeExceptionally(e.getCause());
                  } catch (CancellationException | InterruptedException e) {
                    result.cancel(false);
                  }
                });
      }
    }

    /** Python's {@code Future.cancel}: only a call that has not started can be cancelled. */
    boolean cancel() {
      java.util.concurrent.Future<?> r = remote;
      if (r != null) {
        if (r.cancel(false)) {
          result.cancel(false);
          return true;
        }
        return false;
      }
      if (state.compareAndSet(NEW, CANCELLED)) {
        arg = null;
        result.cancel(false);
        return true;
      }
      return false;
    }

    boolean notStarted() {
      return state.get() == NEW;
    }
  }

  /** A serializable call of a serializable function: what an out-of-process executor receives. */
  record Apply<A, T>(Function<? super A, ? extends T> fn, A arg)
      implements Callable<T>, Serializable {
    @Override
    public T call() {
      return fn.apply(arg);
    }
  }

  /** The calls and the read position; also the Cleaner's action: it must not see the iterator. */
  static final class Calls<T> implements Runnable {
    final ExecutorService executor;
    final List<Call<?, T>> list = new ArrayList<>();
    volatile int position;
    volatile boolean closed;

    Calls(ExecutorService executor) {
      this.executor = executor;
    }

    @Override
    public void run() {
      closed = true;
      for (int i = position; i < list.size(); i++) {
        cancel(list.get(i));
      }
    }

    /** Cancels {@code call} if it has not started, and takes it out of a pool's work queue. */
    void cancel(Call<?, T> call) {
      if (call.cancel() && executor instanceof ThreadPoolExecutor pool) {
        pool.remove(call);
      }
    }
  }

  <A> MapResults(
      ExecutorService executor,
      Function<? super A, ? extends T> fn,
      Iterable<A> args,
      Double timeoutOrNull) {
    this.executor = Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(fn, "function");
    Objects.requireNonNull(args, "args");
    if (timeoutOrNull != null && Double.isNaN(timeoutOrNull)) {
      throw new IllegalArgumentException("timeout must be a number, not NaN");
    }
    long start = System.nanoTime();
    this.timed = timeoutOrNull != null;
    this.deadline = timed ? start + ThreadSide.toNanos(timeoutOrNull) : 0;
    this.calls = new Calls<>(executor);
    try {
      for (A a : args) {
        Call<A, T> call = new Call<>(fn, a);
        calls.list.add(call);
        if (fn instanceof Serializable) {
          call.submitTo(executor); // a process or cluster pool gets the function as it is
        } else {
          executor.execute(call);
        }
      }
    } catch (RuntimeException | Error e) {
      // Rejected (for instance after shutdown) or args failed: nobody can read these results.
      calls.run();
      if (e instanceof RejectedExecutionException r) {
        throw new IllegalStateException("cannot schedule new calls: " + r.getMessage(), r);
      }
      throw e;
    }
    this.cleanable = CLEANER.register(this, calls);
  }

  @Override
  public boolean hasNext() {
    return !calls.closed && calls.position < calls.list.size();
  }

  @Override
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more results");
    }
    int i = calls.position;
    Call<?, T> call = calls.list.get(i);
    calls.position = i + 1;
    try {
      T v = await(call);
      if (calls.position == calls.list.size()) {
        close();
      }
      return v;
    } catch (Throwable t) {
      calls.cancel(call);
      close();
      throw t;
    }
  }

  private T await(Call<?, T> call) {
    if (!call.result.isDone()) {
      ThreadSide.checkMayBlock(
          "next() on the results of Futures.map()", "await loop.runInExecutor() futures instead");
    }
    while (true) {
      long slice = CHECK_NANOS;
      if (timed) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          slice = 0;
        } else {
          slice = Math.min(slice, remaining);
        }
      }
      try {
        if (slice == 0) {
          return call.result.isDone() ? call.result.get() : timeout();
        }
        return call.result.get(slice, TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        if (timed && deadline - System.nanoTime() <= 0) {
          return timeout();
        }
        if (executor.isTerminated() && call.notStarted()) {
          calls.cancel(call);
          throw new CancellationException("the executor terminated without running the call");
        }
      } catch (ExecutionException e) {
        throw Sneaky.rethrow(e.getCause());
      } catch (InterruptedException e) {
        throw ThreadSide.interrupted("for a result", e);
      }
    }
  }

  private T timeout() {
    throw new TimeoutError("map() result not ready within the timeout");
  }

  @Override
  public void close() {
    cleanable.clean();
  }

  @Override
  public String toString() {
    return "ResultIterator["
        + calls.position
        + " of "
        + calls.list.size()
        + " read"
        + (calls.closed ? ", closed" : "")
        + "]";
  }
}
