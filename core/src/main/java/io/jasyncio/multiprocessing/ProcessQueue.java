package io.jasyncio.multiprocessing;

import io.jasyncio.internal.util.ThreadSide;
import io.jasyncio.internal.process.Broker;
import io.jasyncio.internal.process.SharedObjects;
import java.io.Serializable;

/**
 * Python's {@code multiprocessing.Queue}: a FIFO queue shared by this process and its children.
 *
 * <p>The queue lives in the process that created it; captured by a {@link Process} target or passed
 * inside a task's arguments, it arrives in the child as a handle to the same queue (usable in the
 * creating process and its children). Items travel with Java serialization: {@link #put} fails at
 * once with an {@link IllegalArgumentException} naming the class of an item that cannot be
 * serialized. FIFO order holds, and each producer's items keep their order; no item is lost or
 * duplicated while the processes live. A consumer that dies holding items it had taken loses them,
 * as in Python.
 *
 * <p><b>When a put counts.</b> In the process that created the queue, an operation is done when
 * it returns. In a child, a put on an unbounded queue is sent without awaiting an answer (nothing
 * can fail on the owner's side: the item is serialized, and rejected, in the caller), deferred so
 * that several travel in one write: it goes out with the child's next request to the same owner (a
 * {@code get}, a bounded put, {@code qsize()}, an event), else from a flusher thread within about a
 * millisecond, and before the child ends. The owner performs each process's operations in the
 * order that process made them. So a put is counted before any later operation of the same
 * process on a queue or event of the same owner is performed, and before that process is seen
 * ended ({@link Process#join()}, {@code exitcode()}, {@code isAlive()}). A process that lets
 * another one know of its puts by other means (a file, a socket, an object of its own) makes one
 * answered call on the queue first ({@code qsize()}): when it returns, every put it made before is
 * counted.
 *
 * <p>Blocking, timeouts and {@code Nowait} forms are those of {@code
 * io.jasyncio.concurrent.JoinableQueue}: {@link io.jasyncio.queues.QueueFull} and {@link
 * io.jasyncio.queues.QueueEmpty} when giving up; timeouts in seconds, null waits as long as needed.
 *
 * <p><b>Threads.</b> Thread-safe; blocking methods block the calling thread. A thread interrupted
 * while it blocks gets a {@link java.util.concurrent.CancellationException} (its interrupt status
 * stays set) and no item is taken.
 *
 * {@snippet class=io.jasyncio.multiprocessing.MultiprocessingSnippetsTest region=processQueue}
 *
 * @param <T> the item type (serializable)
 */
public final class ProcessQueue<T> implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String address;
  private final long id;
  private final int maxsize;
  private transient volatile boolean closed;

  /** An unbounded queue. */
  public ProcessQueue() {
    this(0);
  }

  /** A queue of at most {@code maxsize} items ({@code <= 0}: unbounded). */
  public ProcessQueue(int maxsize) {
    this.address = Broker.get().address();
    this.maxsize = Math.max(0, maxsize);
    this.id = SharedObjects.newQueue(this.maxsize);
  }

  /** Puts {@code item}, waiting for room as long as needed. */
  public void put(T item) {
    put(item, true, null);
  }

  /** Puts {@code item}; {@link io.jasyncio.queues.QueueFull} when it gives up. */
  public void put(T item, boolean block, Double timeoutOrNull) {
    if (block) {
      ThreadSide.checkMayBlock("ProcessQueue.put()", "use the nowait methods, or Asyncio.toThread(...) in a coroutine");
    }
    if (closed) {
      throw new IllegalStateException("this queue handle is closed");
    }
    SharedOps.put(address, id, maxsize == 0, item, block, timeoutOrNull);
  }

  /** Takes the next item, waiting as long as needed. */
  public T get() {
    return get(true, null);
  }

  /** Takes the next item; {@link io.jasyncio.queues.QueueEmpty} when it gives up. */
  public T get(boolean block, Double timeoutOrNull) {
    if (block) {
      ThreadSide.checkMayBlock("ProcessQueue.get()", "use the nowait methods, or Asyncio.toThread(...) in a coroutine");
    }
    return SharedOps.get(address, id, block, timeoutOrNull);
  }

  /** {@code put(item, false, null)}. */
  public void putNowait(T item) {
    put(item, false, null);
  }

  /** {@code get(false, null)}. */
  public T getNowait() {
    return get(false, null);
  }

  /** The number of items now in the queue. */
  public int qsize() {
    return SharedOps.qsize(address, id);
  }

  /** Whether the queue holds no item now. */
  public boolean empty() {
    return qsize() == 0;
  }

  /** Whether the queue is bounded and at its bound now. */
  public boolean full() {
    return maxsize > 0 && qsize() >= maxsize;
  }

  /** This handle puts no more (a later put throws {@link IllegalStateException}). */
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "ProcessQueue[" + id + (maxsize > 0 ? ", maxsize=" + maxsize : "") + "]";
  }
}
