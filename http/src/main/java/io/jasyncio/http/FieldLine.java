package io.jasyncio.http;

import java.nio.charset.StandardCharsets;

/** Validation of one header (or trailer) field line, shared by the head parser and trailers. */
final class FieldLine {
  private FieldLine() {}

  /**
   * Checks {@code buf[off, off + len)} (a line without its CRLF, {@code len > 0}) as {@code
   * field-name ":" OWS field-value OWS} and adds it to {@code out} unless null.
   */
  static void parse(byte[] buf, int off, int len, Headers out) throws HttpParseException {
    int end = off + len;
    byte first = buf[off];
    if (first == ' ' || first == '\t') {
      throw new HttpParseException(400, "obsolete line folding in a header");
    }
    int i = off;
    while (i < end && buf[i] != ':') {
      byte b = buf[i];
      if (!Syntax.isToken(b)) {
        if (b == ' ' || b == '\t') {
          throw new HttpParseException(400, "whitespace before the colon of a header");
        }
        throw new HttpParseException(400, "header name is not a token");
      }
      i++;
    }
    if (i == end) {
      throw new HttpParseException(400, "header line without a colon");
    }
    if (i == off) {
      throw new HttpParseException(400, "empty header name");
    }
    int nameEnd = i;
    int v = i + 1;
    while (v < end && (buf[v] == ' ' || buf[v] == '\t')) {
      v++;
    }
    int ve = end;
    while (ve > v && (buf[ve - 1] == ' ' || buf[ve - 1] == '\t')) {
      ve--;
    }
    for (int k = v; k < ve; k++) {
      if (!Syntax.isFieldValue(buf[k])) {
        throw new HttpParseException(400, "control character in a header value");
      }
    }
    if (out != null) {
      out.addUnchecked(
          name(buf, off, nameEnd - off), new String(buf, v, ve - v, StandardCharsets.ISO_8859_1));
    }
  }

  private static final String[] COMMON = {
    "Host", "User-Agent", "Accept", "Accept-Encoding", "Accept-Language", "Connection",
    "Content-Length", "Content-Type", "Transfer-Encoding", "Cookie", "Date", "Server",
    "Cache-Control", "Upgrade", "Referer", "Authorization", "Location", "Set-Cookie",
    "Keep-Alive", "Expect"
  };
  private static final byte[][] COMMON_BYTES = new byte[COMMON.length][];
  /** For each name length, the indexes of the common names of that length (or null). */
  private static final int[][] BY_LENGTH = new int[18][];

  static {
    for (int i = 0; i < COMMON.length; i++) {
      COMMON_BYTES[i] = COMMON[i].getBytes(StandardCharsets.ISO_8859_1);
      int n = COMMON[i].length();
      int[] old = BY_LENGTH[n];
      int[] grown = old == null ? new int[1] : java.util.Arrays.copyOf(old, old.length + 1);
      grown[grown.length - 1] = i;
      BY_LENGTH[n] = grown;
    }
  }

  /** The name as a String, sharing the constant for the usual names in their usual case. */
  private static String name(byte[] buf, int off, int len) {
    int[] candidates = len < BY_LENGTH.length ? BY_LENGTH[len] : null;
    if (candidates != null) {
      for (int i : candidates) {
        byte[] c = COMMON_BYTES[i];
        if (c[0] == buf[off] && java.util.Arrays.equals(c, 0, len, buf, off, off + len)) {
          return COMMON[i];
        }
      }
    }
    return new String(buf, off, len, StandardCharsets.ISO_8859_1);
  }
}
