package io.jasyncio;

/**
 * An event loop's source of time, in seconds.
 *
 * <p>{@link #monotonic()} follows {@link System#nanoTime()}. {@link #virtual()} starts at 0 and
 * moves only when its loop has nothing to do: the loop then jumps straight to the next timer
 * instead of sleeping, so a test of an hour of timers runs in milliseconds, deterministically.
 * While sockets, threads or processes that the loop waits for are in flight, a virtual loop waits
 * for them in real time; only when that wait runs out does it jump to the next timer.
 *
 * <p>{@link #now()} may be called from any thread. A virtual clock belongs to one loop.
 *
 * {@snippet class=io.jasyncio.AsyncioSnippetsTest region=clock}
 */
public interface Clock {
  /** The current time in seconds; only differences are meaningful. */
  double now();

  /** Real monotonic time. */
  static Clock monotonic() {
    return MonotonicClock.INSTANCE;
  }

  /** A new virtual clock at time 0, for one loop. */
  static Clock virtual() {
    return new VirtualClock();
  }
}
