package io.jasyncio;

import java.util.ArrayDeque;
import java.util.PriorityQueue;

/**
 * A loop's timers (asyncio's {@code _scheduled} heap): ordered by deadline, then by the order in
 * which they were scheduled. Cancelled timers stay in the heap until they reach its head, or until
 * they make up more than half of it; then they are purged at once. Loop thread only.
 */
final class TimerQueue {
  /** The timers not yet due; may hold cancelled ones (counted in {@link #cancelled}). */
  private final PriorityQueue<LoopTimerHandle> heap = new PriorityQueue<>();

  /** The sequence number of the next timer: equal deadlines run in the order scheduled. */
  private long sequence;

  /** How many timers in the heap are cancelled; never negative. */
  private int cancelled;

  /** A new timer for {@code callback} at loop time {@code when}. */
  LoopTimerHandle schedule(double when, Runnable callback) {
    LoopTimerHandle h = new LoopTimerHandle(when, sequence++, callback, this);
    heap.add(h);
    return h;
  }

  /** A timer still in the heap was cancelled. */
  void timerCancelled() {
    cancelled++;
  }

  /** Drops cancelled timers: all of them when they are many, else those at the head. */
  void purgeCancelled() {
    if (cancelled == 0) {
      return; // the common case, and the one of a loop with no timers: one field read
    }
    if (cancelled > 64 && cancelled > heap.size() / 2) {
      heap.removeIf(t -> t.cancelled);
      cancelled = 0;
    } else {
      while (!heap.isEmpty() && heap.peek().cancelled) {
        heap.poll().scheduled = false;
        cancelled--;
      }
    }
  }

  /**
   * When the first timer is due, after {@link #purgeCancelled}; infinity when none is (a timer at
   * infinity never comes either).
   */
  double nextDeadline() {
    LoopTimerHandle next = heap.peek();
    return next != null ? next.when : Double.POSITIVE_INFINITY;
  }

  boolean isEmpty() {
    return heap.isEmpty();
  }

  /** Moves the timers due by loop time {@code end} to {@code ready}, in order. */
  void moveDue(double end, ArrayDeque<Runnable> ready) {
    while (!heap.isEmpty()) {
      LoopTimerHandle t = heap.peek();
      if (t.cancelled) {
        heap.poll().scheduled = false;
        cancelled--;
        continue;
      }
      if (t.when > end) {
        break;
      }
      heap.poll();
      t.scheduled = false;
      ready.add(t);
    }
  }

  /** Forgets every timer (the loop closes). */
  void clear() {
    heap.clear();
    cancelled = 0;
  }
}
