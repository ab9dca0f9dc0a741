package io.jasyncio.queues;

/**
 * Raised by a non-blocking or timed put on a full queue: Python's {@code queue.Full} / {@code
 * asyncio.QueueFull}. Thrown in the thread that called the queue method.
 *
 * {@snippet :
 * q.putNowait(x);  // QueueFull when the queue is at its maxsize
 * }
 */
public class QueueFull extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public QueueFull() {
    super();
  }

  public QueueFull(String message) {
    super(message);
  }
}
