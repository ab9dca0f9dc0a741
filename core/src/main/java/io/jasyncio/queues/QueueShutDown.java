package io.jasyncio.queues;

/**
 * Raised by puts, and by gets once no item is left, on a queue that was shut down: Python 3.13's
 * {@code queue.ShutDown} / {@code asyncio.QueueShutDown}. Thrown in the thread that called the
 * queue method.
 *
 * {@snippet :
 * q.shutdown(false);
 * q.put(x);        // QueueShutDown
 * }
 */
public class QueueShutDown extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public QueueShutDown() {
    super();
  }

  public QueueShutDown(String message) {
    super(message);
  }
}
