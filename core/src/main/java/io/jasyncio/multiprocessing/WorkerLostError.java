package io.jasyncio.multiprocessing;

/**
 * The worker process of a {@code Pool} that was running this task died (killed, {@code
 * System.exit}, out of memory). Only that task fails; the pool starts a replacement worker and goes
 * on (Python's pool hangs in this case instead, bpo-22393). The message names the worker's pid and
 * exit code.
 *
 * {@snippet class=io.jasyncio.multiprocessing.MultiprocessingSnippetsTest region=workerLostError}
 */
public class WorkerLostError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With a message that says which worker died and how. */
  public WorkerLostError(String message) {
    super(message);
  }
}
