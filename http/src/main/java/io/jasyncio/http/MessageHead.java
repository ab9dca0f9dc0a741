package io.jasyncio.http;

/**
 * The start line and header fields of one parsed message, with the framing the parser derived
 * from them.
 *
 * @param method the request method, or null for a response
 * @param target the request target as sent, or null for a response
 * @param minorVersion 0 for HTTP/1.0, 1 for HTTP/1.1
 * @param status the response status, or 0 for a request
 * @param reason the response reason phrase, or null for a request
 * @param headers the header fields in order
 * @param framing how the body is delimited
 * @param contentLength the announced length, or -1 when none was sent
 * @param keepAlive whether the connection may carry another message after this one
 * @param expectContinue whether the request carries {@code Expect: 100-continue}
 */
record MessageHead(
    String method,
    String target,
    int minorVersion,
    int status,
    String reason,
    Headers headers,
    Framing framing,
    long contentLength,
    boolean keepAlive,
    boolean expectContinue) {

  /** How a body is delimited. */
  enum Framing {
    /** No body at all. */
    NONE,
    /** Exactly {@code contentLength} bytes. */
    LENGTH,
    /** Transfer-Encoding: chunked. */
    CHUNKED,
    /** Everything up to the end of the connection (responses only). */
    UNTIL_CLOSE
  }

  /** "HTTP/1.0" or "HTTP/1.1". */
  String version() {
    return minorVersion == 0 ? "HTTP/1.0" : "HTTP/1.1";
  }
}
