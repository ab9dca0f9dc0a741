package io.jasyncio.queues;

/**
 * Raised by {@link Queue#putNowait(Object)} when the queue holds {@link Queue#maxsize()} items
 * (Python's {@code asyncio.QueueFull}).
 *
 * {@snippet :
 * try {
 *   queue.putNowait(item);
 * } catch (QueueFull e) {
 *   // no room now; queue.put(item) would suspend instead
 * }
 * }
 */
public class QueueFull extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Without a message. */
  public QueueFull() {
    super();
  }

  /** With a message saying what was attempted. */
  public QueueFull(String message) {
    super(message);
  }
}
