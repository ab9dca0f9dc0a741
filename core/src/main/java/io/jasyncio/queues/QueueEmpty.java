package io.jasyncio.queues;

/**
 * Raised by a non-blocking or timed get on an empty queue: Python's {@code queue.Empty} / {@code
 * asyncio.QueueEmpty}. Thrown in the thread that called the queue method.
 *
 * {@snippet :
 * q.getNowait();   // QueueEmpty when nothing is queued
 * }
 */
public class QueueEmpty extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public QueueEmpty() {
    super();
  }

  public QueueEmpty(String message) {
    super(message);
  }
}
