package io.jasyncio.streams;

import javax.net.ssl.SSLContext;

/**
 * Options of a connection or server: the readers' limit, and TLS.
 *
 * <p>{@code tls} null means plain TCP. For a client, {@code serverHostname} is the name sent
 * (SNI) and checked against the server's certificate; null means the host connected to. A server
 * ignores it.
 *
 * {@snippet class=io.jasyncio.streams.StreamsSnippetsTest region=streamOptions}
 *
 * <p>Immutable; any thread may use it.
 *
 * @param limit the {@link StreamReader} limit, greater than 0
 * @param tls the TLS context, or null for none
 * @param serverHostname the name the client expects, or null
 */
public record StreamOptions(int limit, SSLContext tls, String serverHostname) {
  public StreamOptions {
    if (limit <= 0) {
      throw new IllegalArgumentException("Limit cannot be <= 0");
    }
  }

  /** Limit 64 KiB, no TLS. */
  public static StreamOptions defaults() {
    return new StreamOptions(StreamReader.DEFAULT_LIMIT, null, null);
  }

  public StreamOptions withLimit(int limit) {
    return new StreamOptions(limit, tls, serverHostname);
  }

  public StreamOptions withTls(SSLContext tls, String serverHostname) {
    return new StreamOptions(limit, tls, serverHostname);
  }
}
