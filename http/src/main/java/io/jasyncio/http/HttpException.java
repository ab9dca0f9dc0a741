package io.jasyncio.http;

/**
 * Thrown by a handler (or a middleware) to answer with a status (aiohttp's {@code
 * web.HTTPException}): {@code throw new HttpException(404)} sends a 404 whose body is the reason
 * phrase, or the text given.
 *
 * {@snippet class=io.jasyncio.http.HttpSnippetsTest region=httpException}
 *
 * <p>Threads: an ordinary exception object.
 */
public class HttpException extends RuntimeException {
  private final int status;
  private final String text;
  private final Headers headers;

  /** Answers with {@code status} and its reason phrase as the body. */
  public HttpException(int status) {
    this(status, null, null);
  }

  /** Answers with {@code status} and {@code text} as the body. */
  public HttpException(int status, String text) {
    this(status, text, null);
  }

  /** Answers with {@code status}, {@code text} and extra headers (a 405's {@code Allow}). */
  public HttpException(int status, String text, Headers headersOrNull) {
    super(status + " " + Statuses.reason(status) + (text != null ? ": " + text : ""));
    if (status < 100 || status > 999) {
      throw new IllegalArgumentException("not an HTTP status: " + status);
    }
    this.status = status;
    this.text = text;
    this.headers = headersOrNull == null ? new Headers() : headersOrNull.copy();
  }

  /** The status answered. */
  public int status() {
    return status;
  }

  /** The body text: the one given, else "status reason". */
  public String text() {
    return text != null ? text : status + ": " + Statuses.reason(status);
  }

  /** A copy of the extra headers sent with the answer. */
  public Headers headers() {
    return headers.copy();
  }

  /** The response this exception stands for. */
  Response toResponse() {
    Response r = Response.text(text()).withStatus(status);
    for (var e : headers) {
      r = r.withHeader(e.getKey(), e.getValue());
    }
    return r;
  }
}
