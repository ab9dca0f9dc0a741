package io.jasyncio;

import io.jasyncio.internal.util.Sneaky;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The asyncio module: run a main coroutine, create tasks, await futures, sleep, combine futures,
 * impose timeouts.
 *
 * <p>Methods marked <em>suspends</em> may only be called from inside a coroutine (a task, or a
 * generator driven by one); anywhere else they throw {@link IllegalStateException} naming the
 * method. The others return a {@link Future} or {@link Task} and never suspend.
 *
 * {@snippet class=io.jasyncio.AsyncioSnippetsTest region=asyncio}
 */
public final class Asyncio {
  private static final ThreadLocal<EventLoop> THREAD_LOOP = new ThreadLocal<>();

  private Asyncio() {}

  // ---- running -------------------------------------------------------------------------------

  /**
   * Runs {@code main} on a new event loop and returns its result (or throws its exception
   * unchanged). Then cancels the tasks still running and waits for them, shuts down the default
   * executor and closes the loop. Cannot be called from a running loop.
   *
   * <p>Ctrl-C, as Python 3.11's {@code asyncio.run}: the first SIGINT cancels the main task, whose
   * {@code finally} blocks run, and the run then ends with {@link KeyboardInterrupt}; a second one
   * during that cleanup stops the JVM at once. This holds while no other {@code Asyncio.run} on
   * another thread and no loop's own {@link EventLoop#addSignalHandler SIGINT handler} has Ctrl-C.
   * SIGTERM keeps the JVM's behaviour (exit without the {@code finally} blocks) unless the program
   * handles it, see {@link EventLoop#SIGTERM}.
   */
  public static <T> T run(Coroutine<T> main) {
    return run(main, SelectorEventLoop.debugDefault());
  }

  /** As {@link #run(Coroutine)}, with debug mode on or off. */
  public static <T> T run(Coroutine<T> main, boolean debug) {
    Objects.requireNonNull(main, "main");
    return Runner.run(new SelectorEventLoop(Clock.monotonic()), main, debug);
  }

  /** As {@link #run(Coroutine)} on a {@link Clock#virtual() virtual clock}: never sleeps. */
  public static <T> T runVirtual(Coroutine<T> main) {
    return runVirtual(main, SelectorEventLoop.debugDefault());
  }

  /** As {@link #runVirtual(Coroutine)}, with debug mode on or off. */
  public static <T> T runVirtual(Coroutine<T> main, boolean debug) {
    Objects.requireNonNull(main, "main");
    return Runner.run(new SelectorEventLoop(Clock.virtual()), main, debug);
  }

  /** A new event loop on the monotonic clock (not set as this thread's loop). */
  public static EventLoop newEventLoop() {
    return EventLoop.create();
  }

  /** The loop running the current coroutine or callback; {@link IllegalStateException} if none. */
  public static EventLoop getRunningLoop() {
    EventLoop loop = runningLoopOrNull();
    if (loop == null) {
      throw new IllegalStateException("no running event loop");
    }
    return loop;
  }

  /**
   * The loop running the current coroutine or callback, or null when none runs on this thread
   * (asyncio's {@code _get_running_loop()}): what a blocking thread-side method checks before it
   * blocks, so that it never blocks an event loop.
   *
   * {@snippet class=io.jasyncio.AsyncioSnippetsTest region=getRunningLoopOrNull}
   */
  public static EventLoop getRunningLoopOrNull() {
    return runningLoopOrNull();
  }

  /**
   * The running loop; else this thread's loop, created and set on first use (and again once the
   * previous one was closed), as Python's {@code get_event_loop()} did on the main thread.
   */
  public static EventLoop getEventLoop() {
    EventLoop loop = runningLoopOrNull();
    if (loop != null) {
      return loop;
    }
    loop = THREAD_LOOP.get();
    if (loop == null || loop.isClosed()) {
      loop = EventLoop.create();
      THREAD_LOOP.set(loop);
    }
    return loop;
  }

  /** This thread's loop as set, or null (not created on demand). */
  static EventLoop threadLoopOrNull() {
    return THREAD_LOOP.get();
  }

  /** Sets this thread's loop for {@link #getEventLoop()}; null unsets it. */
  public static void setEventLoop(EventLoop loop) {
    if (loop == null) {
      THREAD_LOOP.remove();
    } else {
      THREAD_LOOP.set(loop);
    }
  }

  static SelectorEventLoop runningLoopOrNull() {
    Task<?> t = Task.current();
    return t != null ? t.loop : SelectorEventLoop.runningOnThisThread();
  }

