package io.jasyncio;

/**
 * Raised inside a coroutine at its suspension point when its task is cancelled, and by {@link
 * Future#result()} of a cancelled future.
 *
 * <p>An {@link Error}, not an {@link Exception}: an ordinary {@code catch (Exception e)} must not
 * swallow a cancellation, or timeouts and task groups silently break. Catch it only to clean up,
 * and rethrow it.
 *
 * {@snippet class=io.jasyncio.AsyncioSnippetsTest region=cancelledError}
 */
public class CancelledError extends Error {
  private static final long serialVersionUID = 1L;

  /** A cancellation without a message. */
  public CancelledError() {
    super();
  }

  /** A cancellation carrying the message given to {@code cancel(msg)}; null for none. */
  public CancelledError(String message) {
    super(message);
  }
}
