package io.jasyncio.locks;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.internal.util.LoopBinding;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A condition variable for the tasks of one event loop: asyncio's {@code Condition}. Tasks holding
 * its {@link Lock} wait with {@link #await()} until another task {@linkplain #signal() signals}
 * them. Python's {@code wait()}, {@code wait_for()}, {@code notify(n)} and {@code notify_all()} are
 * {@code await()}, {@code awaitFor()}, {@code signal(n)} and {@code signalAll()} here, as in {@link
 * java.util.concurrent.locks.Condition} ({@code wait} and {@code notify} are final methods of
 * {@link Object}).
 *
 * <p>{@link #await()} releases the lock, waits, and takes the lock again before it returns or
 * throws, also when the task is cancelled. Signals wake waiters in FIFO order; a woken task returns
 * from {@code await()} only once it holds the lock again. A task cancelled after it was signalled
 * passes the signal on to the next waiter. Every method but {@link #locked()}, {@link #acquire()}
 * and {@link #hold()} needs the lock held (by any task: asyncio locks have no owner), else {@link
 * IllegalStateException}.
 *
 * <p><b>Threads.</b> Loop-bound and not thread-safe: call it only on the thread of the loop it is
 * bound to (the loop of the first coroutine that uses it).
 *
 * {@snippet class=io.jasyncio.locks.LocksSnippetsTest region=condition}
 */
public final class Condition {
  private final Lock lock;
  private final ArrayDeque<Future<Boolean>> waiters = new ArrayDeque<>();
  private EventLoop loop;

  /** A condition with its own new {@link Lock}. */
  public Condition() {
    this(new Lock());
  }

  /** A condition on {@code lock}, which other conditions (and plain users) may share. */
  public Condition(Lock lock) {
    this.lock = Objects.requireNonNull(lock, "lock");
  }

  /** Suspends until the underlying lock is acquired (see {@link Lock#acquire()}). */
  public void acquire() {
    lock.acquire("acquire");
  }

  /** Releases the underlying lock; {@link IllegalStateException} if it is not locked. */
  public void release() {
    lock.release();
  }

  /** True while the underlying lock is held. */
  public boolean locked() {
    return lock.locked();
  }

  /** Suspends until the underlying lock is acquired; closing the result releases it. */
  public Held hold() {
    lock.acquire("hold");
    return new Holding(lock::release);
  }

  /**
   * Releases the lock, suspends until signalled, then re-acquires the lock (Python's {@code
   * wait()}). The lock is held again when this method returns or throws, even when the task is
   * cancelled while waiting for the signal or for the lock. May return spuriously: re-check the
   * state after it returns, or use {@link #awaitFor}. {@link IllegalStateException} if the lock is
   * not held.
   */
  public void await() {
    await("await");
  }

  private void await(String method) {
    EventLoop l = LoopBinding.check(this, loop, method);
    loop = l;
    if (!lock.locked()) {
      throw new IllegalStateException("cannot wait on un-acquired lock");
    }
    Future<Boolean> fut = l.createFuture();
    lock.release();
    try {
      try {
        waiters.addLast(fut);
        try {
          Asyncio.await(fut);
        } finally {
          waiters.remove(fut);
        }
      } finally {
        // Re-acquire the lock even when cancelled; a cancellation meanwhile is raised afterwards.
        CancelledError err = null;
        while (true) {
          try {
            lock.acquire(method);
            break;
          } catch (CancelledError e) {
            err = e;
          }
        }
        if (err != null) {
          throw err;
        }
      }
    } catch (Throwable t) {
      // We may have been signalled before failing: pass the signal on (a spurious wake-up at
      // worst, which the condition-variable protocol allows).
      signalWaiters(1);
      throw t;
    }
  }

  /**
   * Suspends until {@code predicate} gives a value that is neither null nor {@code false}, and
   * returns that value (Python's {@code wait_for}). The predicate is checked first, then after
   * every wake-up, always with the lock held; when it holds at once, this does not suspend (and
   * does not check the lock).
   *
   * {@snippet class=io.jasyncio.locks.LocksSnippetsTest region=awaitFor}
   */
  public <V> V awaitFor(Supplier<V> predicate) {
    Objects.requireNonNull(predicate, "predicate");
    loop = LoopBinding.check(this, loop, "awaitFor");
    V result = predicate.get();
    while (!truthy(result)) {
      await("awaitFor");
      result = predicate.get();
    }
    return result;
  }

  private static boolean truthy(Object v) {
    return v != null && !Boolean.FALSE.equals(v);
  }

  /** Wakes the first waiting task, if any (Python's {@code notify()}). */
  public void signal() {
    signal(1);
  }

  /**
   * Wakes up to {@code n} waiting tasks, first come first woken (Python's {@code notify(n)}). Each
   * returns from {@link #await()} once it holds the lock again; this method does not release the
   * lock. {@link IllegalStateException} if the lock is not held, {@link IllegalArgumentException}
   * if {@code n} is negative.
   */
  public void signal(int n) {
    LoopBinding.checkThread(loop, this, "signal");
    if (n < 0) {
      throw new IllegalArgumentException("signal() needs n >= 0, got " + n);
    }
    if (!lock.locked()) {
      throw new IllegalStateException("cannot signal on un-acquired lock");
    }
    signalWaiters(n);
  }

  /** Wakes every waiting task, FIFO (Python's {@code notify_all()}). */
  public void signalAll() {
    LoopBinding.checkThread(loop, this, "signalAll");
    signal(waiters.size());
  }

  private void signalWaiters(int n) {
    int woken = 0;
    for (Future<Boolean> fut : waiters) {
      if (woken >= n) {
        break;
      }
      if (!fut.done()) {
        woken++;
        fut.setResult(false);
      }
    }
  }

  /** State for diagnostics: {@code Condition[locked, waiters=2]}. */
  @Override
  public String toString() {
    String s = lock.locked() ? "locked" : "unlocked";
    return "Condition[" + s + (waiters.isEmpty() ? "" : ", waiters=" + waiters.size()) + "]";
  }
}
