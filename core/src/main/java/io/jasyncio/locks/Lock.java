package io.jasyncio.locks;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.internal.util.LoopBinding;
import java.util.ArrayDeque;

/**
 * A mutual-exclusion lock for the tasks of one event loop: asyncio's {@code Lock}.
 *
 * <p>Fair: waiting tasks acquire the lock in the order they asked for it, and a task that {@link
 * #release()} has woken cannot be overtaken by a task that asks later (no barging). A waiter that
 * is cancelled leaves the line; when it had already been woken, the wake-up passes to the next
 * waiter, so a cancellation never loses a release. The lock has no owner: any task may release it.
 *
 * <p><b>Threads.</b> Loop-bound and not thread-safe: call it only on the thread of the loop it is
 * bound to, which is the loop of the first coroutine that calls {@link #acquire()} or {@link
 * #hold()}; a coroutine of another loop gets {@link IllegalStateException}. For threads, use {@link
 * java.util.concurrent.locks.ReentrantLock}.
 *
 * {@snippet class=io.jasyncio.locks.LocksSnippetsTest region=lock}
 */
public final class Lock {
  // Invariant (as asyncio's): when the lock is not locked and waiters is not empty, the waiter at
  // the head has been woken (its future is done) or is about to leave the line.
  private ArrayDeque<Future<Boolean>> waiters;
  private boolean locked;
  private EventLoop loop;

  /** An unlocked lock, not yet bound to a loop. */
  public Lock() {}

  /** True while the lock is held. */
  public boolean locked() {
    return locked;
  }

  /**
   * Suspends until the lock is free and this task is first in line, then takes it. A task cancelled
   * while waiting leaves the line and does not take the lock.
   */
  public void acquire() {
    acquire("acquire");
  }

  /**
   * Suspends as {@link #acquire()}; the returned {@link Held} releases the lock when closed.
   *
   * {@snippet class=io.jasyncio.locks.LocksSnippetsTest region=hold}
   */
  public Held hold() {
    acquire("hold");
    return new Holding(this::release);
  }

  void acquire(String method) {
    EventLoop l = LoopBinding.check(this, loop, method);
    loop = l;
    if (!locked && (waiters == null || waiters.isEmpty() || allCancelled())) {
      locked = true;
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
      // A cancellation (or any other error) after a wake-up: the release meant for us goes to the
      // next waiter.
      if (!locked) {
        wakeUpFirst();
      }
      throw e;
    }
    locked = true;
  }

  /**
   * Releases the lock and wakes the first waiter, if any. Any task (or callback) of the loop may
   * release it. {@link IllegalStateException} if the lock is not locked.
   */
  public void release() {
    LoopBinding.checkThread(loop, this, "release");
    if (!locked) {
      throw new IllegalStateException("Lock is not acquired");
    }
    locked = false;
    wakeUpFirst();
  }

  private boolean allCancelled() {
    for (Future<Boolean> w : waiters) {
      if (!w.cancelled()) {
        return false;
      }
    }
    return true;
  }

  private void wakeUpFirst() {
    if (waiters == null) {
      return;
    }
    Future<Boolean> first = waiters.peekFirst();
    // A done head has already been woken (or cancelled, and is about to wake the next itself).
    if (first != null && !first.done()) {
      first.setResult(true);
    }
  }

  /** State for diagnostics: {@code Lock[locked, waiters=2]}. */
  @Override
  public String toString() {
    String s = locked ? "locked" : "unlocked";
    int n = waiters == null ? 0 : waiters.size();
    return "Lock[" + s + (n > 0 ? ", waiters=" + n : "") + "]";
  }
}
