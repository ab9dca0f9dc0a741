package io.jasyncio.http;

import java.io.IOException;

/**
 * The base of the client's errors (aiohttp's {@code ClientError}). Timeouts are not among them:
 * they raise {@link io.jasyncio.TimeoutError}, whose message names the timeout.
 *
 * {@snippet class=io.jasyncio.http.HttpSnippetsTest region=clientError}
 *
 * <p>Threads: an ordinary exception object.
 */
public class ClientError extends IOException {
  /** An error with {@code message}. */
  public ClientError(String message) {
    super(message);
  }

  /** An error with {@code message} and its cause. */
  public ClientError(String message, Throwable cause) {
    super(message, cause);
  }
}
