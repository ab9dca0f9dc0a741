package io.jasyncio.multiprocessing;

import io.jasyncio.internal.process.CallCodec;
import io.jasyncio.internal.process.Serial;
import io.jasyncio.internal.process.Tasks;
import io.jasyncio.internal.process.WorkerPool;
import io.jasyncio.internal.util.Sneaky;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Python's {@code multiprocessing.Pool}: a fixed set of worker JVMs, started at once, that run
 * serializable tasks ({@link SerializableCallable}, {@link SerializableFunction}).
 *
 * <p>{@link #apply} blocks and rethrows the worker's exception unchanged (with a {@link
 * RemoteTraceback} attached); {@link #applyAsync} returns an {@link AsyncResult} and runs its
 * callback or error callback on a pool thread before the result becomes ready, as Python's result
 * handler does (keep callbacks short). {@link #map}, {@link #mapAsync}, {@link #imap} and {@link
 * #imapUnordered} cut the arguments into chunks.
 *
 * <p><b>Lifecycle</b>, with Python's rules: {@link #close()} takes no new tasks and lets the queued
 * ones finish, then the workers exit; {@link #terminate()} stops the workers now (unfinished results
 * fail with {@link CancellationException}); {@link #join()} waits for the workers to exit and may
 * only follow {@code close} or {@code terminate}. A task submitted after either throws {@link
 * IllegalStateException} ("Pool not running"). Try-with-resources calls {@link #close()}.
 *
 * <p><b>A worker that dies</b> while running a task (killed, {@code System.exit}, out of memory)
 * fails that task with {@link WorkerLostError}; a new worker takes its place and the pool goes on
 * (Python's pool hangs there instead). An initializer that throws, or a worker JVM that cannot start,
 * fails every task with {@link BrokenProcessPool}: replacing such workers would fail forever.
 *
 * <p><b>Threads.</b> Thread-safe. Blocking methods block the calling thread.
 *
 * {@snippet class=io.jasyncio.multiprocessing.MultiprocessingSnippetsTest region=pool}
 */
public final class Pool implements AutoCloseable {
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final WorkerPool pool;
  private final int processes;
  private volatile boolean running = true;

  /** A pool of {@code Runtime.availableProcessors()} workers. */
  public Pool() {
    this(Runtime.getRuntime().availableProcessors());
  }

  /** A pool of {@code processes} workers (at least 1). */
  public Pool(int processes) {
    this(processes, null, 0);
  }

  /**
   * A pool of {@code processes} workers; {@code initializerOrNull} runs in each worker first;
   * {@code maxTasksPerChild} (0: unlimited) replaces a worker after that many tasks.
   */
  public Pool(int processes, SerializableRunnable initializerOrNull, int maxTasksPerChild) {
    this(processes, initializerOrNull, maxTasksPerChild, List.of());
  }

  /** As {@link #Pool(int, SerializableRunnable, int)}, with extra JVM options for the workers. */
  public Pool(
      int processes,
      SerializableRunnable initializerOrNull,
      int maxTasksPerChild,
      List<String> jvmOptions) {
    if (processes < 1) {
      throw new IllegalArgumentException("processes must be at least 1, not " + processes);
    }
    if (maxTasksPerChild < 0) {
      throw new IllegalArgumentException("maxTasksPerChild must be 0 or more");
    }
    this.processes = processes;
    byte[] init =
        initializerOrNull == null ? null : Serial.serialize(initializerOrNull, "initializer");
    this.pool =
        new WorkerPool(
            new WorkerPool.Config(
                "ForkPoolWorker-" + POOLS.incrementAndGet(),
                processes,
                maxTasksPerChild,
                init,
                List.copyOf(jvmOptions),
                true),
            Presenters.POOL);
    pool.startAll();
  }

  /** Runs {@code fn} in a worker and blocks for its result; its exception is rethrown unchanged. */
  public <T> T apply(SerializableCallable<T> fn) {
    return applyAsync(fn).get();
  }

  /** Runs {@code fn} in a worker. */
  public <T> AsyncResult<T> applyAsync(SerializableCallable<T> fn) {
    return applyAsync(fn, null, null);
  }

  /**
   * Runs {@code fn} in a worker; on success {@code callbackOrNull} gets the value, on failure
   * {@code errorCallbackOrNull} gets the exception, on a pool thread, before the result is ready.
   */
  public <T> AsyncResult<T> applyAsync(
      SerializableCallable<T> fn,
      Consumer<? super T> callbackOrNull,
      Consumer<? super Throwable> errorCallbackOrNull) {
    Objects.requireNonNull(fn, "fn");
    CompletableFuture<T> call = start(fn, fn);
    return new AsyncResult<>(withCallbacks(call, callbackOrNull, errorCallbackOrNull));
  }

  private static <T> CompletableFuture<T> withCallbacks(
      CompletableFuture<T> call, Consumer<? super T> ok, Consumer<? super Throwable> err) {
    CompletableFuture<T> ready = new CompletableFuture<>();
    call.whenComplete(
        (v, e) -> {
          try {
            if (e == null && ok != null) {
              ok.accept(v);
            } else if (e != null && err != null) {
              err.accept(e);
            }
          } catch (RuntimeException | Error callbackFailed) {
            Thread t = Thread.currentThread();
            t.getUncaughtExceptionHandler().uncaughtException(t, callbackFailed);
          }
          if (e == null) {
            ready.complete(v);
          } else {
            ready.completeExceptionally(e);
          }
        });
    return ready;
  }

  @SuppressWarnings("unchecked")
  private <T> CompletableFuture<T> start(java.util.concurrent.Callable<?> wire, Object task) {
    if (!running) {
      throw new IllegalStateException("Pool not running");
    }
    CallCodec.Encoded bytes = CallCodec.encodeCall(wire, "task");
    CallFuture<T> f = new CallFuture<>(pool, task);
    try {
      f.bind(pool.submit(bytes, (CompletableFuture<Object>) (CompletableFuture<?>) f));
    } catch (IllegalStateException shutDown) {
      throw new IllegalStateException("Pool not running");
    }
    return f;
  }

  /** Python's default chunk size: the arguments spread over four chunks per worker. */
  private int defaultChunksize(int n) {
    int chunksize = n / (processes * 4);
    if (n % (processes * 4) != 0) {
      chunksize++;
    }
    return Math.max(1, chunksize);
  }

  private <A, R> List<CompletableFuture<List<R>>> chunks(
      SerializableFunction<? super A, ? extends R> fn, List<A> all, int chunksize) {
    if (chunksize < 1) {
      throw new IllegalArgumentException("chunksize must be at least 1, not " + chunksize);
    }
    List<CompletableFuture<List<R>>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += chunksize) {
      List<A> part = new ArrayList<>(all.subList(i, Math.min(all.size(), i + chunksize)));
      out.add(start(new Tasks.Chunk<A, R>(fn, part), fn));
    }
    return out;
  }

  private static <A> List<A> list(Iterable<? extends A> args) {
    List<A> all = new ArrayList<>();
    for (A a : args) {
      all.add(a);
    }
    return all;
  }

  /** {@code fn} over every argument, in order; blocks; the first failure is rethrown unchanged. */
  public <A, R> List<R> map(SerializableFunction<? super A, ? extends R> fn, Iterable<? extends A> args) {
    return this.<A, R>mapAsync(fn, args).get();
  }

  /** As {@link #map(SerializableFunction, Iterable)} with chunks of {@code chunksize}. */
  public <A, R> List<R> map(
      SerializableFunction<? super A, ? extends R> fn, Iterable<? extends A> args, int chunksize) {
    List<A> all = list(args);
    return new AsyncResult<List<R>>(gather(this.<A, R>chunks(fn, all, chunksize))).get();
  }

  /** {@code fn} over every argument, without blocking; the list in argument order. */
  public <A, R> AsyncResult<List<R>> mapAsync(
      SerializableFunction<? super A, ? extends R> fn, Iterable<? extends A> args) {
    Objects.requireNonNull(fn, "fn");
    List<A> all = list(args);
    return new AsyncResult<List<R>>(gather(this.<A, R>chunks(fn, all, defaultChunksize(all.size()))));
  }

  private static <R> CompletableFuture<List<R>> gather(List<CompletableFuture<List<R>>> parts) {
    CompletableFuture<List<R>> all = new CompletableFuture<>();
    CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0]))
        .whenComplete(
            (x, e) -> {
              List<R> out = new ArrayList<>();
              for (CompletableFuture<List<R>> p : parts) {
                try {
                  out.addAll(p.get());
                } catch (ExecutionException failed) {
                  all.completeExceptionally(failed.getCause());
                  return;
                } catch (InterruptedException | CancellationException failed) {
                  all.completeExceptionally(failed);
                  return;
                }
              }
              all.complete(out);
            });
    return all;
  }

  /** Python's {@code imap}: the results in argument order, each as soon as its chunk is done. */
  public <A, R> Iterator<R> imap(
      SerializableFunction<? super A, ? extends R> fn, Iterable<? extends A> args, int chunksize) {
    Objects.requireNonNull(fn, "fn");
    return new ChunkedResults<R>(this.<A, R>chunks(fn, list(args), chunksize), null);
  }

  /** Python's {@code imap_unordered}: the results chunk by chunk, in the order chunks finish. */
  public <A, R> Iterator<R> imapUnordered(
      SerializableFunction<? super A, ? extends R> fn, Iterable<? extends A> args, int chunksize) {
    Objects.requireNonNull(fn, "fn");
    List<CompletableFuture<List<R>>> parts = this.<A, R>chunks(fn, list(args), chunksize);
    LinkedBlockingQueue<CompletableFuture<List<R>>> done = new LinkedBlockingQueue<>();
    for (CompletableFuture<List<R>> p : parts) {
      p.whenComplete((v, e) -> done.add(p));
    }
    return new Iterator<>() {
      int taken;
      Iterator<R> current;

      @Override
      public boolean hasNext() {
        while (current == null || !current.hasNext()) {
          if (taken == parts.size()) {
            return false;
          }
          CompletableFuture<List<R>> p;
          try {
            p = done.take();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for a result");
          }
          taken++;
          try {
            current = p.get().iterator();
          } catch (ExecutionException e) {
            throw Sneaky.rethrow(e.getCause());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for a result");
          }
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
    };
  }

  /** No new tasks; the queued ones still run, then the workers exit. */
  @Override
  public void close() {
    running = false;
    pool.shutdown(false);
  }

  /** Stops the workers now; unfinished results fail with {@link CancellationException}. */
  public void terminate() {
    running = false;
    pool.terminate();
  }

  /** Waits for every worker to exit; only after {@link #close()} or {@link #terminate()}. */
  public void join() {
    if (running) {
      throw new IllegalStateException("join() needs close() or terminate() first");
    }
    try {
      pool.awaitTermination(Long.MAX_VALUE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while waiting for the workers to exit");
    }
  }

  /** The pids of the live workers (they change when workers are replaced). */
  public List<Long> workerPids() {
    return pool.pids();
  }

  @Override
  public String toString() {
    return "Pool[" + processes + " processes, " + (running ? "running" : "closed") + "]";
  }
}
