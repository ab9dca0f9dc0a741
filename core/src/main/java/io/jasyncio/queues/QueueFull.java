package io.jasyncio.queues;

/**
 * Raised by {@link Queue#putNowait(Object)} when the queue holds {@link Queue#maxsize()} items
 * (Python's {@code asyncio.QueueFull}).
 *
 * {@snippet class=io.jasyncio.queues.QueuesSnippetsTest region=full}
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
