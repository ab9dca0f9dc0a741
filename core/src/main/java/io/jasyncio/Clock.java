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
 * <p>A virtual loop in {@link EventLoop#runUntilComplete} that has nothing ready, no timer, no
 * registered channel and no outside work in flight (a {@code runInExecutor} call, an awaited {@link
 * java.util.concurrent.CompletionStage}, a child process, a pending future handed out by {@link
 * Future#toCompletableFuture()}) can never make progress: the run fails at once with an {@link
 * IllegalStateException} ({@code "deadlock: no task can make progress ..."}) that names every
 * pending task and where it waits. A plain thread that will call {@link
 * EventLoop#callSoonThreadsafe} later is not known to the loop: on a virtual clock, start such work
 * with {@code runInExecutor} or {@link Asyncio#toThread}, or use a real clock.
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
