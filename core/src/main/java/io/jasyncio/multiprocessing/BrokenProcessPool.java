package io.jasyncio.multiprocessing;

/**
 * A worker of a {@code ProcessPoolExecutor} died abruptly (killed, {@code System.exit}, out of
 * memory) or its initializer failed (Python's {@code concurrent.futures.process.BrokenProcessPool}).
 * Every running and pending call of the pool fails with it, and every later submit throws it: the
 * pool is unusable and never hangs. The message names the worker's pid and exit code.
 *
 * {@snippet class=io.jasyncio.multiprocessing.MultiprocessingSnippetsTest region=brokenProcessPool}
 */
public class BrokenProcessPool extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With a message that says which worker died and how. */
  public BrokenProcessPool(String message) {
    super(message);
  }

  /** With a message and the failure that broke the pool (an initializer's exception, say). */
  public BrokenProcessPool(String message, Throwable cause) {
    super(message, cause);
  }
}
