package io.jasyncio;

import io.jasyncio.internal.engine.Engine;
import io.jasyncio.internal.engine.Engines;
import io.jasyncio.internal.engine.Fiber;
import io.jasyncio.internal.util.Sneaky;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A coroutine scheduled on an event loop: asyncio's {@code Task}. The task is a {@link Future}
 * that completes with the coroutine's result or exception.
 *
 * <p>Its first step runs in a later loop iteration (at once with eager tasks, see {@link
 * EventLoop#setEagerTasks}). Each step runs the coroutine to its next suspension point; the loop
 * holds a strong reference to every unfinished task, so a task nobody refers to still runs to the
 * end.
 *
 * <p>{@link #cancel(String)} delivers a {@link CancelledError} at the coroutine's current
 * suspension point (or before its first step); see {@code docs/cancellation.md}.
 *
 * <p>Loop-bound, not thread-safe.
 *
 * {@snippet class=io.jasyncio.AsyncioSnippetsTest region=task}
 *
 * @param <T> the coroutine's result
 */
public final class Task<T> extends Future<T> {
  private static final AtomicLong COUNTER = new AtomicLong();
  private static final Engine ENGINE = Engines.get();

  // Invariant (as asyncio's Task._fut_waiter): either waiter is null and a step is scheduled or
  // running, or waiter is the pending future this task waits on and no step is scheduled.
  private Future<?> waiter;
  private Coroutine<T> coroutine;
  private Fiber fiber;
  private final long id;
  private String name;
  /** A cancellation to deliver at the next step (asyncio's _must_cancel). */
  private boolean mustCancel;
  private int cancelRequests;
  /** The exception to raise at the suspension point when the coroutine resumes. */
  private Throwable pendingThrow;
  /** Set just before the fiber first runs: the next run of {@link #stepper} is the body. */
  private boolean entering;
  private boolean bodyFinished;
  private boolean bodyFailed;
  /** What the body returned, or (bodyFailed) what it threw; read once by the step. */
  private Object bodyOutcome;

  /**
   * The task's step, scheduled on the loop, and also the body of its fiber; allocated once (a
   * parked task is small: see docs/PERFORMANCE.md).
   */
  final Runnable stepper = new Step();

  /** The loop's list of unfinished tasks (intrusive, so registering costs no allocation). */
  Task<?> prevLive;

  Task<?> nextLive;

  Task(SelectorEventLoop loop, Coroutine<T> coroutine, String name) {
    super(loop);
    this.coroutine = Objects.requireNonNull(coroutine, "coroutine");
    this.id = COUNTER.incrementAndGet();
    this.name = name;
    if (loop.debugEnabled()) {
      loop.recordCreation(this, new Throwable("task created here"));
    }
  }

  /** The task's name: the one given, else {@code Task-N}. */
  public String getName() {
    String n = name;
    if (n == null) {
      n = "Task-" + id;
      name = n;
    }
    return n;
  }

  public void setName(String n) {
    this.name = Objects.requireNonNull(n, "name");
  }

  /**
   * Asks the task to cancel itself: a {@link CancelledError} carrying {@code msg} is raised at
   * its suspension point in a later iteration. Returns false if the task is already done. Each
   * call while the task is not done counts (see {@link #cancelling()}).
   */
  @Override
  public boolean cancel(String msg) {
    loop.checkThread("cancel");
    if (done()) {
      return false;
    }
    cancelRequests++;
    Future<?> w = waiter;
    if (w != null && w.cancel(msg)) {
      // Keep waiter: it may be a task that catches the cancellation, to be cancelled again.
      return true;
    }
    mustCancel = true;
    cancelMessage = msg;
    return true;
  }

  /** How many cancellation requests are pending (asyncio 3.11's {@code cancelling()}). */
  public int cancelling() {
    return cancelRequests;
  }

  /** Takes back one cancellation request; returns how many remain. */
  public int uncancel() {
    if (cancelRequests > 0) {
      cancelRequests--;
      if (cancelRequests == 0) {
        mustCancel = false;
      }
    }
    return cancelRequests;
  }

  /** A task completes only by its coroutine: always {@link IllegalStateException}. */
  @Override
  public void setResult(T v) {
    throw new IllegalStateException("Task does not support setResult()");
  }

  /** A task completes only by its coroutine: always {@link IllegalStateException}. */
  @Override
  public void setException(Throwable t) {
    throw new IllegalStateException("Task does not support setException()");
  }

  /**
   * Where the suspended coroutine waits now, innermost frame first, without the engine's frames;
   * empty when the task is done, running, or not started.
   */
  public List<StackTraceElement> getStack() {
    Fiber f = fiber;
    if (f == null || done()) {
      return List.of();
    }
    List<StackTraceElement> out = new ArrayList<>();
    for (StackTraceElement e : f.stackTrace()) {
      if (!isMachinery(e.getClassName())) {
        out.add(e);
      }
    }
    return List.copyOf(out);
  }

  /** Frames of the engines and of the JDK's thread and continuation plumbing. */
  private static boolean isMachinery(String c) {
    return c.startsWith("io.jasyncio.internal.engine.")
        || c.startsWith("jdk.internal.")
        || c.startsWith("java.lang.invoke.")
        || c.startsWith("java.lang.VirtualThread")
        || c.startsWith("java.lang.System$")
        || c.startsWith("java.lang.Thread")
        || c.startsWith("java.util.concurrent.locks.LockSupport");
  }

  /** The coroutine, until the task is done; null after. */
  Coroutine<T> coroutineOrNull() {
    return coroutine;
  }

  /** Where the task was created, in debug mode; null otherwise. */
  Throwable createdAt() {
    return loop.creationSite(this);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Task[name=").append(getName()).append(", ");
    sb.append(stateText());
    if (!done()) {
      if (mustCancel || cancelRequests > 0) {
        sb.append(", cancelling");
      }
      Future<?> w = waiter;
      if (w != null) {
        // A waited-on task is shown by name only: two tasks may wait on each other.
        sb.append(", waiting on ")
            .append(w instanceof Task<?> wt ? "Task[name=" + wt.getName() + "]" : w.toString());
      }
    }
    return sb.append(']').toString();
  }

  // ---- running -------------------------------------------------------------------------------

  /**
   * The runnable the loop queues for this task's next step; names the task in diagnostics. The
   * same object is the body of the task's fiber: the first time the fiber runs it (flagged by
   * {@code entering}), it runs the coroutine instead of a step. One object serves both roles so
   * that a parked task costs one allocation less.
   */
  final class Step implements Runnable {
    @Override
    public void run() {
      if (entering) {
        entering = false;
        runBody();
      } else {
        step();
      }
    }

    Task<T> task() {
      return Task.this;
    }

    @Override
    public String toString() {
      return "step of " + Task.this;
    }
  }

  /** One step: resume the coroutine up to its next suspension, or finish the task. */
  private void step() {
    if (done()) {
      return;
    }
    if (mustCancel) {
      mustCancel = false;
      pendingThrow = new CancelledError(cancelMessage);
    }
    waiter = null;
    // The running task is found through the engine's fiber chain (Task.current()), so a step
    // keeps no "current task" bookkeeping of its own.
    if (fiber == null) {
      if (pendingThrow != null) {
        // Cancelled before its first step: the body never runs.
        Throwable t = pendingThrow;
        pendingThrow = null;
        finish(null, t);
        return;
      }
      fiber = ENGINE.create(Fiber.Kind.TASK, this, stepper);
      entering = true;
    }
    fiber.resume();
    if (bodyFinished) {
      Object outcome = bodyOutcome;
      bodyOutcome = null;
      fiber = null;
      if (bodyFailed) {
        finish(null, (Throwable) outcome);
      } else {
        @SuppressWarnings("unchecked")
        T r = (T) outcome;
        finish(r, null);
      }
    }
  }

  private void runBody() {
    try {
      bodyOutcome = coroutine.run();
    } catch (Throwable t) {
      bodyOutcome = t;
      bodyFailed = true;
    } finally {
      coroutine = null;
      bodyFinished = true;
    }
  }

  private void finish(T r, Throwable t) {
    loop.unregisterTask(this);
    coroutine = null;
    if (t == null) {
      if (mustCancel) {
        // Cancelled right before the coroutine returned: the result is dropped.
        mustCancel = false;
        cancelFuture(cancelMessage);
      } else {
        completeResult(r);
      }
    } else if (t instanceof CancelledError ce) {
      cancelledError = ce;
      cancelFuture(ce.getMessage());
    } else {
      completeException(t);
      if (SelectorEventLoop.isFatal(t)) {
        throw Sneaky.rethrow(t);
      }
    }
  }

  /** Schedules the first step, or (eager) runs it now. */
  void start(boolean eager) {
    loop.registerTask(this);
    if (eager) {
      step();
    } else {
      loop.enqueue(stepper);
    }
  }

  // ---- suspension, called from inside the coroutine (or a generator it drives) --------------

  /** The task whose coroutine runs on this thread, walking out of generators; null if none. */
  static Task<?> current() {
    for (Fiber f = ENGINE.current(); f != null; f = f.parent()) {
      if (f.kind() == Fiber.Kind.TASK) {
        return (Task<?>) f.owner();
      }
    }
    return null;
  }

  /** The current task, or {@link IllegalStateException} naming {@code method}. */
  static Task<?> require(String method) {
    Task<?> t = current();
    return t != null ? t : io.jasyncio.internal.util.Coroutines.require(method); // throws
  }

  /** Suspends until {@code f} is done, then returns its result or throws its exception. */
  <R> R await(Future<R> f) {
    if (f.state == PENDING) {
      if (f == this) {
        throw new IllegalStateException("Task cannot await on itself: " + this);
      }
      if (f.loop != loop) {
        throw new IllegalStateException(
            "Task " + getName() + " got " + f + " attached to a different loop");
      }
      waitOn(f);
    }
    return f.result();
  }

  /** Suspends until {@code f} is done (no result is read). */
  void waitOn(Future<?> f) {
    waiter = f;
    f.addWaiter(this);
    if (mustCancel && f.cancel(cancelMessage)) {
      mustCancel = false;
    }
    suspend();
  }

  /** Gives the other ready callbacks one turn: {@code sleep(0)}. */
  void yieldOnce() {
    loop.enqueue(stepper);
    suspend();
  }

  private void suspend() {
    ENGINE.suspend(fiber);
    Throwable t = pendingThrow;
    if (t != null) {
      pendingThrow = null;
      throw Sneaky.rethrow(t);
    }
  }
}
