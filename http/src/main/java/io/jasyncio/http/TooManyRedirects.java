package io.jasyncio.http;

/**
 * A response would need one redirect more than {@code maxRedirects} (10 by default) allows.
 *
 * {@snippet class=io.jasyncio.http.HttpSnippetsTest region=tooManyRedirects}
 *
 * <p>Threads: an ordinary exception object.
 */
public class TooManyRedirects extends ClientResponseError {
  /** The error for the redirect response of {@code status} with {@code headers}. */
  public TooManyRedirects(int status, Headers headers, String message) {
    super(status, headers, message);
  }
}
