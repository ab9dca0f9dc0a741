package io.jasyncio.concurrent;

import io.jasyncio.internal.util.ThreadSide;
import io.jasyncio.queues.QueueEmpty;
import io.jasyncio.queues.QueueFull;
import io.jasyncio.queues.QueueShutDown;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A thread-safe queue with task accounting: Python's {@code queue.Queue}, {@code LifoQueue} and
 * {@code PriorityQueue}, made with {@link #fifo}, {@link #lifo} and {@link #priority}.
 *
 * <p>Every {@link #put} counts one unfinished task; a consumer calls {@link #taskDone} once per
 * item it has processed, and {@link #join} blocks until the count is back to zero. {@link
 * #shutdown(boolean)} (Python 3.13) stops further puts and, when immediate, drops what is queued.
 *
 * <p><b>Threads.</b> Any thread may call any method; blocking methods block the calling thread (in
 * a coroutine, use {@link BridgeQueue} or {@code io.jasyncio.queues.Queue} instead). It is built on
 * one {@link ReentrantLock} with conditions "not empty", "not full" and "all tasks done", as
 * Python's queue module; blocked threads are woken one per item (or free slot).
 *
 * <p><b>Timeouts.</b> {@code block=false} never waits (the timeout is then ignored); with {@code
 * block=true}, a null timeout waits as long as needed and a timeout in seconds gives up with {@link
 * QueueFull} / {@link QueueEmpty}. A negative or NaN timeout: {@link IllegalArgumentException}
 * (Python's ValueError).
 *
 * <p><b>Interruption.</b> A thread interrupted while it blocks in {@code put}, {@code get} or
 * {@code join} leaves it with a {@link CancellationException}; its interrupt status stays set and
 * the queue is unchanged.
 *
 * <p><b>Items.</b> Null items are rejected ({@link NullPointerException}). In a priority queue, the
 * least item by the order comes out first and equal items keep their insertion order; a comparator
 * that throws fails that put only, and leaves the queue as it was.
 *
 * {@snippet class=io.jasyncio.concurrent.ConcurrentSnippetsTest region=joinable}
 *
 * @param <T> the item type
 */
public class JoinableQueue<T> {
  private final String kind;
  private final int maxsize;
  private final Storage<T> items;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition notFull = lock.newCondition();
  private final Condition allTasksDone = lock.newCondition();

  /** Items put and not yet marked done; guarded by {@link #lock}. */
  private long unfinishedTasks;

  /** Guarded by {@link #lock}. */
  private boolean shutdown;

  JoinableQueue(String kind, int maxsize, Storage<T> items) {
    this.kind = kind;
    this.maxsize = maxsize;
    this.items = items;
  }

  /** A first-in, first-out queue ({@code queue.Queue}); {@code maxsize <= 0}: unbounded. */
  public static <T> JoinableQueue<T> fifo(int maxsize) {
    return new JoinableQueue<>("fifo", maxsize, new Fifo<>());
  }

  /** A last-in, first-out queue ({@code queue.LifoQueue}); {@code maxsize <= 0}: unbounded. */
  public static <T> JoinableQueue<T> lifo(int maxsize) {
    return new JoinableQueue<>("lifo", maxsize, new Lifo<>());
  }

  /**
   * A priority queue ({@code queue.PriorityQueue}): the least item by {@code order} comes out
   * first; equal items in insertion order. {@code maxsize <= 0}: unbounded.
   */
  public static <T> JoinableQueue<T> priority(int maxsize, Comparator<? super T> order) {
    Objects.requireNonNull(order, "order");
    return new JoinableQueue<>("priority", maxsize, new Priority<>(order));
  }

  /** A priority queue by the items' natural order; see {@link #priority(int, Comparator)}. */
  public static <T extends Comparable<? super T>> JoinableQueue<T> priority(int maxsize) {
    return priority(maxsize, Comparator.<T>naturalOrder());
  }

  // ---- put ------------------------------------------------------------------------------------

  /** Puts {@code item}, waiting as long as the queue is full. */
  public void put(T item) {
    put(item, true, null);
  }

  /** Puts {@code item}, waiting at most {@code timeout} s for room; else {@link QueueFull}. */
  public void put(T item, double timeout) {
    put(item, true, timeout);
  }

  /**
   * Python's {@code put(item, block, timeout)}: {@link QueueFull} when it gives up, {@link
   * QueueShutDown} after {@link #shutdown}.
   */
  public void put(T item, boolean block, Double timeoutOrNull) {
    Objects.requireNonNull(item, "item");
    long nanos = timeoutNanos(block, timeoutOrNull);
    lock.lock();
    try {
      checkNotShutDown("put");
      if (maxsize > 0) {
        if (!block) {
          if (items.size() >= maxsize) {
            throw fullError();
          }
        } else if (nanos < 0) {
          while (items.size() >= maxsize) {
            await(notFull, "put");
            checkNotShutDown("put");
          }
        } else {
          while (items.size() >= maxsize) {
            if (nanos <= 0) {
              throw fullError();
            }
            nanos = awaitNanos(notFull, nanos, "put");
            checkNotShutDown("put");
          }
        }
      }
      try {
        items.put(item);
      } catch (RuntimeException | Error e) {
        passOn(notFull, maxsize <= 0 || items.size() < maxsize);
        throw e;
      }
      unfinishedTasks++;
      notEmpty.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Puts {@code item} if there is room now, else {@link QueueFull}. */
  public void putNowait(T item) {
    put(item, false, null);
  }

  // ---- get ------------------------------------------------------------------------------------

  /** Removes and returns the next item, waiting as long as the queue is empty. */
  public T get() {
    return get(true, null);
  }

  /** Takes the next item, waiting at most {@code timeout} seconds; else {@link QueueEmpty}. */
  public T get(double timeout) {
    return get(true, timeout);
  }

  /**
   * Python's {@code get(block, timeout)}: {@link QueueEmpty} when it gives up, {@link
   * QueueShutDown} once the queue is shut down and empty.
   */
  public T get(boolean block, Double timeoutOrNull) {
    long nanos = timeoutNanos(block, timeoutOrNull);
    lock.lock();
    try {
      checkGettable();
      if (!block) {
        if (items.size() == 0) {
          throw new QueueEmpty("queue is empty");
        }
      } else if (nanos < 0) {
        while (items.size() == 0) {
          await(notEmpty, "get");
          checkGettable();
        }
      } else {
        while (items.size() == 0) {
          if (nanos <= 0) {
            throw new QueueEmpty("queue is still empty after the timeout");
          }
          nanos = awaitNanos(notEmpty, nanos, "get");
          checkGettable();
        }
      }
      T item = items.get();
      notFull.signal();
      return item;
    } finally {
      lock.unlock();
    }
  }

  /** Removes and returns an item if one is queued now, else {@link QueueEmpty}. */
  public T getNowait() {
    return get(false, null);
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

  /** The bound given at creation; {@code <= 0} means unbounded. */
  public int maxsize() {
    return maxsize;
  }

  // ---- tasks ----------------------------------------------------------------------------------

  /**
   * Marks one item as processed. {@link IllegalStateException} (Python's ValueError) if called more
   * times than items were put.
   */
  public void taskDone() {
    lock.lock();
    try {
      long unfinished = unfinishedTasks - 1;
      if (unfinished <= 0) {
        if (unfinished < 0) {
          throw new IllegalStateException("taskDone() called too many times");
        }
        allTasksDone.signalAll();
      }
      unfinishedTasks = unfinished;
    } finally {
      lock.unlock();
    }
  }

  /** Blocks until every item put has been marked done with {@link #taskDone}. */
  public void join() {
    lock.lock();
    try {
      while (unfinishedTasks > 0) {
        await(allTasksDone, "join");
      }
    } finally {
      lock.unlock();
    }
  }

  // ---- shutdown (Python 3.13) -----------------------------------------------------------------

  /**
   * Shuts the queue down: every later put, and every get once the queue is empty, raises {@link
   * QueueShutDown}; blocked putters and getters are woken to see it. With {@code immediate}, the
   * queued items are dropped (each counted as done, so {@link #join} returns) and getters raise at
   * once. May be called again, also with another {@code immediate}.
   */
  public void shutdown(boolean immediate) {
    lock.lock();
    try {
      shutdown = true;
      if (immediate) {
        while (items.size() > 0) {
          items.get();
          if (unfinishedTasks > 0) {
            unfinishedTasks--;
          }
        }
        allTasksDone.signalAll();
      }
      notEmpty.signalAll();
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Same as {@code shutdown(false)}. */
  public void shutdown() {
    shutdown(false);
  }

  public boolean isShutdown() {
    lock.lock();
    try {
      return shutdown;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "JoinableQueue["
          + kind
          + ", maxsize="
          + maxsize
          + ", qsize="
          + items.size()
          + ", unfinished="
          + unfinishedTasks
          + (shutdown ? ", shut down" : "")
          + "]";
    } finally {
      lock.unlock();
    }
  }

  // ---- internals ------------------------------------------------------------------------------

  private QueueFull fullError() {
    return new QueueFull("queue is full (maxsize " + maxsize + ")");
  }

  private void checkNotShutDown(String method) {
    if (shutdown) {
      throw new QueueShutDown(method + "() on a queue that was shut down");
    }
  }

  private void checkGettable() {
    if (shutdown && items.size() == 0) {
      throw new QueueShutDown("get() on a queue that was shut down and is empty");
    }
  }

  /** -1: no limit; else the timeout in nanoseconds. Validates as Python does, for any block. */
  static long timeoutNanos(boolean block, Double timeoutOrNull) {
    if (!block || timeoutOrNull == null) {
      return -1;
    }
    double t = timeoutOrNull;
    if (Double.isNaN(t) || t < 0) {
      throw new IllegalArgumentException("'timeout' must be a non-negative number, not " + t);
    }
    return ThreadSide.toNanos(t);
  }

  private void await(Condition c, String method) {
    ThreadSide.checkMayBlock(method + "()", "use a BridgeQueue, or the nowait methods");
    try {
      c.await();
    } catch (InterruptedException e) {
      throw interrupted(c, method, e);
    }
  }

  private long awaitNanos(Condition c, long nanos, String method) {
    ThreadSide.checkMayBlock(method + "()", "use a BridgeQueue, or the nowait methods");
    try {
      return c.awaitNanos(nanos);
    } catch (InterruptedException e) {
      throw interrupted(c, method, e);
    }
  }

  /** An interrupted waiter may have taken a signal meant for another: it passes it on. */
  private CancellationException interrupted(Condition c, String method, InterruptedException e) {
    if (c == notEmpty) {
      passOn(c, items.size() > 0);
    } else if (c == notFull) {
      passOn(c, maxsize <= 0 || items.size() < maxsize);
    }
    return ThreadSide.interrupted("in " + method + "()", e);
  }

  private static void passOn(Condition c, boolean worthIt) {
    if (worthIt) {
      c.signal();
    }
  }

  /** Python's {@code _init/_qsize/_put/_get} hooks; called with the lock held. */
  interface Storage<T> {
    void put(T item);

    T get();

    int size();
  }

  private static final class Fifo<T> implements Storage<T> {
    private final ArrayDeque<T> deque = new ArrayDeque<>();

    @Override
    public void put(T item) {
      deque.addLast(item);
    }

    @Override
    public T get() {
      return deque.pollFirst();
    }

    @Override
    public int size() {
      return deque.size();
    }
  }

  private static final class Lifo<T> implements Storage<T> {
    private final ArrayDeque<T> deque = new ArrayDeque<>();

    @Override
    public void put(T item) {
      deque.addFirst(item);
    }

    @Override
    public T get() {
      return deque.pollFirst();
    }

    @Override
    public int size() {
      return deque.size();
    }
  }

  /**
   * A sorted set of (item, insertion number): a comparator that throws fails an insertion before
   * anything changed (a binary heap would be left half sifted), and ties keep insertion order.
   */
  private static final class Priority<T> implements Storage<T> {
    private record Entry<T>(T item, long sequence) {}

    private final TreeSet<Entry<T>> set;
    private long nextSequence;

    Priority(Comparator<? super T> order) {
      this.set =
          new TreeSet<>(
              (a, b) -> {
                int c = order.compare(a.item(), b.item());
                return c != 0 ? c : Long.compare(a.sequence(), b.sequence());
              });
    }

    @Override
    public void put(T item) {
      set.add(new Entry<>(item, nextSequence));
      nextSequence++;
    }

    @Override
    public T get() {
      return set.pollFirst().item();
    }

    @Override
    public int size() {
      return set.size();
    }
  }
}
