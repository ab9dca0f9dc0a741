package io.jasyncio;

import io.jasyncio.internal.util.Sneaky;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A result that will be available later, bound to one event loop: asyncio's {@code Future}.
 *
 * <p>States: <em>pending</em>, then exactly once either <em>finished</em> (with a result or an
 * exception) or <em>cancelled</em>. Done callbacks never run inline: completing a future schedules
 * each callback with {@link EventLoop#callSoon}, in registration order.
 *
 * <p><b>Not thread-safe</b>, unlike {@link java.util.concurrent.Future}: use it on its loop's
 * thread only. From another thread, complete it through {@link EventLoop#callSoonThreadsafe}, or
 * observe it with {@link #toCompletableFuture()}.
 *
 * {@snippet class=io.jasyncio.AsyncioSnippetsTest region=future}
 *
 * @param <T> the result type
 */
public class Future<T> {
  static final int PENDING = 0;
  static final int FINISHED = 1;
  static final int CANCELLED = 2;

  final SelectorEventLoop loop;
  int state;
  private T result;
  private Throwable exception;
  /** The message given to cancel(msg); null for none. */
  String cancelMessage;
  /** The CancelledError that ended a task, kept so that awaiters see where it came from. */
  CancelledError cancelledError;
  /** null, one callback, or an ArrayList of them. A Task here is a waiting task's wake-up. */
  private Object callbacks;
  /** Set once failed: reports the exception if nobody retrieved it when this future is collected. */
  private UnretrievedReporter reporter;

  /** A pending future bound to {@code loop} (the same as {@code loop.createFuture()}). */
  public Future(EventLoop loop) {
    Objects.requireNonNull(loop, "loop");
    if (!(loop instanceof SelectorEventLoop l)) {
      throw new IllegalArgumentException("loop must be created by EventLoop.create(), not " + loop);
    }
    this.loop = l;
  }

  Future(SelectorEventLoop loop) {
    this.loop = loop;
  }

  /**
   * The result; throws the future's exception as it is (checked ones too), {@link
   * CancelledError} if cancelled, or {@link InvalidStateError} while pending.
   */
  public T result() {
    switch (state) {
      case FINISHED -> {
        if (exception != null) {
          markRetrieved();
          throw Sneaky.rethrow(exception);
        }
        return result;
      }
      case CANCELLED -> throw makeCancelledError();
      default -> throw new InvalidStateError("Result is not set.");
    }
  }

  /**
   * The exception, or null if the future has a result; throws {@link CancelledError} if
   * cancelled, {@link InvalidStateError} while pending.
   */
  public Throwable exception() {
    switch (state) {
      case FINISHED -> {
        markRetrieved();
        return exception;
      }
      case CANCELLED -> throw makeCancelledError();
      default -> throw new InvalidStateError("Exception is not set.");
    }
  }

  /** Completes the future with {@code v}; {@link InvalidStateError} if it is already done. */
  public void setResult(T v) {
    loop.checkThread("setResult");
    checkPending("setResult");
    completeResult(v);
  }

  /**
   * Completes the future with {@code t}; {@link InvalidStateError} if it is already done. A
   * {@code StopIteration} cannot be set (it would end a generator instead of failing it).
   */
  public void setException(Throwable t) {
    Objects.requireNonNull(t, "exception");
    loop.checkThread("setException");
    checkPending("setException");
    if (t instanceof io.jasyncio.generators.StopIteration) {
      throw new IllegalArgumentException(
          "StopIteration interacts badly with generators and cannot be raised into a Future");
    }
    completeException(t);
  }

  /** Cancels a pending future and schedules its callbacks; false if it was already done. */
  public boolean cancel() {
    return cancel(null);
  }

  /** As {@link #cancel()}, with a message that the {@link CancelledError} carries. */
  public boolean cancel(String msg) {
    loop.checkThread("cancel");
    return cancelFuture(msg);
  }

  public boolean cancelled() {
    return state == CANCELLED;
  }

  public boolean done() {
    return state != PENDING;
  }

  /**
   * Calls {@code cb} with this future once it is done, through {@link EventLoop#callSoon} (never
   * inline, also when the future is already done). Callbacks run in registration order.
   */
  public void addDoneCallback(Consumer<? super Future<T>> cb) {
    Objects.requireNonNull(cb, "callback");
    if (state != PENDING) {
      loop.enqueue(new DoneCallback<>(cb, this));
    } else {
      addCallbackObject(cb);
    }
  }

  /** Removes every registration of {@code cb}; returns how many were removed. */
  public int removeDoneCallback(Consumer<? super Future<T>> cb) {
    Objects.requireNonNull(cb, "callback");
    Object cbs = callbacks;
    if (cbs == null) {
      return 0;
    }
    if (!(cbs instanceof CallbackList list)) {
      if (cbs.equals(cb)) {
        callbacks = null;
        return 1;
      }
      return 0;
    }
    int before = list.size();
    list.removeIf(o -> o.equals(cb));
    return before - list.size();
  }

  /** The loop this future is bound to. */
  public EventLoop getLoop() {
    return loop;
  }

  /**
   * A {@link CompletableFuture} that completes like this future and may be read from any thread;
   * a cancelled future completes it with a {@link CancellationException} whose cause is the
   * {@link CancelledError}. Cancelling it cancels this future (on the loop thread) if it is still
   * pending.
   *
   * <p>May be called from any thread: from a thread other than the running loop's, the link is
   * made by a callback sent with {@link EventLoop#callSoonThreadsafe}.
   */
  public CompletableFuture<T> toCompletableFuture() {
    CompletableFuture<T> cf =
        new CompletableFuture<>() {
          @Override
          public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled && !loop.isClosed()) {
              if (loop.onLoopThread()) {
                Future.this.cancel();
              } else {
                // A loop closed since the check has nothing left to cancel.
                loop.trySoonThreadsafe(() -> Future.this.cancel());
              }
            }
            return cancelled;
          }
        };
    if (loop.onLoopThread()) {
      linkTo(cf);
    } else {
      if (!loop.trySoonThreadsafe(() -> linkTo(cf))) {
        // A closed loop changes nothing any more: read the final state here.
        linkTo(cf);
      }
    }
    return cf;
  }

  private void linkTo(CompletableFuture<T> cf) {
    if (state != PENDING) {
      copyTo(cf);
    } else {
      // Until this future is done, another thread may cancel it through cf: a loop waiting for
      // nothing else is waiting for that thread, not deadlocked.
      loop.wakerAdded();
      addCallbackObject(
          (Consumer<Future<T>>)
              f -> {
                f.loop.wakerRemoved();
                f.copyTo(cf);
              });
    }
  }

  /**
   * Copies this done future's outcome onto the pending {@code dest} (asyncio's {@code
   * _copy_future_state}): a cancellation with its message, an exception (which counts as retrieved
   * here), or the result. Loop thread.
   */
  void copyStateTo(Future<T> dest) {
    if (state == CANCELLED) {
      dest.cancelFuture(cancelMessage);
    } else if (exception != null) {
      markRetrieved();
      dest.completeException(exception);
    } else {
      dest.completeResult(result);
    }
  }

  /**
   * Copies this done future's outcome onto {@code cf} (a cancellation as a {@link
   * CancellationException} caused by the {@link CancelledError}); the exception counts as
   * retrieved. Any thread once done.
   */
  void copyTo(CompletableFuture<T> cf) {
    switch (state) {
      case FINISHED -> {
        if (exception != null) {
          markRetrieved();
          cf.completeExceptionally(exception);
        } else {
          cf.complete(result);
        }
      }
      case CANCELLED -> {
        CancellationException ce = new CancellationException(cancelMessage);
        ce.initCause(makeCancelledError());
        cf.completeExceptionally(ce);
      }
      default -> throw new AssertionError();
    }
  }

  /** For example {@code Future@1b6d3586[pending]} or {@code Future@4554617c[finished result=42]}. */
  @Override
  public String toString() {
    return getClass().getSimpleName()
        + "@"
        + Integer.toHexString(System.identityHashCode(this))
        + "["
        + stateText()
        + "]";
  }

  String stateText() {
    return switch (state) {
      case PENDING -> "pending";
      case CANCELLED -> "cancelled";
      default ->
          exception != null ? "finished exception=" + exception : "finished result=" + result;
    };
  }

  // ---- internal protocol (tasks, combinators, the loop) -------------------------------------

  final void checkPending(String method) {
    if (state != PENDING) {
      throw new InvalidStateError(method + "(): invalid state: " + this);
    }
  }

  /** Completes with a result (no state check beyond an assertion). */
  final void completeResult(T v) {
    result = v;
    state = FINISHED;
    scheduleCallbacks();
  }

  final void completeException(Throwable t) {
    exception = t;
    state = FINISHED;
    // Always, as CPython does; only failed futures pay for it, never the path of a result.
    reporter = new UnretrievedReporter(t, this instanceof Task ? "Task" : "Future", toString());
    UnretrievedReporter.CLEANER.register(this, reporter);
    scheduleCallbacks();
  }

  final boolean cancelFuture(String msg) {
    if (state != PENDING) {
      return false;
    }
    state = CANCELLED;
    cancelMessage = msg;
    scheduleCallbacks();
    return true;
  }

  /** The exception of a finished future, without marking it retrieved; null otherwise. */
  final Throwable exceptionOrNull() {
    return state == FINISHED ? exception : null;
  }

  final void markRetrieved() {
    UnretrievedReporter r = reporter;
    if (r != null) {
      r.retrieved = true;
    }
  }

  CancelledError makeCancelledError() {
    if (cancelledError != null) {
      return cancelledError;
    }
    return new CancelledError(cancelMessage);
  }

  /** Registers a waiting task: when done, its step is scheduled. */
  final void addWaiter(Task<?> task) {
    addCallbackObject(task);
  }

  private void addCallbackObject(Object cb) {
    Object cbs = callbacks;
    if (cbs == null) {
      callbacks = cb;
    } else if (cbs instanceof CallbackList list) {
      list.add(cb);
    } else {
      CallbackList list = new CallbackList();
      list.add(cbs);
      list.add(cb);
      callbacks = list;
    }
  }

  @SuppressWarnings("unchecked")
  private void scheduleCallbacks() {
    Object cbs = callbacks;
    if (cbs == null) {
      return;
    }
    callbacks = null;
    if (cbs instanceof CallbackList list) {
      for (Object cb : list) {
        schedule(cb);
      }
    } else {
      schedule(cbs);
    }
  }

  @SuppressWarnings("unchecked")
  private void schedule(Object cb) {
    if (cb instanceof Task<?> waiter) {
      loop.enqueue(waiter.stepper);
    } else {
      loop.enqueue(new DoneCallback<>((Consumer<? super Future<T>>) cb, this));
    }
  }

  /** A distinct type, so that a user's ArrayList-typed callback is never mistaken for the list. */
  private static final class CallbackList extends ArrayList<Object> {
    private static final long serialVersionUID = 1L;

    CallbackList() {
      super(4);
    }
  }

  /** A done callback bound to its future, ready to run on the loop. */
  private record DoneCallback<T>(Consumer<? super Future<T>> cb, Future<T> future)
      implements Runnable {
    @Override
    public void run() {
      cb.accept(future);
    }

    @Override
    public String toString() {
      return "done callback " + cb + " of " + future;
    }
  }

  /**
   * Logs, when its future is collected, an exception that nobody retrieved ("Task exception was
   * never retrieved", with the task's name and the exception), as CPython's {@code __del__} does.
   */
  private static final class UnretrievedReporter implements Runnable {
    /** Created on first use: the first failed future starts its thread. */
    static final Cleaner CLEANER = Cleaner.create();

    private final Throwable exception;
    private final String kind;
    private final String future;
    volatile boolean retrieved;

    UnretrievedReporter(Throwable exception, String kind, String future) {
      this.exception = exception;
      this.kind = kind;
      this.future = future;
    }

    @Override
    public void run() {
      if (!retrieved) {
        System.getLogger("io.jasyncio")
            .log(
                System.Logger.Level.ERROR,
                kind + " exception was never retrieved: " + future,
                exception);
      }
    }
  }
}
