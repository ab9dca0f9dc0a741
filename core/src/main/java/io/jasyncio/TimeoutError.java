package io.jasyncio;

/**
 * A deadline passed: raised by {@link Asyncio#waitFor}, {@link Asyncio#timeout}, {@link
 * Asyncio#asCompleted} and the thread-side {@code Futures} functions. When a timeout cancelled the
 * work, the cause is the {@link CancelledError} that the work saw.
 *
 * {@snippet class=io.jasyncio.AsyncioSnippetsTest region=timeoutError}
 */
public class TimeoutError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TimeoutError() {
    super();
  }

  public TimeoutError(String message) {
    super(message);
  }

  public TimeoutError(String message, Throwable cause) {
    super(message, cause);
  }
}
