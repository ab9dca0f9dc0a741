package io.jasyncio.http;

/**
 * A malformed or truncated response (aiohttp's {@code ClientPayloadError}): the connection ended
 * inside the body, the framing was invalid, or a compressed body could not be decoded.
 *
 * {@snippet class=io.jasyncio.http.HttpSnippetsTest region=clientPayloadError}
 *
 * <p>Threads: an ordinary exception object.
 */
public class ClientPayloadError extends ClientError {
  /** An error with {@code message}. */
  public ClientPayloadError(String message) {
    super(message);
  }

  /** An error with {@code message} and its cause. */
  public ClientPayloadError(String message, Throwable cause) {
    super(message, cause);
  }
}
