package io.jasyncio.queues;

import java.util.ArrayDeque;

/**
 * A last-in first-out queue (a stack) for the tasks of one event loop: asyncio's {@code LifoQueue}.
 * {@link #get()} returns the item put most recently; everything else (back-pressure, FIFO waiters,
 * {@code taskDone}/{@code join}, shutdown) is as in {@link Queue}.
 *
 * <p><b>Threads.</b> Loop-bound and not thread-safe, as {@link Queue}.
 *
 * {@snippet class=io.jasyncio.queues.QueuesSnippetsTest region=lifo}
 *
 * @param <T> the item type (items are never null)
 */
public class LifoQueue<T> extends Queue<T> {
  private final ArrayDeque<T> stack = new ArrayDeque<>();

  /** An unbounded stack. */
  public LifoQueue() {
    super();
  }

  /** A stack of at most {@code maxsize} items; zero or less: unbounded. */
  public LifoQueue(int maxsize) {
    super(maxsize);
  }

  @Override
  protected void putItem(T item) {
    stack.addLast(item);
  }

  @Override
  protected T getItem() {
    return stack.pollLast();
  }

  @Override
  protected int itemCount() {
    return stack.size();
  }
}
