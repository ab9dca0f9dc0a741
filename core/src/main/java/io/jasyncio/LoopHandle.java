package io.jasyncio;

/** A callback in a loop's ready queue: what {@link EventLoop#callSoon} returns. */
class LoopHandle implements Handle, Runnable {
  final Runnable callback;
  boolean cancelled;

  LoopHandle(Runnable callback) {
    this.callback = callback;
  }

  @Override
  public void cancel() {
    cancelled = true;
  }

  @Override
  public boolean cancelled() {
    return cancelled;
  }

  @Override
  public void run() {
    if (!cancelled) {
      callback.run();
    }
  }

  @Override
  public String toString() {
    return "Handle[" + callback + (cancelled ? ", cancelled" : "") + "]";
  }
}
