package io.jasyncio.locks;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.internal.util.LoopBinding;
import java.util.ArrayDeque;
import java.util.Locale;

/**
 * A meeting point for a fixed number of tasks: asyncio's {@code Barrier}. Each task calls {@link
 * #await()}; the first {@code parties - 1} suspend, and the arrival of the last one releases them
 * all. The barrier then drains (tasks arriving meanwhile wait for the next round) and is ready
 * again for the next {@code parties} tasks.
 *
 * <p>{@code await()} returns the arrival index, 0 for the first task of the round to arrive and
 * {@code parties - 1} for the last. The last to arrive trips the barrier and goes on without
 * suspending, so it resumes first; the others resume in arrival order. A waiting task that is
 * cancelled leaves: {@link #nWaiting()} drops by one. {@link #reset()} sends {@link
 * BrokenBarrierError} to the tasks waiting and makes the barrier usable again; {@link #abort()}
 * breaks it: every waiting and later {@code await()} throws {@link BrokenBarrierError} until {@code
 * reset()}.
 *
 * <p><b>Threads.</b> Loop-bound and not thread-safe: call it only on the thread of the loop it is
 * bound to (the loop of the first coroutine that awaits it). For threads, use {@link
 * java.util.concurrent.CyclicBarrier}.
 *
 * {@snippet class=io.jasyncio.locks.LocksSnippetsTest region=barrier}
 */
public final class Barrier {
  private enum State {
    /** Tasks arrive and wait. */
    FILLING,
    /** Tripped: the tasks of the round leave; newcomers wait until the last has left. */
    DRAINING,
    /** Reset while tasks waited: they leave with BrokenBarrierError; newcomers wait. */
    RESETTING,
    /** Aborted: every await throws BrokenBarrierError until reset(). */
    BROKEN
  }

  private final int parties;
  private State state = State.FILLING;

  /** Tasks inside await() past the entry check: waiting, or leaving after the trip. */
  private int count;

  /** Every suspended task, woken at each state change to re-check it (a condition variable). */
  private final ArrayDeque<Future<Boolean>> waiters = new ArrayDeque<>();

  private EventLoop loop;

  /** A barrier for {@code parties} tasks; {@link IllegalArgumentException} if below 1. */
  public Barrier(int parties) {
    if (parties < 1) {
      throw new IllegalArgumentException("parties must be >= 1, got " + parties);
    }
    this.parties = parties;
  }

  /**
   * Suspends until {@link #parties()} tasks have arrived, and returns this task's arrival index (0
   * to {@code parties - 1}). The last to arrive does not suspend. {@link BrokenBarrierError} if the
   * barrier is broken, or is reset or aborted while this task waits. A task arriving while the
   * previous round drains waits for the next round.
   */
  public int await() {
    EventLoop l = LoopBinding.check(this, loop, "await");
    loop = l;
    while (state == State.DRAINING || state == State.RESETTING) {
      waitForChange(l);
    }
    if (state == State.BROKEN) {
      throw new BrokenBarrierError("Barrier aborted");
    }
    int index = count++;
    try {
      if (index + 1 == parties) {
        state = State.DRAINING;
        wakeAll();
      } else {
        while (state == State.FILLING) {
          waitForChange(l);
        }
        if (state == State.BROKEN || state == State.RESETTING) {
          throw new BrokenBarrierError("Abort or reset of barrier");
        }
      }
      return index;
    } finally {
      count--;
      exit();
    }
  }

  private void waitForChange(EventLoop l) {
    Future<Boolean> fut = l.createFuture();
    waiters.addLast(fut);
    try {
      Asyncio.await(fut);
    } finally {
      waiters.remove(fut);
    }
  }

  private void wakeAll() {
    for (Future<Boolean> fut : waiters) {
      if (!fut.done()) {
        fut.setResult(true);
      }
    }
  }

  /** The last task to leave ends a drain or a reset, and lets the waiting newcomers in. */
  private void exit() {
    if (count == 0) {
      if (state == State.RESETTING || state == State.DRAINING) {
        state = State.FILLING;
      }
      wakeAll();
    }
  }

  /**
   * Returns the barrier to its initial state: the tasks waiting now get {@link BrokenBarrierError};
   * a broken barrier is usable again. (Python's {@code reset()} is a coroutine; this one never
   * suspends.)
   */
  public void reset() {
    LoopBinding.checkThread(loop, this, "reset");
    if (count > 0) {
      state = State.RESETTING;
    } else {
      state = State.FILLING;
    }
    wakeAll();
  }

  /**
   * Breaks the barrier: the tasks waiting now and every later {@link #await()} get {@link
   * BrokenBarrierError}, until {@link #reset()}. (Python's {@code abort()} is a coroutine; this one
   * never suspends.)
   */
  public void abort() {
    LoopBinding.checkThread(loop, this, "abort");
    state = State.BROKEN;
    wakeAll();
  }

  /** The number of tasks needed to trip the barrier. */
  public int parties() {
    return parties;
  }

  /**
   * The number of tasks waiting for the barrier to trip (0 while it drains, resets or is broken).
   */
  public int nWaiting() {
    return state == State.FILLING ? count : 0;
  }

  /** True once {@link #abort()} was called (until {@link #reset()}). */
  public boolean broken() {
    return state == State.BROKEN;
  }

  /** State for diagnostics: {@code Barrier[filling, waiters=2/3]}. */
  @Override
  public String toString() {
    return "Barrier["
        + state.name().toLowerCase(Locale.ROOT)
        + ", waiters="
        + nWaiting()
        + "/"
        + parties
        + "]";
  }
}
