package io.jasyncio.queues;

/**
 * Raised by the methods of a {@link Queue} that was {@linkplain Queue#shutdown(boolean) shut down}:
 * every put, and every get once the queue is empty (Python 3.13's {@code asyncio.QueueShutDown}).
 *
 * {@snippet :
 * while (true) {
 *   String job;
 *   try {
 *     job = queue.get();
 *   } catch (QueueShutDown e) {
 *     break;                          // the producer shut the queue down and it is drained
 *   }
 *   handle(job);
 *   queue.taskDone();
 * }
 * }
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
