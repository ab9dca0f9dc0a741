package io.jasyncio;

/**
 * A timer in a loop's heap: ordered by deadline, then by the order in which it was scheduled.
 */
final class LoopTimerHandle extends LoopHandle implements TimerHandle, Comparable<LoopTimerHandle> {
  final double when;
  final long sequence;
  private final TimerQueue queue;
  boolean scheduled = true;

  LoopTimerHandle(double when, long sequence, Runnable callback, TimerQueue queue) {
    super(callback);
    this.when = when;
    this.sequence = sequence;
    this.queue = queue;
  }

  @Override
  public double when() {
    return when;
  }

  @Override
  public void cancel() {
    if (!cancelled) {
      cancelled = true;
      if (scheduled) {
        queue.timerCancelled();
      }
    }
  }

  @Override
  public int compareTo(LoopTimerHandle o) {
    int c = Double.compare(when, o.when);
    return c != 0 ? c : Long.compare(sequence, o.sequence);
  }

  @Override
  public String toString() {
    return "TimerHandle[when=" + when + ", " + callback + (cancelled ? ", cancelled" : "") + "]";
  }
}
