package io.jasyncio.http;

/**
 * The client's timeouts in seconds (aiohttp's {@code ClientTimeout}); null means no limit. Each
 * raises {@link io.jasyncio.TimeoutError} with a message naming it:
 *
 * <ul>
 *   <li>{@code total} ("total"): the whole request, from the wait for a connection to the end of
 *       the body, redirects included (300 s by default);
 *   <li>{@code connect} ("connect"): waiting for a free connection of the pool plus opening one;
 *   <li>{@code sockConnect} ("sock_connect"): opening one connection, TLS handshake included (30 s
 *       by default);
 *   <li>{@code sockRead} ("sock_read"): the longest wait for the next bytes of the response.
 * </ul>
 *
 * {@snippet class=io.jasyncio.http.HttpSnippetsTest region=clientTimeout}
 *
 * <p>Threads: immutable.
 *
 * @param total the whole request, or null
 * @param connect pool wait plus connection set-up, or null
 * @param sockConnect connection set-up, or null
 * @param sockRead the longest gap between reads, or null
 */
public record ClientTimeout(Double total, Double connect, Double sockConnect, Double sockRead) {
  /** Checks that every limit given is positive. */
  public ClientTimeout {
    check("total", total);
    check("connect", connect);
    check("sockConnect", sockConnect);
    check("sockRead", sockRead);
  }

  private static void check(String name, Double v) {
    if (v != null && !(v > 0)) {
      throw new IllegalArgumentException(name + " must be positive or null: " + v);
    }
  }

  /** total 300 s, sockConnect 30 s, the others unlimited. */
  public static ClientTimeout defaults() {
    return new ClientTimeout(300.0, null, 30.0, null);
  }
}
