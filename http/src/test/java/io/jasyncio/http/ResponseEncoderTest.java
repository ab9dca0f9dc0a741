package io.jasyncio.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class ResponseEncoderTest {
  private static String text(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  @Test
  void writesTheHeadTheServerDecidesThenTheBody() {
    ResponseEncoder e = new ResponseEncoder();
    Headers h = Headers.of("Content-Type", "text/plain", "Content-Length", "99",
        "Connection", "keep-alive", "X-Id", "7");
    String s = text(e.encode(200, h, 12345678901L, false, false, false,
        "body".getBytes(StandardCharsets.US_ASCII)));
    assertTrue(s.startsWith("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Id: 7\r\nDate: "), s);
    assertTrue(s.endsWith("\r\nServer: jasyncio\r\nContent-Length: 12345678901\r\n"
        + "Connection: close\r\n\r\nbody"), s);
  }

  @Test
  void writesHeaderValuesAsIso88591LikeStringGetBytes() {
    ResponseEncoder e = new ResponseEncoder();
    String value = "caf\u00e9 \u20ac \ud83d\ude00 end";
    Headers h = Headers.of("X-Text", value, "Date", "d", "Server", "s");
    String s = text(e.encode(299, h, 0, true, true, true, null));
    String expected = "HTTP/1.1 299 " + Statuses.reason(299) + "\r\nX-Text: "
        + new String(value.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1)
        + "\r\nDate: d\r\nServer: s\r\nContent-Length: 0\r\nTransfer-Encoding: chunked\r\n"
        + "Connection: keep-alive\r\n\r\n";
    assertEquals(expected, s);
  }

  @Test
  void aBufferIsReusedAndGrowsForALargeHead() {
    ResponseEncoder e = new ResponseEncoder();
    Headers big = Headers.of("X-Big", "x".repeat(5000));
    String first = text(e.encode(404, big, -1, false, true, false, null));
    assertTrue(first.startsWith("HTTP/1.1 404 Not Found\r\nX-Big: xxx"), first);
    assertTrue(first.contains("x".repeat(5000) + "\r\n"));
    String second = text(e.encode(204, new Headers(), -1, false, true, false, null));
    assertTrue(second.startsWith("HTTP/1.1 204 No Content\r\nDate: "), second);
    assertTrue(second.endsWith("\r\nServer: jasyncio\r\n\r\n"), second);
  }

  @Test
  void theDateIsFormattedOnceASecondInTheHttpFormat() {
    long t = Instant.parse("1994-11-06T08:49:37Z").toEpochMilli();
    String first = HttpDate.at(t);
    assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", first);  // the example of RFC 7231, 7.1.1.1
    assertSame(first, HttpDate.at(t + 999), "within the same second: the cached value");
    String next = HttpDate.at(t + 1000);
    assertEquals("Sun, 06 Nov 1994 08:49:38 GMT", next);
    assertSame(next, HttpDate.at(t + 1500));
    assertEquals("Mon, 07 Nov 1994 00:00:00 GMT",
        HttpDate.at(Instant.parse("1994-11-07T00:00:00.250Z").toEpochMilli()));
    assertEquals("Thu, 01 Jan 1970 00:00:00 GMT", HttpDate.at(0));
    assertEquals("Wed, 31 Dec 1969 23:59:59 GMT", HttpDate.at(-1));
  }

  @Test
  void theEncoderWritesTheDateOfNowInTheHttpFormat() {
    ResponseEncoder e = new ResponseEncoder();
    HttpDate.at(0);  // a stale cached value: the encoder must ask for the date of now
    long before = System.currentTimeMillis() / 1000 * 1000;
    String s = text(e.encode(204, new Headers(), -1, false, true, false, null));
    long after = System.currentTimeMillis();
    String date = s.replaceAll("(?s).*\r\nDate: ([^\r]*)\r\n.*", "$1");
    long ms = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()
        .toEpochMilli();
    assertTrue(ms >= before && ms <= after, date);
    assertTrue(date.matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT"),
        date);
  }
}