  private static SelectorEventLoop runningLoop(String method) {
    SelectorEventLoop loop = runningLoopOrNull();
    if (loop == null) {
      throw new IllegalStateException(
          method + "() needs a running event loop: call it from a coroutine or a callback");
    }
    return loop;
  }

  // ---- awaiting (suspending) -----------------------------------------------------------------

  /**
   * Suspends until {@code f} is done; returns its result or throws its exception as it is.
   * Awaiting a future that is already done does not suspend.
   */
  public static <T> T await(Future<T> f) {
    Objects.requireNonNull(f, "future");
    return Task.require("await").await(f);
  }

  /**
   * Suspends until a foreign future completes; its result is delivered on the loop thread.
   * Cancelling the awaiting task cancels {@code f} when it is a {@link java.util.concurrent.Future}.
   */
  public static <T> T await(CompletionStage<T> f) {
    Objects.requireNonNull(f, "future");
    Task<?> task = Task.require("await");
    if (f instanceof CompletableFuture<T> cf && isDone(cf)) {
      try {
        return cf.join();
      } catch (CompletionException e) {
        throw Sneaky.rethrow(e.getCause() != null ? e.getCause() : e);
      } catch (CancellationException e) {
        throw cancelledBy(e);
      }
    }
    return task.await(bridge(task.loop, f));
  }

  /** Whether {@code cf} is done; false for a minimal stage, which cannot say. */
  private static boolean isDone(CompletableFuture<?> cf) {
    try {
      return cf.isDone();
    } catch (UnsupportedOperationException minimalStage) {
      return false;
    }
  }

  private static CancelledError cancelledBy(CancellationException e) {
    CancelledError ce = new CancelledError(e.getMessage());
    ce.initCause(e);
    return ce;
  }

  /** A loop future that completes (on the loop thread) like {@code stage}. */
  static <T> Future<T> bridge(SelectorEventLoop loop, CompletionStage<T> stage) {
    ForeignFuture<T> f = new ForeignFuture<>(loop, true);
    stage.whenComplete(f::report);
    if (stage instanceof java.util.concurrent.Future<?> foreign) {
      f.follow(foreign);
    }
    return f;
  }

  /** Suspends for {@code seconds}; {@code sleep(0)} gives other callbacks exactly one turn. */
  public static void sleep(double seconds) {
    sleep(seconds, null);
  }

  /** Suspends for {@code d}. */
  public static void sleep(Duration d) {
    Objects.requireNonNull(d, "duration");
    sleep(d.getSeconds() + d.getNano() / 1e9, null);
  }

  /** Suspends for {@code seconds}, then returns {@code result}. */
  public static <T> T sleep(double seconds, T result) {
    Task<?> task = Task.require("sleep");
    if (Double.isNaN(seconds)) {
      throw new IllegalArgumentException("sleep() needs a number of seconds, not NaN");
    }
    if (seconds <= 0) {
      task.yieldOnce();
      return result;
    }
    Sleeper sleeper = new Sleeper(task.loop);
    TimerHandle timer = task.loop.callLater(seconds, sleeper);
    try {
      task.await(sleeper);
    } finally {
      timer.cancel();
    }
    return result;
  }

  /** The future a sleeping task waits on; it is its own timer callback. */
  private static final class Sleeper extends Future<Object> implements Runnable {
    Sleeper(SelectorEventLoop loop) {
      super(loop);
    }

    @Override
    public void run() {
      if (!done()) {
        completeResult(null);
      }
    }
  }

  /**
   * Suspends until {@code f} is done or {@code timeout} seconds pass; on timeout cancels {@code
   * f}, waits until it has finished, and throws {@link TimeoutError}.
   */
  public static <T> T waitFor(Future<T> f, double timeout) {
    return WaitFor.waitFor(f, timeout);
  }

  /** As {@link #waitFor(Future, double)} for a coroutine, wrapped in a task. */
  public static <T> T waitFor(Coroutine<T> c, double timeout) {
    return WaitFor.waitFor(c, timeout);
  }

  /** Suspends: runs {@code body} and cancels it after {@code seconds} (see {@link Timeout}). */
  public static <T> T timeout(double seconds, Coroutine<T> body) {
    return Timeout.timeout(seconds, body);
  }

  /** Suspends: as asyncio.timeout(delay); the body gets the {@link Timeout} handle. */
  public static <T> T timeout(Double delayOrNull, Timeout.Body<T> body) {
    return Timeout.timeout(delayOrNull, body);
  }

