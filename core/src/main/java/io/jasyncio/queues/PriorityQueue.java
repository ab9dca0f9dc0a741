package io.jasyncio.queues;

import java.util.Comparator;
import java.util.Objects;

/**
 * A queue that returns its smallest item first, for the tasks of one event loop: asyncio's {@code
 * PriorityQueue}. Items are ordered by a {@link Comparator}, or by their natural order ({@link
 * Comparable}) when none is given; items of equal priority come out in the order they were put (a
 * stable order, which Python's heap does not promise). Everything else (back-pressure, FIFO
 * waiters, {@code taskDone}/{@code join}, shutdown) is as in {@link Queue}.
 *
 * <p>Without a comparator, putting an item that is not {@link Comparable} throws {@link
 * IllegalArgumentException} (Python's TypeError).
 *
 * <p><b>Threads.</b> Loop-bound and not thread-safe, as {@link Queue}.
 *
 * {@snippet class=io.jasyncio.queues.QueuesSnippetsTest region=priority}
 *
 * @param <T> the item type (items are never null)
 */
public class PriorityQueue<T> extends Queue<T> {
  /** An item with its insertion number, which breaks ties between equal priorities. */
  private record Entry<T>(T item, long sequence) {}

  private final Comparator<? super T> order;
  private final java.util.PriorityQueue<Entry<T>> heap;
  private long nextSequence;

  /** An unbounded queue in the natural order of its (Comparable) items. */
  public PriorityQueue() {
    this(0);
  }

  /** A queue of at most {@code maxsize} items in their natural order; zero or less: unbounded. */
  public PriorityQueue(int maxsize) {
    this(maxsize, null);
  }

  /** An unbounded queue ordered by {@code order}. */
  public PriorityQueue(Comparator<? super T> order) {
    this(0, Objects.requireNonNull(order, "order"));
  }

  /**
   * A queue of at most {@code maxsize} items (zero or less: unbounded) ordered by {@code order};
   * null means the natural order of Comparable items.
   */
  public PriorityQueue(int maxsize, Comparator<? super T> order) {
    super(maxsize);
    this.order = order;
    Comparator<Entry<T>> byItem =
        order != null ? (a, b) -> order.compare(a.item(), b.item()) : PriorityQueue::natural;
    this.heap = new java.util.PriorityQueue<>(byItem.thenComparingLong(Entry::sequence));
  }

  @SuppressWarnings("unchecked")
  private static <T> int natural(Entry<T> a, Entry<T> b) {
    return ((Comparable<Object>) a.item()).compareTo(b.item());
  }

  @Override
  protected void putItem(T item) {
    if (order == null && !(item instanceof Comparable)) {
      throw new IllegalArgumentException(
          "PriorityQueue without a comparator needs Comparable items, got "
              + item.getClass().getName());
    }
    heap.add(new Entry<>(item, nextSequence++));
  }

  @Override
  protected T getItem() {
    return heap.remove().item();
  }

  @Override
  protected int itemCount() {
    return heap.size();
  }
}
