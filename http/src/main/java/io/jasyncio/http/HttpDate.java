package io.jasyncio.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The {@code Date} header value, formatted at most once a second (IMF-fixdate). */
final class HttpDate {
  private HttpDate() {}

  private record Cached(long second, String value) {}

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.US);

  private static volatile Cached cached = new Cached(-1, "");

  static String now() {
    return at(System.currentTimeMillis());
  }

  /** The value for the wall-clock time {@code epochMillis}: the cached one within its second. */
  static String at(long epochMillis) {
    long s = Math.floorDiv(epochMillis, 1000);
    Cached c = cached;
    if (c.second != s) {
      c = new Cached(s, FORMAT.format(Instant.ofEpochSecond(s).atOffset(ZoneOffset.UTC)));
      cached = c;
    }
    return c.value;
  }
}
