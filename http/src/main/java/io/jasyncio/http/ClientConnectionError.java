package io.jasyncio.http;

/**
 * The connection failed: refused, reset, the server closed it before answering, or the session
 * was closed (aiohttp's {@code ClientConnectionError}).
 *
 * {@snippet class=io.jasyncio.http.HttpSnippetsTest region=clientConnectionError}
 *
 * <p>Threads: an ordinary exception object.
 */
public class ClientConnectionError extends ClientError {
  /** An error with {@code message}. */
  public ClientConnectionError(String message) {
    super(message);
  }

  /** An error with {@code message} and its cause. */
  public ClientConnectionError(String message, Throwable cause) {
    super(message, cause);
  }
}
