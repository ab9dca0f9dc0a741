package io.jasyncio;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * A single-threaded event loop, as asyncio's: it runs callbacks, timers, task steps and I/O
 * readiness, one at a time, on the thread that runs it.
 *
 * <p>One iteration: compute how long to wait from the ready queue and the nearest timer; wait for
 * I/O (or for {@link #callSoonThreadsafe}); move due timers to the ready queue; run exactly the
 * callbacks that were ready when the iteration began. Callbacks scheduled meanwhile run in the
 * next iteration. A task step is one callback.
 *
 * <p><b>Threads.</b> Every method but {@link #callSoonThreadsafe} is loop-bound: call it from the
 * thread that runs the loop (or, before the loop runs, from the thread that owns it). In debug
 * mode a call from a foreign thread throws {@link IllegalStateException}. On the continuation
 * engine the loop runs on the thread that calls {@link #runForever}; on the virtual-thread engine
 * it runs on a virtual thread of its own while the calling thread waits (hand-offs between virtual
 * threads are several times cheaper), so code should not assume which {@link Thread} object runs
 * its callbacks, only that one thread at a time does.
 *
 * <p><b>Interrupts.</b> Interrupting the thread that runs the loop (or, on the virtual-thread
 * engine, the thread waiting in {@code runForever}/{@code runUntilComplete}) stops the loop
 * after the current iteration: the run ends with an {@link IllegalStateException} whose cause is
 * an {@link InterruptedException}, and the thread's interrupt status stays set. Pending tasks
 * stay pending; the loop can run again once the status is cleared.
 *
 * {@snippet class=io.jasyncio.AsyncioSnippetsTest region=eventLoop}
 *
 * <p>Sealed: the one implementation is the loop of {@link #create()}; what it offers I/O code
 * beyond this interface is reached inside the module through {@code internal.io.IoLoop.of}.
 */
public sealed interface EventLoop extends AutoCloseable
    permits SelectorEventLoop, io.jasyncio.internal.io.IoLoop {
  /** Runs the loop until {@code f} is done; returns its result or throws its exception as is. */
  <T> T runUntilComplete(Future<T> f);

  /** Wraps {@code c} in a task and runs the loop until it is done. */
  <T> T runUntilComplete(Coroutine<T> c);

  /** Runs until {@link #stop()} is called. */
  void runForever();

  /**
   * Asks a running loop to stop once the current batch of callbacks is done. Called before the
   * loop runs, the next run does one iteration and stops.
   */
  void stop();

  /** Closes the loop: pending callbacks are dropped, the selector and default executor closed. */
  @Override
  void close();

  boolean isRunning();

  boolean isClosed();

  /** The loop's clock, in seconds. */
  double time();

  /** Runs {@code cb} in a later iteration, after the callbacks scheduled before it (FIFO). */
  Handle callSoon(Runnable cb);

  /** Runs {@code cb} after {@code delay} seconds (negative or zero: as soon as possible). */
  TimerHandle callLater(double delay, Runnable cb);

  /** Runs {@code cb} at loop time {@code when}; equal times run in the order scheduled. */
  TimerHandle callAt(double when, Runnable cb);

  /** As {@link #callSoon}, from any thread; wakes the loop if it waits for I/O. */
  Handle callSoonThreadsafe(Runnable cb);

  /** SIGHUP (1), for {@link #addSignalHandler}: the terminal hung up, or a daemon should reload. */
  int SIGHUP = SignalHandlers.SIGHUP;

  /** SIGINT (2), for {@link #addSignalHandler}: Ctrl-C. */
  int SIGINT = SignalHandlers.SIGINT;

  /**
   * SIGTERM (15), for {@link #addSignalHandler}: a request to stop, as {@code kill PID}, systemd,
   * Docker and Kubernetes send before they kill. Without a handler the JVM runs its shutdown hooks
   * and exits (status 143): a coroutine's {@code finally} blocks do not run. A program that must
   * shut down gracefully handles it as Ctrl-C: {@code loop.addSignalHandler(EventLoop.SIGTERM, ()
   * -> main.cancel())}.
   */
  int SIGTERM = SignalHandlers.SIGTERM;

  /**
   * Runs {@code callback} on this loop's thread (through {@link #callSoonThreadsafe}) each time the
   * process receives {@code signal} (asyncio's {@code add_signal_handler}): {@link #SIGINT}, {@link
   * #SIGTERM} or {@link #SIGHUP}. Replaces this loop's previous handler for the signal; a signal
   * has one handler per process, so the last loop to add one gets it. While a handler is there the
   * JVM's own reaction to the signal (run the shutdown hooks and exit) does not happen; {@link
   * #removeSignalHandler} and {@link #close()} give it back.
   *
   * <p>Call it on the loop's thread, or before the loop runs.
   *
   * {@snippet class=io.jasyncio.programs.SignalChild region=sigterm}
   *
   * @throws IllegalArgumentException for any other signal number
   * @throws IllegalStateException from a thread other than the running loop's, on a closed loop,
   *     or when the JVM does not let the signal be handled ({@code -Xrs})
   */
  void addSignalHandler(int signal, Runnable callback);

  /**
   * Removes this loop's handler for {@code signal} and gives the signal back to the handler it had
   * before (asyncio's {@code remove_signal_handler}); false if this loop had none.
   *
   * @throws IllegalArgumentException for a signal other than SIGINT, SIGTERM and SIGHUP
   * @throws IllegalStateException from a thread other than the running loop's
   */
  boolean removeSignalHandler(int signal);

  /** A new pending future bound to this loop. */
  <T> Future<T> createFuture();

  /** Schedules {@code c} as a task (its first step runs in a later iteration unless eager). */
  <T> Task<T> createTask(Coroutine<T> c);

  <T> Task<T> createTask(Coroutine<T> c, String name);

  /**
   * Runs {@code fn} on {@code executorOrNull} (null: the loop's default executor, platform daemon
   * threads named {@code jasyncio-executor-N}); the returned loop future completes on the loop
   * thread. Cancelling the returned future cancels {@code fn} if it has not started.
   */
  <T> Future<T> runInExecutor(Executor executorOrNull, Callable<T> fn);

  void setDefaultExecutor(ExecutorService e);

  void setDebug(boolean on);

  boolean getDebug();

  /** In debug mode, callbacks and task steps slower than this are logged (default 0.1 s). */
  void setSlowCallbackDuration(double seconds);

  /** Null restores the default handler (a System.Logger record with the context). */
  void setExceptionHandler(ExceptionHandler h);

  void callExceptionHandler(Map<String, Object> context);

  /**
   * Eager tasks (Python 3.12's eager task factory): {@code createTask} on a running loop runs the
   * new task at once, up to its first real suspension. A task that finishes without suspending
   * costs no loop iteration at all.
   */
  void setEagerTasks(boolean eager);

  boolean getEagerTasks();

  /** A new loop on the monotonic clock. */
  static EventLoop create() {
    return new SelectorEventLoop(Clock.monotonic());
  }

  /** A new loop on {@code clock}; {@link Clock#virtual()} jumps over idle time. */
  static EventLoop create(Clock clock) {
    return new SelectorEventLoop(clock);
  }
}
