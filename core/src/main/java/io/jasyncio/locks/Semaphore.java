package io.jasyncio.locks;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.internal.util.LoopBinding;
import java.util.ArrayDeque;

/**
 * A counter of permits for the tasks of one event loop: asyncio's {@code Semaphore}. {@link
 * #acquire()} takes a permit, suspending while there is none; {@link #release()} gives one back and
 * wakes the first waiter. Typical use: limit how many tasks do something at once.
 *
 * <p>Fair: waiters get permits in the order they asked, and a newcomer waits behind woken waiters
 * that have not run yet, even when permits are free. A waiter cancelled after it was given a permit
 * gives it back to the next in line. A plain semaphore may be released more often than it was
 * acquired (its value grows); {@link BoundedSemaphore} forbids that.
 *
 * <p><b>Threads.</b> Loop-bound and not thread-safe: call it only on the thread of the loop it is
 * bound to (the loop of the first coroutine that calls {@link #acquire()} or {@link #hold()}). For
 * threads, use {@link java.util.concurrent.Semaphore}.
 *
 * {@snippet class=io.jasyncio.locks.LocksSnippetsTest region=semaphore}
 */
public class Semaphore {
  private ArrayDeque<Future<Boolean>> waiters;
  private int value;
  private EventLoop loop;

  /** A semaphore with one permit. */
  public Semaphore() {
    this(1);
  }

  /**
   * A semaphore with {@code value} permits; {@link IllegalArgumentException} if negative. Zero is
   * allowed: every acquire then waits for a release.
   */
  public Semaphore(int value) {
    if (value < 0) {
      throw new IllegalArgumentException("Semaphore initial value must be >= 0, got " + value);
    }
    this.value = value;
  }

  /**
   * True if {@link #acquire()} would suspend now: no permit is free, or tasks that are not
   * cancelled wait (or were woken and have not run yet) and come first.
   */
  public final boolean locked() {
    if (value == 0) {
      return true;
    }
    if (waiters != null && !waiters.isEmpty()) {
      for (Future<Boolean> w : waiters) {
        if (!w.cancelled()) {
          return true;
        }
      }
    }
    return false;
  }

  /** Suspends until a permit is free and this task is first in line, then takes it. */
  public final void acquire() {
    acquire("acquire");
  }

  /** Suspends as {@link #acquire()}; closing the returned {@link Held} releases the permit. */
  public final Held hold() {
    acquire("hold");
    return new Holding(this::release);
  }

  private void acquire(String method) {
    EventLoop l = LoopBinding.check(this, loop, method);
    loop = l;
    if (!locked()) {
      value--;
      return;
    }
    if (waiters == null) {
      waiters = new ArrayDeque<>();
    }
    Future<Boolean> fut = l.createFuture();
    waiters.addLast(fut);
    try {
      try {
        Asyncio.await(fut);
      } finally {
        waiters.remove(fut);
      }
    } catch (Throwable e) {
      if (fut.done() && !fut.cancelled()) {
        // We were given a permit but will not use it: give it back.
        value++;
      }
      throw e;
    } finally {
      // Newcomers may have queued behind us while permits were free: wake as many as allowed.
      while (value > 0 && wakeUpNext()) {
        // keep waking
      }
    }
  }

  /** Gives a permit back and wakes the first waiter that was not woken yet. */
  public void release() {
    LoopBinding.checkThread(loop, this, "release");
    value++;
    wakeUpNext();
  }

  /** The number of free permits (Python's {@code _value}). */
  final int value() {
    return value;
  }

  private boolean wakeUpNext() {
    if (waiters == null) {
      return false;
    }
    for (Future<Boolean> fut : waiters) {
      if (!fut.done()) {
        value--;
        fut.setResult(true);
        return true;
      }
    }
    return false;
  }

  /**
   * State for diagnostics: {@code Semaphore[unlocked, value=2]}, {@code [locked, value=0,
   * waiters=3]}.
   */
  @Override
  public String toString() {
    String s = (locked() ? "locked" : "unlocked") + ", value=" + value;
    int n = waiters == null ? 0 : waiters.size();
    return getClass().getSimpleName() + "[" + s + (n > 0 ? ", waiters=" + n : "") + "]";
  }
}
