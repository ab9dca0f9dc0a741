package io.jasyncio;

/**
 * A loop future that mirrors work done elsewhere (an executor job, a CompletableFuture, any {@link
 * java.util.concurrent.Future}): cancelling it cancels that work at once, not a loop iteration
 * later, so a job that has not started yet never starts. The foreign side reports back through
 * {@link EventLoop#callSoonThreadsafe}.
 */
final class ForeignFuture<T> extends Future<T> {
  /** What to cancel with this future; may be null (a stage that cannot be cancelled). */
  private java.util.concurrent.Future<?> foreign;

  private final boolean mayInterrupt;

  ForeignFuture(SelectorEventLoop loop, boolean mayInterrupt) {
    super(loop);
    this.mayInterrupt = mayInterrupt;
  }

  void follow(java.util.concurrent.Future<?> foreign) {
    this.foreign = foreign;
  }

  @Override
  public boolean cancel(String msg) {
    if (!super.cancel(msg)) {
      return false;
    }
    java.util.concurrent.Future<?> f = foreign;
    if (f != null) {
      f.cancel(mayInterrupt);
    }
    return true;
  }
}
