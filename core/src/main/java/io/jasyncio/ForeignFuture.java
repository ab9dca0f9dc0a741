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
