package io.jasyncio.queues;

/**
 * Raised by {@link Queue#getNowait()} when the queue holds no item (Python's {@code
 * asyncio.QueueEmpty}).
 *
 * {@snippet class=io.jasyncio.queues.QueuesSnippetsTest region=empty}
 */
public class QueueEmpty extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Without a message. */
  public QueueEmpty() {
    super();
  }

  /** With a message saying what was attempted. */
  public QueueEmpty(String message) {
    super(message);
  }
}