  /** Suspends: as asyncio.timeout_at(when), a deadline in {@link EventLoop#time()} seconds. */
  public static <T> T timeoutAt(Double whenOrNull, Timeout.Body<T> body) {
    return Timeout.timeoutAt(whenOrNull, body);
  }

  /** Suspends until {@code when}, or the timeout; never cancels the futures. */
  public static <T> WaitResult<T> wait(
      Collection<? extends Future<T>> fs, Double timeoutOrNull, ReturnWhen when) {
    return Waiting.wait(fs, timeoutOrNull, when);
  }

  /** Suspends until all of {@code fs} are done. */
  public static <T> WaitResult<T> wait(Collection<? extends Future<T>> fs) {
    return Waiting.wait(fs, null, ReturnWhen.ALL_COMPLETED);
  }

  /** Suspends: runs {@code body} with a {@link TaskGroup}, waiting for all its tasks. */
  public static <R> R taskGroup(TaskGroup.Body<R> body) {
    return new TaskGroup().run(body);
  }

  // ---- futures and tasks (never suspend) -----------------------------------------------------

  /** Schedules {@code c} as a task on the running loop. */
  public static <T> Task<T> createTask(Coroutine<T> c) {
    Objects.requireNonNull(c, "coroutine");
    return runningLoop("createTask").createTask(c);
  }

  /** Schedules {@code c} as a task named {@code name} (null: {@code Task-N}) on the running loop. */
  public static <T> Task<T> createTask(Coroutine<T> c, String name) {
    Objects.requireNonNull(c, "coroutine");
    return runningLoop("createTask").createTask(c, name);
  }

  /** {@code f} itself. */
  public static <T> Future<T> ensureFuture(Future<T> f) {
    return Objects.requireNonNull(f, "future");
  }

  /** {@code c} as a task of {@link #getEventLoop()} (the running loop, or this thread's). */
  public static <T> Task<T> ensureFuture(Coroutine<T> c) {
    Objects.requireNonNull(c, "coroutine");
    return getEventLoop().createTask(c);
  }

  /** A future of the results in argument order (see {@link #gather(List, boolean)}). */
  public static <T> Future<List<T>> gather(List<? extends Future<? extends T>> fs) {
    return Gathering.gather(fs, false);
  }

  /**
   * A future of the results of {@code fs} in argument order. Without {@code returnExceptions}
   * the first exception fails it (the others keep running); with it, exceptions (and {@link
   * CancelledError}s) take their place in the list. Cancelling it cancels every child.
   */
  public static <T> Future<List<T>> gather(
      List<? extends Future<? extends T>> fs, boolean returnExceptions) {
    return Gathering.gather(fs, returnExceptions);
  }

  public static Future<List<Object>> gather(Future<?>... fs) {
    return Gathering.gather(List.of(fs), false);
  }

  /** Wraps each coroutine in a task (one task per distinct coroutine) and gathers them. */
  public static <T> Future<List<T>> gatherCoroutines(List<? extends Coroutine<? extends T>> cs) {
    return Gathering.gatherCoroutines(cs);
  }

  /**
   * One future per input, in completion order: the i-th returned completes like the i-th input to
   * finish; at the deadline the rest fail with {@link TimeoutError}. Inputs are never cancelled.
   */
  public static <T> Iterable<Future<T>> asCompleted(
      Collection<? extends Future<T>> fs, Double timeoutOrNull) {
    return AsCompleted.asCompleted(fs, timeoutOrNull);
  }

  /** A future that follows {@code f} but whose cancellation does not reach {@code f}. */
  public static <T> Future<T> shield(Future<T> f) {
    return Shielding.shield(f);
  }

  /**
   * A future of {@link #getEventLoop()} that completes like {@code f}, on the loop thread
   * (asyncio.wrap_future). Cancelling it cancels {@code f}; {@code f} cancelled cancels it. A
   * {@link CompletableFuture} is followed through its callbacks; any other future is waited for by
   * a virtual thread of its own.
   */
  public static <T> Future<T> wrapFuture(java.util.concurrent.Future<T> f) {
    Objects.requireNonNull(f, "future");
    SelectorEventLoop loop = (SelectorEventLoop) getEventLoop();
    if (f instanceof CompletableFuture<T> cf) {
      return bridge(loop, cf);
    }
    ForeignFuture<T> out = new ForeignFuture<>(loop, true);
    out.follow(f);
    WAITERS.execute(() -> out.reportFrom(f));
    return out;
  }

