package io.jasyncio.concurrent;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.internal.io.IoLoop;
import io.jasyncio.internal.util.Coroutines;
import io.jasyncio.internal.util.ThreadSide;
import io.jasyncio.queues.QueueEmpty;
import io.jasyncio.queues.QueueFull;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One FIFO queue with two faces, as Python's janus: threads put and get with blocking methods
 * ({@link #putFromThread}, {@link #getFromThread}), coroutines of one event loop with suspending
 * ones ({@link #put}, {@link #get}). Items flow between any mix of the two, each delivered exactly
 * once, in the order they were put.
 *
 * <p><b>Threads.</b> The coroutine face ({@link #put}, {@link #get}) may only be called from a
 * coroutine running on the loop given at construction (else {@link IllegalStateException}). The
 * thread face may be called from any thread except that loop's own coroutines, which it would
 * deadlock ({@link IllegalStateException}). {@link #putNowait}, {@link #getNowait} and the state
 * methods may be called from anywhere.
 *
 * <p><b>How waiting works.</b> One lock guards the items and two FIFO lines of waiters (getters and
 * putters), where blocked threads and suspended coroutines stand together. Each item put wakes the
 * first getter in line, each item taken wakes the first putter: a thread through its own {@link
 * Condition}, a coroutine by completing the loop {@link Future} it awaits — from the loop thread
 * directly, from any other thread through {@link EventLoop#callSoonThreadsafe}. A woken waiter that
 * finds the item already taken waits again; one that gives up (cancelled coroutine, timed-out or
 * interrupted thread) after being woken passes the wake-up on, so no wake-up is lost and no item is
 * handed out twice. A coroutine waiting on a loop that was closed cannot take its wake-up, which
 * then goes to the next in line. A loop on a virtual clock does not know that a thread may put or
 * get: run the coroutine face on a real clock when threads take part.
 *
 * <p><b>Cancellation and interruption.</b> A coroutine cancelled in {@code put} or {@code get}
 * leaves the line; the queue is unchanged (its item is not put, no item is taken). A thread
 * interrupted in {@code putFromThread}/{@code getFromThread} gets a {@link CancellationException}
 * with its interrupt status set, likewise without effect on the queue.
 *
 * {@snippet class=io.jasyncio.concurrent.ConcurrentSnippetsTest region=bridge}
 *
 * @param <T> the item type (null items are rejected)
 */
public final class BridgeQueue<T> {
  private final EventLoop loop;
  private final int maxsize;

  private final ReentrantLock lock = new ReentrantLock();

  /** Guarded by {@link #lock}. */
  private final ArrayDeque<T> items = new ArrayDeque<>();

  /** Waiters for an item, in arrival order; guarded by {@link #lock}. */
  private final ArrayDeque<Waiter> getters = new ArrayDeque<>();

  /** Waiters for a free slot, in arrival order; guarded by {@link #lock}. */
  private final ArrayDeque<Waiter> putters = new ArrayDeque<>();

  /**
   * A blocked thread ({@code condition} set) or a suspended coroutine ({@code future} set). It is
   * either in its line and not notified, or out of the line and notified (its wake-up is on the way
   * and it will look at the queue again), or out of the line because it gave up.
   */
  private static final class Waiter {
    final boolean getter;
    final Condition condition;
    final Future<Void> future;

    /** Guarded by the queue's lock. */
    boolean notified;

    Waiter(boolean getter, Condition condition, Future<Void> future) {
      this.getter = getter;
      this.condition = condition;
      this.future = future;
    }
  }

  /**
   * A queue whose coroutine face belongs to {@code loop}; {@code maxsize <= 0}: unbounded (then
   * puts never wait).
   */
  public BridgeQueue(EventLoop loop, int maxsize) {
    this.loop = Objects.requireNonNull(loop, "loop");
    this.maxsize = maxsize;
  }

  // ---- coroutine face -------------------------------------------------------------------------

  /** Suspends while the queue is full, then puts {@code item}. Only on this queue's loop. */
  public void put(T item) {
    Objects.requireNonNull(item, "item");
    checkCoroutine("put");
    while (true) {
      Waiter w;
      boolean added = false;
      lock.lock();
      try {
        if (hasRoom()) {
          items.addLast(item);
          added = true;
          w = notifyFirst(getters);
        } else {
          w = new Waiter(false, null, loop.createFuture());
          putters.addLast(w);
        }
      } finally {
        lock.unlock();
      }
      if (added) {
        deliver(w);
        return;
      }
      awaitWakeUp(w);
    }
  }

  /** Suspends while the queue is empty, then takes the first item. Only on this queue's loop. */
  public T get() {
    checkCoroutine("get");
    while (true) {
      Waiter w;
      T item = null;
      lock.lock();
      try {
        if (!items.isEmpty()) {
          item = items.pollFirst();
          w = notifyFirst(putters);
        } else {
          w = new Waiter(true, null, loop.createFuture());
          getters.addLast(w);
        }
      } finally {
        lock.unlock();
      }
      if (item != null) {
        deliver(w);
        return item;
      }
      awaitWakeUp(w);
    }
  }

  /** Suspends until {@code w} is woken; a coroutine cancelled meanwhile leaves the line. */
  private void awaitWakeUp(Waiter w) {
    try {
      Asyncio.await(w.future);
    } catch (Throwable e) {
      giveUp(w);
      throw e;
    }
  }

  // ---- thread face ----------------------------------------------------------------------------

  /** Blocks the calling thread while the queue is full, then puts {@code item}. */
  public void putFromThread(T item) {
    putFromThread(item, -1L);
  }

  /**
   * Blocks at most {@code timeout} seconds for a free slot, then puts {@code item}; else {@link
   * QueueFull}.
   */
  public void putFromThread(T item, double timeout) {
    putFromThread(item, JoinableQueue.timeoutNanos(true, timeout));
  }

  private void putFromThread(T item, long nanos) {
    Objects.requireNonNull(item, "item");
    checkThread("putFromThread");
    Waiter wake;
    lock.lock();
    try {
      while (!hasRoom()) {
        if (nanos == 0) {
          throw new QueueFull("queue is full (maxsize " + maxsize + ")");
        }
        nanos = block(putters, false, nanos, "putFromThread");
      }
      items.addLast(item);
      wake = notifyFirst(getters);
    } finally {
      lock.unlock();
    }
    deliver(wake);
  }

  /** Blocks the calling thread while the queue is empty, then takes the first item. */
  public T getFromThread() {
    return getFromThread(-1L);
  }

  /**
   * Blocks at most {@code timeout} seconds for an item and takes it; else {@link QueueEmpty}. A
   * negative or NaN timeout: {@link IllegalArgumentException}.
   */
  public T getFromThread(double timeout) {
    return getFromThread(JoinableQueue.timeoutNanos(true, timeout));
  }

  private T getFromThread(long nanos) {
    checkThread("getFromThread");
    T item;
    Waiter wake;
    lock.lock();
    try {
      while (items.isEmpty()) {
        if (nanos == 0) {
          throw new QueueEmpty("queue is empty");
        }
        nanos = block(getters, true, nanos, "getFromThread");
      }
      item = items.pollFirst();
      wake = notifyFirst(putters);
    } finally {
      lock.unlock();
    }
    deliver(wake);
    return item;
  }

  /**
   * With the lock held: waits in {@code line} until notified or the time is up (then returns 0: the
   * caller looks at the queue once more and gives up if it still must wait). {@code nanos < 0}: no
   * limit. Returns the nanoseconds left.
   */
  private long block(ArrayDeque<Waiter> line, boolean getter, long nanos, String method) {
    Waiter w = new Waiter(getter, lock.newCondition(), null);
    line.addLast(w);
    try {
      while (!w.notified) {
        if (nanos < 0) {
          w.condition.await();
        } else if (nanos > 0) {
          nanos = Math.max(0, w.condition.awaitNanos(nanos));
        } else {
          line.remove(w);
          return 0;
        }
      }
      return nanos;
    } catch (InterruptedException e) {
      Waiter next = abandon(w);
      lock.unlock();
      try {
        deliver(next);
      } finally {
        lock.lock();
      }
      throw ThreadSide.interrupted("in " + method + "()", e);
    }
  }

  // ---- non-blocking, any thread ---------------------------------------------------------------

  /** Puts {@code item} if there is room now, else {@link QueueFull}. Any thread or coroutine. */
  public void putNowait(T item) {
    Objects.requireNonNull(item, "item");
    Waiter wake;
    lock.lock();
    try {
      if (!hasRoom()) {
        throw new QueueFull("queue is full (maxsize " + maxsize + ")");
      }
      items.addLast(item);
      wake = notifyFirst(getters);
    } finally {
      lock.unlock();
    }
    deliver(wake);
  }

  /** Takes the first item if there is one now, else {@link QueueEmpty}. Any thread or coroutine. */
  public T getNowait() {
    T item;
    Waiter wake;
    lock.lock();
    try {
      if (items.isEmpty()) {
        throw new QueueEmpty("queue is empty");
      }
      item = items.pollFirst();
      wake = notifyFirst(putters);
    } finally {
      lock.unlock();
    }
    deliver(wake);
    return item;
  }

  // ---- state ----------------------------------------------------------------------------------

  /** The number of queued items (a snapshot). */
  public int qsize() {
    lock.lock();
    try {
      return items.size();
    } finally {
      lock.unlock();
    }
  }

  public boolean empty() {
    return qsize() == 0;
  }

  /** True if the queue is bounded and at its maxsize. */
  public boolean full() {
    return maxsize > 0 && qsize() >= maxsize;
  }

  /** The bound given at construction; {@code <= 0} means unbounded. */
  public int maxsize() {
    return maxsize;
  }

  /** The loop of the coroutine face. */
  public EventLoop getLoop() {
    return loop;
  }

  /** Threads and coroutines waiting for an item (for tests and diagnostics). */
  int waitingGetters() {
    lock.lock();
    try {
      return getters.size();
    } finally {
      lock.unlock();
    }
  }

  /** Threads and coroutines waiting for room (for tests and diagnostics). */
  int waitingPutters() {
    lock.lock();
    try {
      return putters.size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "BridgeQueue[maxsize="
          + maxsize
          + ", qsize="
          + items.size()
          + ", getters="
          + getters.size()
          + ", putters="
          + putters.size()
          + "]";
    } finally {
      lock.unlock();
    }
  }

  // ---- internals ------------------------------------------------------------------------------

  private boolean hasRoom() {
    return maxsize <= 0 || items.size() < maxsize;
  }

  /**
   * With the lock held: takes the first waiter out of {@code line} and marks it notified. A thread
   * is signalled at once; a coroutine is returned, to be woken by {@link #deliver} after the lock
   * is released. Returns null if nobody waits or a thread was signalled.
   */
  private Waiter notifyFirst(ArrayDeque<Waiter> line) {
    Waiter w = line.pollFirst();
    if (w == null) {
      return null;
    }
    w.notified = true;
    if (w.condition != null) {
      w.condition.signal();
      return null;
    }
    return w;
  }

  /**
   * With the lock held, for a waiter that gives up: leaves the line, or, if it was already woken,
   * passes the wake-up on to the next waiter when what it waited for is still there. Returns a
   * coroutine waiter to {@link #deliver}, or null.
   */
  private Waiter abandon(Waiter w) {
    if (!w.notified) {
      (w.getter ? getters : putters).remove(w);
      return null;
    }
    if (w.getter) {
      return items.isEmpty() ? null : notifyFirst(getters);
    }
    return hasRoom() ? notifyFirst(putters) : null;
  }

  /** A coroutine waiter that was cancelled: leaves the line or passes its wake-up on. */
  private void giveUp(Waiter w) {
    Waiter next;
    lock.lock();
    try {
      next = abandon(w);
    } finally {
      lock.unlock();
    }
    deliver(next);
  }

  /**
   * Wakes a notified coroutine waiter (lock not held): directly on the loop thread, else through
   * {@code callSoonThreadsafe}. If its loop is closed, the waiter can never run: the wake-up goes
   * to the next in line.
   */
  private void deliver(Waiter w) {
    while (w != null) {
      Waiter c = w;
      if (onLoop()) {
        if (!c.future.done()) {
          c.future.setResult(null);
        }
        return;
      }
      boolean sent =
          IoLoop.of(loop)
              .trySoonThreadsafe(
                  () -> {
                    if (!c.future.done()) {
                      c.future.setResult(null);
                    }
                  });
      if (sent) {
        return;
      }
      lock.lock();
      try {
        w = abandon(c);
      } finally {
        lock.unlock();
      }
    }
  }

  private boolean onLoop() {
    Task<?> t = Asyncio.currentTask();
    return t != null && t.getLoop() == loop;
  }

  private void checkCoroutine(String method) {
    Task<?> t = Coroutines.require(method);
    if (t.getLoop() != loop) {
      throw new IllegalStateException(
          method + "() must be called from a coroutine of this queue's loop, not of another loop");
    }
  }

  private static void checkThread(String method) {
    String face = method.startsWith("put") ? "put" : "get";
    ThreadSide.checkMayBlock(
        method + "()",
        "in a coroutine use " + face + "(), in a callback " + face + "Nowait()");
  }
}
