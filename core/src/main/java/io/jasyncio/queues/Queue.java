package io.jasyncio.queues;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.internal.util.LoopBinding;
import io.jasyncio.locks.Event;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * A first-in first-out queue for the tasks of one event loop: asyncio's {@code Queue}.
 *
 * <p>With a {@code maxsize} above zero the queue holds at most that many items: {@link #put}
 * suspends while it is full (back-pressure), {@link #putNowait} throws {@link QueueFull}. {@link
 * #get} suspends while it is empty, {@link #getNowait} throws {@link QueueEmpty}. Waiting getters
 * are served in the order they arrived, and so are waiting putters. A get or put that is cancelled
 * (by {@code task.cancel()} or a timeout) leaves the line without taking or adding an item, and
 * passes a wake-up it was given on to the next in line: no item is lost or duplicated.
 *
 * <p>{@link #taskDone()} and {@link #join()} count work: each item put adds one unfinished task,
 * each {@code taskDone()} removes one, and {@code join()} suspends until none is left. {@link
 * #shutdown(boolean)} (Python 3.13) ends the queue: puts throw {@link QueueShutDown}, gets too once
 * the queue is empty (at once with {@code immediate}).
 *
 * <p><b>Subclasses</b> change the order of items by overriding the three storage hooks {@link
 * #putItem}, {@link #getItem} and {@link #itemCount} (asyncio's {@code _put}, {@code _get} and
 * {@code len(_queue)}), as {@link LifoQueue} and {@link PriorityQueue} do; they keep their items in
 * their own fields. The base constructor calls no hook, so the fields may be initialised as usual.
 * The public methods are final: the waiting, wake-up and counting rules stay the same for every
 * kind of queue.
 *
 * <p><b>Threads.</b> Loop-bound and not thread-safe: call it only on the thread of the loop it is
 * bound to (the loop of the first coroutine that calls a suspending method). Between threads use
 * {@code io.jasyncio.concurrent.JoinableQueue}, between threads and coroutines {@code
 * io.jasyncio.concurrent.BridgeQueue}.
 *
 * {@snippet class=io.jasyncio.queues.QueuesSnippetsTest region=queue}
 *
 * @param <T> the item type (items are never null)
 */
public class Queue<T> {
  private final int maxsize;
  private final ArrayDeque<Future<Void>> getters = new ArrayDeque<>();
  private final ArrayDeque<Future<Void>> putters = new ArrayDeque<>();
  private int unfinishedTasks;
  private final Event finished = new Event();
  private boolean isShutdown;
  private EventLoop loop;

  /** The default storage (FIFO); allocated on first use, so subclasses do not pay for it. */
  private ArrayDeque<T> items;

  /** An unbounded queue. */
  public Queue() {
    this(0);
  }

  /** A queue of at most {@code maxsize} items; zero or less: unbounded. */
  public Queue(int maxsize) {
    this.maxsize = maxsize;
    finished.set();
  }

  // ---- storage hooks (asyncio's _put, _get and len(_queue)) ----------------------------------

  /** Stores {@code item} (never null). The default appends it at the tail. */
  protected void putItem(T item) {
    if (items == null) {
      items = new ArrayDeque<>();
    }
    items.addLast(item);
  }

  /** Removes and returns the next item; called only when {@link #itemCount()} is above zero. */
  protected T getItem() {
    return items.pollFirst();
  }

  /** The number of items stored. */
  protected int itemCount() {
    return items == null ? 0 : items.size();
  }

  // ---- state --------------------------------------------------------------------------------

  /** The number of items in the queue. */
  public final int qsize() {
    return itemCount();
  }

  /** The most items the queue holds; zero or less means unbounded. */
  public final int maxsize() {
    return maxsize;
  }

  /** True if the queue holds no item. */
  public final boolean empty() {
    return itemCount() == 0;
  }

  /** True if the queue holds {@link #maxsize()} items (never for an unbounded queue). */
  public final boolean full() {
    return maxsize > 0 && itemCount() >= maxsize;
  }

  // ---- putting and getting ------------------------------------------------------------------

  /**
   * Adds {@code item}, suspending while the queue is full. {@link QueueShutDown} if the queue is
   * (or, while waiting, gets) shut down. Cancelled while waiting, it adds nothing.
   */
  public final void put(T item) {
    Objects.requireNonNull(item, "item");
    EventLoop l = bind("put");
    while (full()) {
      if (isShutdown) {
        throw new QueueShutDown("put() on a shut-down queue");
      }
      Future<Void> putter = l.createFuture();
      putters.addLast(putter);
      try {
        Asyncio.await(putter);
      } catch (Throwable e) {
        putter.cancel(); // in case it is not done yet
        putters.remove(putter); // it may be gone already: taken by getNowait() or shutdown()
        if (!full() && !putter.cancelled()) {
          // Woken by a get but not going to put: wake the next putter instead.
          wakeUpNext(putters);
        }
        throw e;
      }
    }
    putNowait(item);
  }

  /**
   * Adds {@code item} if there is room, without suspending; {@link QueueFull} otherwise, {@link
   * QueueShutDown} if the queue is shut down.
   */
  public final void putNowait(T item) {
    LoopBinding.checkThread(loop, this, "putNowait");
    Objects.requireNonNull(item, "item");
    if (isShutdown) {
      throw new QueueShutDown("put() on a shut-down queue");
    }
    if (full()) {
      throw new QueueFull("queue is full (maxsize=" + maxsize + ")");
    }
    putItem(item);
    unfinishedTasks++;
    finished.clear();
    wakeUpNext(getters);
  }

  /**
   * Removes and returns the next item, suspending while the queue is empty. {@link QueueShutDown}
   * if the queue is shut down and empty, or shut down with {@code immediate}. Cancelled while
   * waiting, it takes nothing.
   */
  public final T get() {
    EventLoop l = bind("get");
    while (empty()) {
      if (isShutdown) {
        throw new QueueShutDown("get() on a shut-down, empty queue");
      }
      Future<Void> getter = l.createFuture();
      getters.addLast(getter);
      try {
        Asyncio.await(getter);
      } catch (Throwable e) {
        getter.cancel(); // in case it is not done yet
        getters.remove(getter); // it may be gone already: taken by putNowait() or shutdown()
        if (!empty() && !getter.cancelled()) {
          // Woken by a put but not going to take the item: wake the next getter instead.
          wakeUpNext(getters);
        }
        throw e;
      }
    }
    return getNowait();
  }

  /**
   * Removes and returns the next item if there is one, without suspending; {@link QueueEmpty}
   * otherwise, {@link QueueShutDown} if the queue is also shut down.
   */
  public final T getNowait() {
    LoopBinding.checkThread(loop, this, "getNowait");
    if (empty()) {
      if (isShutdown) {
        throw new QueueShutDown("get() on a shut-down, empty queue");
      }
      throw new QueueEmpty("queue is empty");
    }
    T item = getItem();
    wakeUpNext(putters);
    return item;
  }

  /** Wakes the first waiter that is not done (cancelled ones are dropped on the way). */
  private static void wakeUpNext(ArrayDeque<Future<Void>> waiters) {
    Future<Void> waiter;
    while ((waiter = waiters.pollFirst()) != null) {
      if (!waiter.done()) {
        waiter.setResult(null);
        return;
      }
    }
  }

  // ---- work counting ------------------------------------------------------------------------

  /**
   * Marks one item taken from the queue as processed. When every item put has been marked, {@link
   * #join()} returns. {@link IllegalStateException} if called more often than items were put.
   */
  public final void taskDone() {
    LoopBinding.checkThread(loop, this, "taskDone");
    if (unfinishedTasks <= 0) {
      throw new IllegalStateException("taskDone() called too many times");
    }
    unfinishedTasks--;
    if (unfinishedTasks == 0) {
      finished.set();
    }
  }

  /** Suspends until every item put into the queue has been marked with {@link #taskDone()}. */
  public final void join() {
    bind("join");
    if (unfinishedTasks > 0) {
      finished.await();
    }
  }

  // ---- shutdown (Python 3.13) ---------------------------------------------------------------

  /** As {@link #shutdown(boolean) shutdown(false)}. */
  public final void shutdown() {
    shutdown(false);
  }

  /**
   * Shuts the queue down: every later put, and every get once the queue is empty, throws {@link
   * QueueShutDown}; the tasks suspended in {@link #put} and {@link #get} wake up and re-check
   * (blocked putters throw, blocked getters take what is left or throw). With {@code immediate},
   * the items left are thrown away and the unfinished-task count drops by their number, so {@link
   * #join()} waits only for items already taken.
   */
  public final void shutdown(boolean immediate) {
    LoopBinding.checkThread(loop, this, "shutdown");
    isShutdown = true;
    if (immediate) {
      while (!empty()) {
        getItem();
        if (unfinishedTasks > 0) {
          unfinishedTasks--;
        }
      }
      if (unfinishedTasks == 0) {
        finished.set();
      }
    }
    wakeAll(getters);
    wakeAll(putters);
  }

  /** True once {@link #shutdown(boolean)} was called. */
  public final boolean isShutdown() {
    return isShutdown;
  }

  private static void wakeAll(ArrayDeque<Future<Void>> waiters) {
    Future<Void> waiter;
    while ((waiter = waiters.pollFirst()) != null) {
      if (!waiter.done()) {
        waiter.setResult(null);
      }
    }
  }

  private EventLoop bind(String method) {
    EventLoop l = LoopBinding.check(this, loop, method);
    loop = l;
    return l;
  }

  /**
   * State for diagnostics: {@code Queue[size=2, maxsize=10, getters=0, putters=1, unfinished=5]},
   * with {@code , shutdown} once shut down.
   */
  @Override
  public String toString() {
    return getClass().getSimpleName()
        + "[size="
        + qsize()
        + ", maxsize="
        + maxsize
        + ", getters="
        + getters.size()
        + ", putters="
        + putters.size()
        + ", unfinished="
        + unfinishedTasks
        + (isShutdown ? ", shutdown" : "")
        + "]";
  }
}
