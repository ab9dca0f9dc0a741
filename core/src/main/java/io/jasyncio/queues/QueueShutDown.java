package io.jasyncio.queues;

/**
 * Raised by the methods of a {@link Queue} that was {@linkplain Queue#shutdown(boolean) shut down}:
 * every put, and every get once the queue is empty (Python 3.13's {@code asyncio.QueueShutDown}).
 *
 * {@snippet class=io.jasyncio.queues.QueuesSnippetsTest region=shutdown}
 */
public class QueueShutDown extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Without a message. */
  public QueueShutDown() {
    super();
  }

  /** With a message saying what was attempted. */
  public QueueShutDown(String message) {
    super(message);
  }
}
