package io.jasyncio.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpParserTest {
  private static final Limits L = Limits.DEFAULT;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The transcript of a request stream, checked to be the same fed whole and byte by byte. */
  static String requests(String raw) {
    String whole = Transcript.of(HttpParser.requests(L), bytes(raw), 0, false, L);
    String bytewise = Transcript.of(HttpParser.requests(L), bytes(raw), 1, false, L);
    assertEquals(whole, bytewise, "byte-by-byte feeding differs from whole feeding");
    assertEquals(whole, Transcript.of(HttpParser.requests(L), bytes(raw), 0, false, L, true),
        "a direct buffer differs from a heap buffer");
    return whole;
  }

  static String responses(String raw, boolean eof) {
    String whole = Transcript.of(HttpParser.responses(L), bytes(raw), 0, eof, L);
    String bytewise = Transcript.of(HttpParser.responses(L), bytes(raw), 1, eof, L);
    assertEquals(whole, bytewise, "byte-by-byte feeding differs from whole feeding");
    return whole;
  }

  static void rejected(int status, String raw) {
    String t = requests(raw);
    assertTrue(t.contains("ERROR " + status + " "), () -> "expected " + status + " for "
        + Headers.printable(raw) + " but got:\n" + t);
  }

  static void accepted(String raw) {
    String t = requests(raw);
    assertFalse(t.contains("ERROR"), () -> "refused " + Headers.printable(raw) + ":\n" + t);
    assertTrue(t.contains("END"), t);
  }

  @Test
  void parsesASimpleGet() {
    HttpParser p = HttpParser.requests(L);
    ByteBuffer in = ByteBuffer.wrap(bytes(
        "GET /a/b?x=1 HTTP/1.1\r\nHost: example.com\r\nAccept:  */* \r\nX-Empty:\r\n\r\n"));
    assertEquals(ParseEvent.HEAD, assertDoesNotThrow(p, in));
    MessageHead h = p.head();
    assertEquals("GET", h.method());
    assertEquals("/a/b?x=1", h.target());
    assertEquals("HTTP/1.1", h.version());
    assertEquals("example.com", h.headers().get("HOST"));
    assertEquals("*/*", h.headers().get("accept"));
    assertEquals("", h.headers().get("x-empty"));
    assertEquals(MessageHead.Framing.NONE, h.framing());
    assertTrue(h.keepAlive());
    assertEquals(ParseEvent.END, assertDoesNotThrow(p, in));
    assertFalse(in.hasRemaining());
    assertTrue(p.idle());
  }

  private static ParseEvent assertDoesNotThrow(HttpParser p, ByteBuffer in) {
    try {
      return p.next(in);
    } catch (HttpParseException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void contentLengthBodyAndPipelining() {
    String t = requests("POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"
        + "GET /q HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"
        + "GET /r HTTP/1.0\r\n\r\n");
    assertEquals("""
        POST /p HTTP/1.1 Headers[Host: h, Content-Length: 5] LENGTH 5 keep-alive
        BODY hello
        END
        GET /q HTTP/1.1 Headers[Host: h, Connection: close] NONE -1 close
        BODY\s
        END
        GET /r HTTP/1.0 Headers[] NONE -1 close
        BODY\s
        END
        """, t);
  }

  @Test
  void chunkedBodyWithExtensionsAndTrailers() {
    String t = requests("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "5;name=value\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n"
        + "GET /next HTTP/1.1\r\nHost: h\r\n\r\n");
    assertEquals("""
        POST / HTTP/1.1 Headers[Host: h, Transfer-Encoding: chunked] CHUNKED -1 keep-alive
        BODY hello world
        END
        GET /next HTTP/1.1 Headers[Host: h] NONE -1 keep-alive
        BODY\s
        END
        """, t);
  }

  @Test
  void http10KeepAliveRules() {
    assertTrue(requests("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").contains(" keep-alive"));
    assertTrue(requests("GET / HTTP/1.0\r\n\r\n").contains(" close"));
    assertTrue(requests("GET / HTTP/1.1\r\nHost: h\r\nConnection: Keep-Alive, CLOSE\r\n\r\n")
        .contains(" close"));
  }

  @Test
  void expectContinueIsReported() {
    assertTrue(requests("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\n"
        + "Content-Length: 1\r\n\r\nx").contains(" expect"));
  }

  @Test
  void toleratesWhatRealClientsSend() {
    // the JDK HttpClient's h2c upgrade offer on a plain request: ignored, the body read
    accepted("POST /x HTTP/1.1\r\nConnection: Upgrade, HTTP2-Settings\r\nContent-Length: 2\r\n"
        + "Host: localhost:8080\r\nHTTP2-Settings: AAEAAEAAAAIAAAABAAMAAABkAAQBAAAAAAUAAEAA\r\n"
        + "Upgrade: h2c\r\nUser-Agent: Java-http-client/25\r\n\r\nok");
    accepted("\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n"); // empty lines before a request
    accepted("GET / HTTP/1.1\r\nHost: h\r\nX-Tab: a\tb\r\nX-Latin: caf\u00e9\r\n\r\n");
    accepted("GET http://example.com/x HTTP/1.1\r\nHost: example.com\r\n\r\n");
    accepted("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n");
    accepted("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n");
    accepted("GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 007\r\n\r\n1234567");
    accepted("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: CHUNKED\r\n\r\n0\r\n\r\n");
  }

  // ---------- request line

  @ParameterizedTest
  @ValueSource(strings = {
    "G(T / HTTP/1.1\r\nHost: h\r\n\r\n",
    "GE\u00c9T / HTTP/1.1\r\nHost: h\r\n\r\n",
    " GET / HTTP/1.1\r\nHost: h\r\n\r\n",
    "GET\t/ HTTP/1.1\r\nHost: h\r\n\r\n",
    "/ HTTP/1.1\r\nHost: h\r\n\r\n",
  })
  void methodMustBeAToken(String raw) {
    rejected(400, raw);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "GET  / HTTP/1.1\r\nHost: h\r\n\r\n",
    "GET /  HTTP/1.1\r\nHost: h\r\n\r\n",
    "GET / HTTP/1.1 \r\nHost: h\r\n\r\n",
    "GET /\tHTTP/1.1\r\nHost: h\r\n\r\n",
    "GET / HTTP/1.1 x\r\nHost: h\r\n\r\n",
    "GET /\r\nHost: h\r\n\r\n",
    "GET\r\n\r\n",
  })
  void onlySingleSpacesInTheRequestLine(String raw) {
    rejected(400, raw);
  }

  @ParameterizedTest
  @ValueSource(strings = {"HTTP/2.0", "HTTP/1.2", "HTTP/0.9", "HTTP/3.0"})
  void otherVersionsAre505(String v) {
    rejected(505, "GET / " + v + "\r\nHost: h\r\n\r\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http/1.1", "HTTP/1.10", "HTTP/11", "HTTP/1.x", "HTTP/1", "HTTP 1.1"})
  void malformedVersionsAre400(String v) {
    rejected(400, "GET / " + v + "\r\nHost: h\r\n\r\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/a\u0001b", "/a\u007fb", "/caf\u00e9", "/a\u0000"})
  void targetRefusesControlsAndNonAscii(String target) {
    rejected(400, "GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n");
  }

  @Test
  void requestLineOver8190Is414() {
    String target = "/" + "a".repeat(8190);
    rejected(414, "GET " + target + " HTTP/1.1\r\nHost: h\r\n\r\n");
    // exactly at the limit is fine
    String ok = "/" + "a".repeat(8190 - "GET  HTTP/1.1".length() - 1);
    assertEquals(8190, ("GET " + ok + " HTTP/1.1").length());
    accepted("GET " + ok + " HTTP/1.1\r\nHost: h\r\n\r\n");
    // refused as soon as the limit is passed, before any line end arrives
    rejected(414, "GET /" + "a".repeat(9000));
  }

  // ---------- line endings

  @ParameterizedTest
  @ValueSource(strings = {
    "GET / HTTP/1.1\rHost: h\r\n\r\n",
    "GET / HTTP/1.1\r\nHost: h\r\r\n\r\n",
    "GET / HTTP/1.1\r\nHost: h\rX: y\r\n\r\n",
    "GET / HTTP/1.1\r\nHost: h\r\n\r\r\n",
    "GET / HTTP/1.1\r\nHost: h\r\nX: a\rb\r\n\r\n",
    "\rGET / HTTP/1.1\r\nHost: h\r\n\r\n",
  })
  void bareCrIsRefused(String raw) {
    rejected(400, raw);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "GET / HTTP/1.1\nHost: h\r\n\r\n",
    "GET / HTTP/1.1\r\nHost: h\n\r\n",
    "GET / HTTP/1.1\r\nHost: h\r\n\n",
    "GET / HTTP/1.1\r\nHost: h\r\nX: a\nb\r\n\r\n",
    "\nGET / HTTP/1.1\r\nHost: h\r\n\r\n",
  })
  void bareLfIsRefused(String raw) {
    rejected(400, raw);
  }

  // ---------- header fields

  @ParameterizedTest
  @ValueSource(strings = {
    ": v\r\n",
    "X Y: v\r\n",
    "X : v\r\n",
    "X\t: v\r\n",
    "X(: v\r\n",
    "X\u00e9: v\r\n",
    "NoColon\r\n",
    " X: v\r\n",
    "\tX: v\r\n",
  })
  void badHeaderNamesAndFolding(String field) {
    rejected(400, "GET / HTTP/1.1\r\nHost: h\r\n" + field + "\r\n");
  }

  @Test
  void obsFoldIsRefused() {
    rejected(400, "GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n b\r\n\r\n");
    rejected(400, "GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n\tb\r\n\r\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\u0000b", "a\u0001b", "a\u001fb", "a\u007fb", "\u0000"})
  void controlCharactersInValuesAreRefused(String value) {
    rejected(400, "GET / HTTP/1.1\r\nHost: h\r\nX: " + value + "\r\n\r\n");
  }

  @Test
  void headerLimitsAre431() {
    String big = "X: " + "v".repeat(8190 - 3);
    accepted("GET / HTTP/1.1\r\nHost: h\r\n" + big + "\r\n\r\n");
    rejected(431, "GET / HTTP/1.1\r\nHost: h\r\n" + big + "v\r\n\r\n");
    StringBuilder many = new StringBuilder("GET / HTTP/1.1\r\nHost: h\r\n");
    for (int i = 1; i < 128; i++) {
      many.append("X-").append(i).append(": v\r\n");
    }
    accepted(many + "\r\n");
    rejected(431, many + "X-128: v\r\n\r\n");
    StringBuilder block = new StringBuilder("GET / HTTP/1.1\r\nHost: h\r\n");
    for (int i = 0; i < 10; i++) {
      block.append("X-").append(i).append(": ").append("v".repeat(8000)).append("\r\n");
    }
    rejected(431, block + "\r\n");
  }

  // ---------- framing

  @ParameterizedTest
  @ValueSource(strings = {"abc", "-1", "+1", "1 1", "1,1", "5, 5", "0x10", "", "1.0",
      "99999999999999999999", "9223372036854775808"})
  void contentLengthMustBeDigitsWithoutOverflow(String v) {
    rejected(400, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: " + v + "\r\n\r\n");
  }

  @Test
  void contentLengthTwiceIsRefused() {
    rejected(400, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx");
    rejected(400, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\ncontent-length: 2\r\n\r\nxy");
  }

  @Test
  void contentLengthWithTransferEncodingIsRefused() {
    rejected(400, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
    rejected(400, "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n"
        + "Content-Length: 3\r\n\r\n0\r\n\r\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"gzip, chunked", "chunked, chunked", "chunked, gzip", "gzip",
      "identity", "chunked,", " , chunked", "\"chunked\"", "chunked;q=1"})
  void transferEncodingMustBeOneChunked(String te) {
    rejected(400, "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: " + te + "\r\n\r\n0\r\n\r\n");
  }

  @Test
  void transferEncodingSplitOverTwoFieldsIsJudgedWhole() {
    rejected(400, "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
    rejected(400, "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n"
        + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"br", "xchunked", "chunked2", "foo, chunked"})
  void unknownTransferCodingIs501(String te) {
    rejected(501, "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: " + te + "\r\n\r\n0\r\n\r\n");
  }

  @Test
  void transferEncodingInHttp10IsRefused() {
    rejected(400, "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
  }

  @Test
  void http11NeedsExactlyOneHost() {
    rejected(400, "GET / HTTP/1.1\r\n\r\n");
    rejected(400, "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
    rejected(400, "GET / HTTP/1.1\r\nHost: a\r\nhost: a\r\n\r\n");
    rejected(400, "GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n");
    accepted("GET / HTTP/1.0\r\n\r\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "zz\r\n",                       // not hex
    "\r\n",                         // empty size
    " 5\r\nhello\r\n0\r\n\r\n",     // leading space
    "-5\r\n",
    "0x5\r\nhello\r\n0\r\n\r\n",
    "5\nhello\r\n0\r\n\r\n",        // bare LF after the size
    "5\rhello\r\n0\r\n\r\n",        // bare CR after the size
    "5\r\nhelloX\r\n0\r\n\r\n",     // no CRLF after the data
    "5\r\nhello\n0\r\n\r\n",        // bare LF after the data
    "5\r\nhello\r0\r\n\r\n",        // bare CR after the data
    "5;a=\u0001\r\nhello\r\n0\r\n\r\n", // control character in an extension
    "5;a\u007f\r\nhello\r\n0\r\n\r\n",
    "5;a\nhello\r\n0\r\n\r\n",
    "10000000000000000\r\n",        // overflows
    "0\r\nX : bad\r\n\r\n",         // bad trailer
    "0\r\n bad: fold\r\n\r\n",
    "0\r\nX: a\u0000\r\n\r\n",
    "0\r\nX: a\n\r\n",
    "0\r\n\n",
  })
  void badChunkFramingIsRefused(String chunks) {
    rejected(400, "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks);
  }

  @Test
  void oversizedTrailersAreRefused() {
    String head = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n";
    rejected(400, head + "X: " + "v".repeat(8190) + "\r\n\r\n");
    StringBuilder many = new StringBuilder(head);
    for (int i = 0; i < 129; i++) {
      many.append("T").append(i).append(": v\r\n");
    }
    rejected(400, many + "\r\n");
  }

  @Test
  void largeChunkSizesWithLeadingZerosAreFine() {
    accepted("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "0000000000000000000000003\r\nabc\r\n0\r\n\r\n");
  }

  // ---------- every split point gives the same result

  private static final List<String> SAMPLES = List.of(
      "GET /a HTTP/1.1\r\nHost: h\r\nAccept: */*\r\n\r\n",
      "POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello world"
          + "GET /q HTTP/1.1\r\nHost: h\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "5;x=y\r\nhello\r\n1\r\n!\r\n0\r\nT: 1\r\n\r\nGET / HTTP/1.0\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: h\r\nX: a\rb\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: h\r\nX : b\r\n\r\n");

  @Test
  void everySplitPointGivesTheSameResult() {
    for (String s : SAMPLES) {
      byte[] all = bytes(s);
      String whole = Transcript.of(HttpParser.requests(L), all, 0, false, L);
      for (int k = 0; k <= all.length; k++) {
        HttpParser p = HttpParser.requests(L);
        String split = splitAt(p, all, k);
        assertEquals(whole, split, "split at " + k + " of " + Headers.printable(s));
      }
    }
  }

  /** Feeds {@code all[0,k)} then {@code all[k,n)} to {@code p}, keeping unconsumed bytes. */
  private static String splitAt(HttpParser p, byte[] all, int k) {
    // Transcript feeds piece by piece; two pieces of different sizes are fed through a copy
    // whose first piece is k bytes long.
    StringBuilder out = new StringBuilder();
    String first = Transcript.of(p, java.util.Arrays.copyOfRange(all, 0, k), 0, false, L);
    if (first.contains("ERROR")) {
      return normalise(first);
    }
    String second = Transcript.of(p, java.util.Arrays.copyOfRange(all, k, all.length), 0, false, L);
    out.append(first).append(second);
    return normalise(out.toString());
  }

  /** Joins body lines split across the two transcripts back into one. */
  private static String normalise(String t) {
    // A body cut in two shows up as "BODY x\n" + "BODY y\n"; join them.
    String prev;
    do {
      prev = t;
      t = t.replaceAll("BODY ([^\n]*)\nBODY ([^\n]*)\n", "BODY $1$2\n");
    } while (!t.equals(prev));
    return t;
  }

  // ---------- responses

  @Test
  void responsesWithEachFraming() {
    assertEquals("""
        200 OK HTTP/1.1 Headers[Content-Length: 3] LENGTH 3 keep-alive
        BODY abc
        END
        204 No Content HTTP/1.1 Headers[] NONE -1 keep-alive
        BODY\s
        END
        200 OK HTTP/1.1 Headers[Transfer-Encoding: chunked] CHUNKED -1 keep-alive
        BODY xyz
        END
        200  HTTP/1.0 Headers[] UNTIL_CLOSE -1 close
        BODY until the end
        END(eof)
        """, responses("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc"
        + "HTTP/1.1 204 No Content\r\n\r\n"
        + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nxyz\r\n0\r\n\r\n"
        + "HTTP/1.0 200 \r\n\r\nuntil the end", true));
  }

  @Test
  void responseToHeadHasNoBody() throws Exception {
    HttpParser p = HttpParser.responses(L);
    p.expectNoBody(true);
    ByteBuffer in = ByteBuffer.wrap(bytes("HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n"));
    assertEquals(ParseEvent.HEAD, p.next(in));
    assertEquals(ParseEvent.END, p.next(in));
  }

  @Test
  void truncatedResponsesAreErrors() {
    assertTrue(responses("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nabc", true)
        .contains("ERROR 400 connection closed inside a message body"));
    assertTrue(responses("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab", true)
        .contains("ERROR 400 connection closed inside a message body"));
    assertTrue(responses("HTTP/1.1 200 OK\r\nContent-", true)
        .contains("ERROR 400 connection closed inside a message head"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"HTTP/1.1 20 OK", "HTTP/1.1 2000 OK", "HTTP/2 200 OK", "HTTP/1.1  200 OK",
      "HTTP/1.1 099 x", "HTTP/1.1 200 O\u0001K", "ICY 200 OK"})
  void badStatusLinesAreRefused(String line) {
    assertTrue(responses(line + "\r\n\r\n", true).contains("ERROR 400"));
  }

  @Test
  void failedParserStaysFailed() {
    HttpParser p = HttpParser.requests(L);
    ByteBuffer in = ByteBuffer.wrap(bytes("GET / HTTP/9.9\r\n"));
    HttpParseException e = assertThrows(HttpParseException.class, () -> p.next(in));
    assertEquals(505, e.status());
    assertThrows(HttpParseException.class,
        () -> p.next(ByteBuffer.wrap(bytes("GET / HTTP/1.1\r\nHost: h\r\n\r\n"))));
  }
}
