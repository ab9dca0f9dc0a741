package io.jasyncio.http;

import javax.net.ssl.SSLContext;

/**
 * Settings of a {@link WebServer}: TLS, the idle keep-alive timeout (75 s), the time a client has
 * to send a request's headers (10 s, then 408), the request line and header field limits (8190
 * bytes: 414 and 431), the header count limit (128: 431) and the listen backlog (128).
 *
 * {@snippet class=io.jasyncio.http.HttpSnippetsTest region=serverOptions}
 *
 * <p>Threads: immutable.
 *
 * @param tls the server's TLS context, or null for plain HTTP
 * @param keepAliveTimeout seconds an idle connection is kept open
 * @param headerTimeout seconds from the first byte of a request to the end of its headers
 * @param maxLineSize the longest request line (bytes)
 * @param maxFieldSize the longest header field line (bytes)
 * @param maxHeaders the most header fields of one request
 * @param backlog the listen backlog
 */
public record ServerOptions(SSLContext tls, double keepAliveTimeout, double headerTimeout,
    int maxLineSize, int maxFieldSize, int maxHeaders, int backlog) {

  /** Checks the values. */
  public ServerOptions {
    if (!(keepAliveTimeout > 0) || !(headerTimeout > 0)) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
    if (maxLineSize < 16 || maxFieldSize < 16 || maxHeaders < 1 || backlog < 1) {
      throw new IllegalArgumentException("limits too small");
    }
  }

  /** No TLS, 75 s, 10 s, 8190, 8190, 128, 128. */
  public static ServerOptions defaults() {
    return new ServerOptions(null, 75, 10, 8190, 8190, 128, 128);
  }

  /** A copy serving TLS with {@code tls}. */
  public ServerOptions withTls(SSLContext tls) {
    return new ServerOptions(tls, keepAliveTimeout, headerTimeout, maxLineSize, maxFieldSize,
        maxHeaders, backlog);
  }

  /** A copy with another idle keep-alive timeout. */
  public ServerOptions withKeepAliveTimeout(double seconds) {
    return new ServerOptions(tls, seconds, headerTimeout, maxLineSize, maxFieldSize, maxHeaders,
        backlog);
  }

  /** A copy with another header timeout. */
  public ServerOptions withHeaderTimeout(double seconds) {
    return new ServerOptions(tls, keepAliveTimeout, seconds, maxLineSize, maxFieldSize,
        maxHeaders, backlog);
  }

  Limits limits() {
    return new Limits(maxLineSize, maxFieldSize, maxHeaders,
        Math.max(64 * 1024, maxFieldSize));
  }
}
