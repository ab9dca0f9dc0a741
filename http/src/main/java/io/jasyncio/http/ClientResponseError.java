package io.jasyncio.http;

/**
 * A response the client refuses: a status of 400 or more under {@code raiseForStatus} (aiohttp's
 * {@code ClientResponseError}), or too many redirects ({@link TooManyRedirects}).
 *
 * {@snippet class=io.jasyncio.http.HttpSnippetsTest region=clientResponseError}
 *
 * <p>Threads: an ordinary exception object.
 */
public class ClientResponseError extends ClientError {
  private final int status;
  private final Headers headers;

  /** The error for a response of {@code status} with {@code headers}. */
  public ClientResponseError(int status, Headers headers, String message) {
    super(message);
    this.status = status;
    this.headers = headers == null ? new Headers() : headers.copy();
  }

  /** The response's status. */
  public int status() {
    return status;
  }

  /** A copy of the response's headers. */
  public Headers headers() {
    return headers.copy();
  }
}