  /** Starts each job on a virtual thread of its own: waiting on a foreign future is cheap there. */
  private static final java.util.concurrent.Executor WAITERS =
      r -> Thread.ofVirtual().name("jasyncio-wrap-future").start(r);

  /** Runs {@code fn} in the default executor (asyncio.to_thread). */
  public static <T> Future<T> toThread(Callable<T> fn) {
    Objects.requireNonNull(fn, "function");
    return runningLoop("toThread").runInExecutor(null, fn);
  }

  /** The task running now, or null outside a task. */
  public static Task<?> currentTask() {
    return Task.current();
  }

  /** The unfinished tasks of the running loop. */
  public static Set<Task<?>> allTasks() {
    return runningLoop("allTasks").liveTasks();
  }

  // ---- structured concurrency: more entry points -----------------------------------------------

  /**
   * Suspends: as {@link #waitFor(Future, double)}; a null timeout waits without a deadline (a
   * plain {@link #await(Future)}).
   */
  public static <T> T waitFor(Future<T> f, Double timeoutOrNull) {
    return WaitFor.waitFor(f, timeoutOrNull == null ? Double.POSITIVE_INFINITY : timeoutOrNull);
  }

  /** Suspends: as {@link #waitFor(Coroutine, double)}; a null timeout waits without a deadline. */
  public static <T> T waitFor(Coroutine<T> c, Double timeoutOrNull) {
    return WaitFor.waitFor(c, timeoutOrNull == null ? Double.POSITIVE_INFINITY : timeoutOrNull);
  }

  /**
   * Submits {@code c} to {@code loop} from any thread (asyncio.run_coroutine_threadsafe): a task
   * is created on the loop's thread, and the returned {@link CompletableFuture} completes like it
   * (with its exception, or cancelled with a {@link CancellationException} when the task ends
   * cancelled). Cancelling the returned future cancels the task on the loop. Throws {@link
   * IllegalStateException} if the loop is closed.
   *
   * {@snippet class=io.jasyncio.AsyncioSnippetsTest region=runCoroutineThreadsafe}
   */
  public static <T> CompletableFuture<T> runCoroutineThreadsafe(Coroutine<T> c, EventLoop loop) {
    Objects.requireNonNull(c, "coroutine");
    Objects.requireNonNull(loop, "loop");
    if (!(loop instanceof SelectorEventLoop l)) {
      throw new IllegalArgumentException("loop must be created by EventLoop.create(), not " + loop);
    }
    ThreadsafeResult<T> out = new ThreadsafeResult<>(l);
    l.callSoonThreadsafe(() -> out.start(c));
    return out;
  }

  /** The thread-side view of a task submitted by {@link #runCoroutineThreadsafe}. */
  private static final class ThreadsafeResult<T> extends CompletableFuture<T> {
    private final SelectorEventLoop loop;
    /** Written and read on the loop thread only. */
    private Task<T> task;

    ThreadsafeResult(SelectorEventLoop loop) {
      this.loop = loop;
    }

    /** On the loop thread: creates the task, unless this future was cancelled first. */
    void start(Coroutine<T> c) {
      if (isDone()) {
        return;
      }
      try {
        task = loop.createTask(c);
      } catch (RuntimeException | Error e) {
        completeExceptionally(e);
        throw e;
      }
      task.addDoneCallback(this::copy);
    }

    private void copy(Future<T> t) {
      t.copyTo(this);
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
      checkMayBlock("get()");
      return super.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit)
        throws InterruptedException, ExecutionException, TimeoutException {
      checkMayBlock("get(timeout)");
      return super.get(timeout, unit);
    }

    @Override
    public T join() {
      checkMayBlock("join()");
      return super.join();
    }

    /** Waiting on a loop thread would block that loop, and its own task forever. */
    private void checkMayBlock(String method) {
      if (!isDone() && runningLoopOrNull() != null) {
        throw new IllegalStateException(
            method
                + " on the result of runCoroutineThreadsafe() would block the event loop running on"
                + " this thread"
                + (runningLoopOrNull() == loop ? ", which must run the task itself" : "")
                + ": in a coroutine, await a loop future instead (Asyncio.wrapFuture)");
      }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      if (cancelled) {
        // A closed loop's tasks were already cancelled or finished.
        loop.trySoonThreadsafe(
            () -> {
              if (task != null) {
                task.cancel();
              }
            });
      }
      return cancelled;
    }
  }
}
