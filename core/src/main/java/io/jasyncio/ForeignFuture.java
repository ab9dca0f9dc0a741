package io.jasyncio;

/**
 * A loop future that mirrors work done elsewhere (an executor job, a CompletableFuture, any {@link
 * java.util.concurrent.Future}): cancelling it cancels that work at once, not a loop iteration
 * later, so a job that has not started yet never starts. The foreign side reports back through
 * {@link EventLoop#callSoonThreadsafe}. Until it has (or until cancelled), a virtual clock does not
 * jump: the loop counts the future as work in flight.
 */
final class ForeignFuture<T> extends Future<T> {
  /** What to cancel with this future; may be null (a stage that cannot be cancelled). */
  private java.util.concurrent.Future<?> foreign;

  private final boolean mayInterrupt;

  /** Whether the loop counts this future as work in flight (see externalStarted). */
  private boolean inFlight;

  /** A pending future that the loop counts as work in flight until {@link #settled()}. */
  ForeignFuture(SelectorEventLoop loop, boolean mayInterrupt) {
    super(loop);
    this.mayInterrupt = mayInterrupt;
    loop.externalStarted();
    inFlight = true;
  }

  /**
   * The foreign side reported back, or nobody waits for it any more (cancelled): a virtual clock
   * need not wait for it. Idempotent; on the loop thread.
   */
  void settled() {
    if (inFlight) {
      inFlight = false;
      loop.externalDone();
    }
  }

  /**
   * From any thread: the foreign side finished with {@code value}, or with {@code failure} (a
   * {@link java.util.concurrent.CompletionException} or {@link
   * java.util.concurrent.ExecutionException} stands for its cause; a {@link
   * java.util.concurrent.CancellationException} cancels this future with its message). The outcome
   * is copied onto this future on the loop thread, unless this future is done by then; a loop
   * closed meanwhile drops it, as nobody can observe its futures any more.
   */
  void report(T value, Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof java.util.concurrent.CompletionException
            || cause instanceof java.util.concurrent.ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    Throwable t = cause;
    loop.trySoonThreadsafe(() -> settle(value, t));
  }

  /**
   * From any thread but the loop's: waits until {@code foreign} is done (at once when it is), then
   * {@link #report}s its outcome; an interrupted wait reports the interruption.
   */
  void reportFrom(java.util.concurrent.Future<T> foreign) {
    T value = null;
    Throwable failure = null;
    try {
      value = foreign.get();
    } catch (java.util.concurrent.ExecutionException
        | java.util.concurrent.CancellationException e) {
      failure = e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure = e;
    }
    report(value, failure);
  }

  /** On the loop thread: the outcome reported from outside, unless this future is done. */
  private void settle(T value, Throwable failure) {
    settled();
    if (done()) {
      return;
    }
    if (failure instanceof java.util.concurrent.CancellationException ce) {
      cancelFuture(ce.getMessage());
    } else if (failure != null) {
      completeException(failure);
    } else {
      completeResult(value);
    }
  }

  void follow(java.util.concurrent.Future<?> foreign) {
    this.foreign = foreign;
  }

  @Override
  public boolean cancel(String msg) {
    if (!super.cancel(msg)) {
      return false;
    }
    settled();
    java.util.concurrent.Future<?> f = foreign;
    if (f != null) {
      try {
        f.cancel(mayInterrupt);
      } catch (UnsupportedOperationException minimalStage) {
        // A stage that cannot be cancelled (CompletableFuture.minimalCompletionStage) runs on.
      }
    }
    return true;
  }
}
