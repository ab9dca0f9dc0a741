package io.jasyncio.multiprocessing;

import io.jasyncio.concurrent.ResultIterator;
import io.jasyncio.internal.process.CallCodec;
import io.jasyncio.internal.process.Serial;
import io.jasyncio.internal.process.Tasks;
import io.jasyncio.internal.process.WorkerPool;
import io.jasyncio.internal.util.Sneaky;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Python's {@code concurrent.futures.ProcessPoolExecutor}: calls run in worker JVMs, in parallel
 * with this one and with each other.
 *
 * <p><b>Tasks</b> are serializable lambdas or method references ({@link SerializableCallable},
 * {@link SerializableFunction}); their arguments and results travel with Java serialization. A task
 * that cannot be serialized fails at once, in the caller, with an {@link IllegalArgumentException}
 * naming the class at fault; a result that cannot be serialized fails its future with one. A task's
 * exception is rethrown unchanged with its worker-side stack attached as a {@link RemoteTraceback}
 * ({@link CompletableFuture#get()} wraps it in an {@link ExecutionException}, as the JDK does;
 * {@code Asyncio.await(future)} throws it as it is).
 *
 * <p><b>Workers</b> start on the first submit, all at once (their JVMs boot in parallel), with this
 * JVM's class path, module path and {@code --add-exports} flags plus {@link
 * Builder#jvmOptions}; they share this JVM's stdout and stderr, and never outlive it. Each holds at
 * most one running and one prefetched call; {@link CompletableFuture#cancel} succeeds only while a
 * call still waits for a worker. With {@link Builder#maxTasksPerChild} a worker is replaced by a
 * fresh one after that many calls.
 *
 * <p><b>A worker that dies abruptly</b> (killed, {@code System.exit}, out of memory), or an
 * initializer that throws, breaks the pool: every running and pending future fails with {@link
 * BrokenProcessPool} (naming the worker's pid and exit code), later submits throw it, and nothing
 * ever hangs.
 *
 * <p><b>As an {@link ExecutorService}</b> it takes serializable tasks only: a plain lambda fails at
 * once with an {@link IllegalArgumentException} that says how to make it serializable. It works
 * with {@code loop.runInExecutor(pool, task)}, {@code Asyncio.await(future)} and {@code
 * io.jasyncio.concurrent.Futures.wait/asCompleted/map}. {@link #close()} is {@code shutdown(true,
 * false)}; a submit after shutdown throws {@link RejectedExecutionException}.
 *
 * <p><b>Threads.</b> Thread-safe. Futures complete on a thread of the pool (the one that reads the
 * worker's answers): a dependent action ({@code thenApply}, {@code whenComplete}) that blocks there
 * delays the results of that worker, so hand long work to another executor.
 *
 * {@snippet class=io.jasyncio.multiprocessing.MultiprocessingSnippetsTest region=processPoolExecutor}
 */
public final class ProcessPoolExecutor implements ExecutorService {
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final WorkerPool pool;
  private final String name;
  private final int maxWorkers;

  /** A pool with {@code Runtime.availableProcessors()} workers. */
  public ProcessPoolExecutor() {
    this(Runtime.getRuntime().availableProcessors());
  }

  /** A pool with {@code maxWorkers} workers; {@link IllegalArgumentException} if less than 1. */
  public ProcessPoolExecutor(int maxWorkers) {
    this(builder().maxWorkers(maxWorkers));
  }

  private ProcessPoolExecutor(Builder b) {
    this.maxWorkers = b.maxWorkers;
    this.name = b.name != null ? b.name : "ProcessPoolExecutor-" + POOLS.incrementAndGet();
    byte[] init = b.initializer == null ? null : Serial.serialize(b.initializer, "initializer");
    this.pool =
        new WorkerPool(
            new WorkerPool.Config(
                name, maxWorkers, b.maxTasksPerChild, init, List.copyOf(b.jvmOptions), false),
            Presenters.EXECUTOR);
  }

  /** A builder for the settings Python takes as keyword arguments. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The settings of a pool: {@code max_workers}, {@code max_tasks_per_child}, {@code initializer},
   * and the extra JVM options of the workers. Not thread-safe.
   *
   * {@snippet class=io.jasyncio.multiprocessing.MultiprocessingSnippetsTest region=builder}
   */
  public static final class Builder {
    private int maxWorkers = Runtime.getRuntime().availableProcessors();
    private int maxTasksPerChild;
    private SerializableRunnable initializer;
    private List<String> jvmOptions = List.of();
    private String name;

    private Builder() {}

    /** The number of worker processes (at least 1). */
    public Builder maxWorkers(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxWorkers must be at least 1, not " + n);
      }
      maxWorkers = n;
      return this;
    }

    /** A worker is replaced by a fresh one after {@code n} calls; 0 (the default): never. */
    public Builder maxTasksPerChild(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("maxTasksPerChild must be 0 or more, not " + n);
      }
      maxTasksPerChild = n;
      return this;
    }

    /** Runs in each worker before its first call; if it throws, the pool is broken. */
    public Builder initializer(SerializableRunnable r) {
      initializer = r;
      return this;
    }

    /** Extra options for the workers' JVMs, after jasyncio's own ({@code -Xmx512m}, {@code -D...}). */
    public Builder jvmOptions(List<String> options) {
      jvmOptions = List.copyOf(options);
      return this;
    }

    /** The name of the pool; workers are named after it. */
    public Builder name(String prefix) {
      name = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /** The pool (its workers start on the first submit). */
    public ProcessPoolExecutor build() {
      return new ProcessPoolExecutor(this);
    }
  }

  /**
   * Runs {@code fn} in a worker. The future can be cancelled while the call waits for a worker;
   * {@code Asyncio.await} accepts it.
   */
  public <T> CompletableFuture<T> submit(SerializableCallable<T> fn) {
    Objects.requireNonNull(fn, "fn");
    return start(fn, fn, "task");
  }

  /** Runs {@code fn.apply(arg)} in a worker. */
  public <A, R> CompletableFuture<R> submit(SerializableFunction<? super A, ? extends R> fn, A arg) {
    Objects.requireNonNull(fn, "fn");
    return start(new Tasks.Apply<A, R>(fn, arg), fn, "task or its argument");
  }

  @SuppressWarnings("unchecked")
  private <T> CallFuture<T> start(Callable<?> wire, Object task, String what) {
    CallCodec.Encoded bytes = CallCodec.encodeCall(wire, what);
    CallFuture<T> f = new CallFuture<>(pool, task);
    try {
      f.bind(pool.submit(bytes, (CompletableFuture<Object>) (CompletableFuture<?>) f));
    } catch (IllegalStateException shutDown) {
      throw new RejectedExecutionException(name + " is shut down: no new calls");
    }
    return f;
  }

  /**
   * Python's {@code Executor.map}: {@code fn} over every argument, submitted at once in chunks of
   * {@code chunksize}; the results in argument order. {@code next()} throws what a call threw (the
   * calls not yet started are then cancelled), or {@link io.jasyncio.TimeoutError} when the
   * deadline ({@code timeoutOrNull} seconds from this call) passes first. Closing the iterator
   * cancels the calls not yet started.
   */
  public <A, R> ResultIterator<R> map(
      SerializableFunction<? super A, ? extends R> fn,
      Iterable<? extends A> args,
      Double timeoutOrNull,
      int chunksize) {
    Objects.requireNonNull(fn, "fn");
    Objects.requireNonNull(args, "args");
    if (chunksize < 1) {
      throw new IllegalArgumentException("chunksize must be at least 1, not " + chunksize);
    }
    List<CompletableFuture<List<R>>> chunks = new ArrayList<>();
    List<A> chunk = new ArrayList<>(chunksize);
    try {
      for (A a : args) {
        chunk.add(a);
        if (chunk.size() == chunksize) {
          chunks.add(start(new Tasks.Chunk<A, R>(fn, chunk), fn, "task or its arguments"));
          chunk = new ArrayList<>(chunksize);
        }
      }
      if (!chunk.isEmpty()) {
        chunks.add(start(new Tasks.Chunk<A, R>(fn, chunk), fn, "task or its arguments"));
      }
    } catch (RuntimeException e) {
      chunks.forEach(c -> c.cancel(false));
      throw e;
    }
    return new ChunkedResults<>(chunks, timeoutOrNull);
  }

  /**
   * Python's {@code shutdown(wait, cancel_futures)}: no new calls; with {@code cancelFutures} the
   * calls that wait for a worker are cancelled; with {@code wait} this blocks until every call is
   * done and every worker has exited. Calling it again is harmless.
   */
  public void shutdown(boolean wait, boolean cancelFutures) {
    pool.shutdown(cancelFutures);
    if (wait) {
      try {
        pool.awaitTermination(Long.MAX_VALUE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CancellationException("interrupted while waiting for the workers to exit");
      }
    }
  }

  /** The pids of the running workers (they change with maxTasksPerChild). */
  public List<Long> workerPids() {
    return pool.pids();
  }

  /** The number of workers. */
  public int maxWorkers() {
    return maxWorkers;
  }

  // ---- ExecutorService ----

  private static String notSerializable(Object task) {
    return "a ProcessPoolExecutor runs serializable tasks only, and "
        + task.getClass().getName()
        + " is not serializable: declare the lambda with a serializable type, as in"
        + " `SerializableCallable<T> task = () -> ...` or `SerializableRunnable task = () -> ...`"
        + " (or cast it: `(Callable<T> & Serializable) () -> ...`), and capture only"
        + " serializable values";
  }

  @Override
  public void execute(Runnable command) {
    submit(command);
  }

  @Override
  public <T> CompletableFuture<T> submit(Callable<T> task) {
    Objects.requireNonNull(task, "task");
    if (!(task instanceof Serializable)) {
      throw new IllegalArgumentException(notSerializable(task));
    }
    return start(task, task, "task");
  }

  @Override
  public CompletableFuture<?> submit(Runnable task) {
    return submit(task, null);
  }

  @Override
  public <T> CompletableFuture<T> submit(Runnable task, T result) {
    Objects.requireNonNull(task, "task");
    if (!(task instanceof Serializable)) {
      throw new IllegalArgumentException(notSerializable(task));
    }
    CompletableFuture<Object> f = start(new Tasks.Run(task), task, "task");
    return f.thenApply(x -> result);
  }

  /** {@code shutdown(false, false)}: no new calls; returns at once. */
  @Override
  public void shutdown() {
    shutdown(false, false);
  }

  /**
   * Cancels the calls that wait for a worker and stops the workers now (running calls fail with
   * {@link CancellationException}); returns the cancelled tasks.
   */
  @Override
  public List<Runnable> shutdownNow() {
    List<Runnable> out = new ArrayList<>();
    for (WorkerPool.Call c : pool.shutdown(true)) {
      if (c.result() instanceof CallFuture<?> f && f.task() instanceof Runnable r) {
        out.add(r);
      } else if (c.result() instanceof CallFuture<?> f && f.task() instanceof Callable<?> k) {
        out.add(
            () -> {
              try {
                k.call();
              } catch (Exception e) {
                throw Sneaky.rethrow(e);
              }
            });
      }
    }
    pool.terminate();
    return out;
  }

  @Override
  public boolean isShutdown() {
    return pool.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return pool.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return pool.awaitTermination(unit.toNanos(timeout));
  }

  /** {@code shutdown(true, false)}. */
  @Override
  public void close() {
    shutdown(true, false);
  }

  @Override
  public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks)
      throws InterruptedException {
    List<Future<T>> fs = new ArrayList<>();
    for (Callable<T> t : tasks) {
      fs.add(submit(t));
    }
    for (Future<T> f : fs) {
      try {
        f.get();
      } catch (ExecutionException | CancellationException e) {
        // reported by the future itself
      }
    }
    return fs;
  }

  @Override
  public <T> List<Future<T>> invokeAll(
      Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    List<Future<T>> fs = new ArrayList<>();
    for (Callable<T> t : tasks) {
      fs.add(submit(t));
    }
    for (Future<T> f : fs) {
      try {
        f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException | CancellationException e) {
        // reported by the future itself
      } catch (TimeoutException e) {
        fs.forEach(x -> x.cancel(false));
        break;
      }
    }
    return fs;
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks)
      throws InterruptedException, ExecutionException {
    try {
      return invokeAny(tasks, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("invokeAny needs at least one task");
    }
    List<CompletableFuture<T>> fs = new ArrayList<>();
    for (Callable<T> t : tasks) {
      fs.add(submit(t));
    }
    CompletableFuture<T> first = new CompletableFuture<>();
    AtomicInteger failures = new AtomicInteger();
    for (CompletableFuture<T> f : fs) {
      f.whenComplete(
          (v, e) -> {
            if (e == null) {
              first.complete(v);
            } else if (failures.incrementAndGet() == fs.size()) {
              first.completeExceptionally(e);
            }
          });
    }
    try {
      return first.get(timeout, unit);
    } finally {
      fs.forEach(f -> f.cancel(false));
    }
  }

  @Override
  public String toString() {
    return "ProcessPoolExecutor[" + name + ", " + maxWorkers + " workers"
        + (pool.broken() != null ? ", broken" : pool.isShutdown() ? ", shut down" : "") + "]";
  }
}
