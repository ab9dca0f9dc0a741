package io.jasyncio.http;

import io.jasyncio.http.MessageHead.Framing;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The strict, incremental HTTP/1.1 parser of requests (server side) and responses (client side).
 *
 * <p>Feed it whatever bytes arrived with {@link #next(ByteBuffer)}, which consumes from the
 * buffer's position and returns one {@link ParseEvent} at a time: a message {@code HEAD}, pieces
 * of {@code BODY} (views of the input, no copy), then {@code END}; the bytes after that are the
 * next (pipelined) message. The result depends only on the byte sequence, never on how it was
 * split. Anything the grammar or the limits refuse is an {@link HttpParseException} carrying the
 * status to answer with; the parser then stays failed.
 *
 * <p>What it rejects (RFC 9112 and the request-smuggling lessons of the last decade): a method
 * that is not a token; anything but single spaces in the request line; versions other than
 * HTTP/1.0 and HTTP/1.1 (505); control characters, spaces or non-ASCII in the target; a bare CR
 * anywhere and a bare LF in the start line, headers and chunk framing; empty header names, names
 * that are not tokens, whitespace before the colon, obs-fold lines; control characters other than
 * HTAB in values; a Content-Length that is not digits, overflows or appears twice; Content-Length
 * with Transfer-Encoding; a Transfer-Encoding other than a single {@code chunked} (501 for an
 * unknown coding); Transfer-Encoding in HTTP/1.0; an HTTP/1.1 request without exactly one Host;
 * a request line over {@code maxLineSize} (414); a header over {@code maxFieldSize}, more than
 * {@code maxHeaders} fields or a header block over {@code maxHeaderBlock} bytes (431).
 *
 * <p>Memory: one line buffer of at most {@code max(maxLineSize, maxFieldSize)} bytes plus the
 * parsed head; nothing is allocated per byte. Threads: one parser belongs to one connection.
 */
final class HttpParser {
  private enum State { HEAD, LENGTH, CHUNKED, UNTIL_CLOSE, EMPTY, FAILED }

  private final boolean requests;
  private final Limits limits;
  private final ChunkedDecoder chunked;
  private byte[] line;
  private int lineLen;
  private boolean sawCr;
  private boolean startLineDone;
  private boolean started;
  private int headerCount;
  private int headerBytes;
  private State state = State.HEAD;
  private HttpParseException failure;
  private long remaining;
  private boolean noBody;

  // the message being parsed
  private String method;
  private String target;
  private int minor;
  private int status;
  private String reason;
  private Headers headers;
  private MessageHead head;
  private ByteBuffer body;

  private HttpParser(boolean requests, Limits limits) {
    this.requests = requests;
    this.limits = limits;
    this.chunked = new ChunkedDecoder(limits);
    this.line = new byte[Math.min(256, Math.max(limits.maxLineSize(), limits.maxFieldSize()))];
  }

  /** A parser of requests, as a server reads them. */
  static HttpParser requests(Limits limits) {
    return new HttpParser(true, limits);
  }

  /** A parser of responses, as a client reads them. */
  static HttpParser responses(Limits limits) {
    return new HttpParser(false, limits);
  }

  /**
   * Responses only: whether the next response answers a HEAD request (it then has no body, whatever
   * its headers say).
   */
  void expectNoBody(boolean on) {
    noBody = on;
  }

  /** The head of the message being read (after {@link ParseEvent#HEAD}). */
  MessageHead head() {
    return head;
  }

  /** The body piece of the last {@link ParseEvent#BODY}: a view of the input. */
  ByteBuffer body() {
    return body;
  }

  /** The bytes the parser holds for itself now (its line buffer), for the memory bound. */
  int retainedBytes() {
    return line.length + chunked.retainedBytes();
  }

  /** Whether no byte of a next message has been seen (a clean place to stop). */
  boolean idle() {
    return state == State.HEAD && !started;
  }

  /** Whether the parser is inside a message head (for the header timeout). */
  boolean inHead() {
    return state == State.HEAD && started;
  }

  /**
   * Consumes bytes from {@code in}'s position and returns what they completed.
   *
   * @throws HttpParseException when the message is refused (the parser stays failed)
   */
  ParseEvent next(ByteBuffer in) throws HttpParseException {
    try {
      return switch (state) {
        case HEAD -> head(in);
        case LENGTH -> {
          if (remaining == 0) {
            yield end();
          }
          int avail = in.remaining();
          if (avail == 0) {
            yield ParseEvent.NEED_MORE;
          }
          int n = (int) Math.min(remaining, avail);
          int p = in.position();
          body = in.slice(p, n);
          in.position(p + n);
          remaining -= n;
          yield ParseEvent.BODY;
        }
        case CHUNKED -> {
          ParseEvent e = chunked.next(in);
          if (e == ParseEvent.BODY) {
            body = chunked.data();
          } else if (e == ParseEvent.END) {
            yield end();
          }
          yield e;
        }
        case UNTIL_CLOSE -> {
          if (!in.hasRemaining()) {
            yield ParseEvent.NEED_MORE;
          }
          int p = in.position();
          int n = in.remaining();
          body = in.slice(p, n);
          in.position(p + n);
          yield ParseEvent.BODY;
        }
        case EMPTY -> end();
        case FAILED -> throw failure;
      };
    } catch (HttpParseException e) {
      state = State.FAILED;
      failure = e;
      throw e;
    }
  }

  /**
   * The peer closed its side. Returns true when that completes the current message (a response
   * body read until close), false at a clean place between messages.
   *
   * @throws HttpParseException when a message was cut short
   */
  boolean eof() throws HttpParseException {
    switch (state) {
      case UNTIL_CLOSE -> {
        end();
        return true;
      }
      case HEAD -> {
        if (!started) {
          return false;
        }
        throw fail(new HttpParseException(400, "connection closed inside a message head"));
      }
      case FAILED -> throw failure;
      case EMPTY -> {
        return true;
      }
      default -> throw fail(new HttpParseException(400, "connection closed inside a message body"));
    }
  }

  private HttpParseException fail(HttpParseException e) {
    state = State.FAILED;
    failure = e;
    return e;
  }

  private ParseEvent end() {
    state = State.HEAD;
    started = false;
    startLineDone = false;
    headerCount = 0;
    headerBytes = 0;
    lineLen = 0;
    sawCr = false;
    body = null;
    headers = null;
    return ParseEvent.END;
  }

  private ParseEvent head(ByteBuffer in) throws HttpParseException {
    if (in.hasArray()) {
      return headFromArray(in);
    }
    int p = in.position();
    int lim = in.limit();
    while (p < lim) {
      byte b = in.get(p++);
      if (sawCr) {
        if (b != '\n') {
          throw new HttpParseException(400, "bare CR in a message head");
        }
        sawCr = false;
        if (lineDone()) {
          in.position(p);
          return ParseEvent.HEAD;
        }
        continue;
      }
      started = true;
      if (b == '\r') {
        sawCr = true;
        continue;
      }
      if (b == '\n') {
        throw new HttpParseException(400, "bare LF in a message head");
      }
      if (!startLineDone) {
        if (lineLen >= limits.maxLineSize()) {
          throw requests
              ? new HttpParseException(414, "request line longer than " + limits.maxLineSize())
              : new HttpParseException(400, "status line longer than " + limits.maxLineSize());
        }
      } else {
        if (lineLen >= limits.maxFieldSize()) {
          throw new HttpParseException(431, "header field longer than " + limits.maxFieldSize());
        }
        if (headerBytes + lineLen + 3 > limits.maxHeaderBlock()) {
          throw new HttpParseException(431, "header block larger than " + limits.maxHeaderBlock());
        }
      }
      if (lineLen == line.length) {
        line = java.util.Arrays.copyOf(line,
            Math.min(line.length * 2, Math.max(limits.maxLineSize(), limits.maxFieldSize())));
      }
      line[lineLen++] = b;
    }
    in.position(p);
    return ParseEvent.NEED_MORE;
  }

  /**
   * The same as the byte loop below on a heap buffer: runs of ordinary bytes are found with a
   * tight scan and copied at once; limits are checked for the whole run, failing exactly where
   * the byte loop would.
   */
  private ParseEvent headFromArray(ByteBuffer in) throws HttpParseException {
    byte[] a = in.array();
    int base = in.arrayOffset();
    int p = base + in.position();
    int lim = base + in.limit();
    while (p < lim) {
      if (sawCr) {
        if (a[p++] != '\n') {
          throw new HttpParseException(400, "bare CR in a message head");
        }
        sawCr = false;
        if (lineDone()) {
          in.position(p - base);
          return ParseEvent.HEAD;
        }
        continue;
      }
      int q = p;
      while (q < lim) {
        byte b = a[q];
        if (b == '\r' || b == '\n') {
          break;
        }
        q++;
      }
      int n = q - p;
      if (n > 0) {
        started = true;
        if (!startLineDone) {
          int allowed = limits.maxLineSize() - lineLen;
          if (n > allowed) {
            throw requests
                ? new HttpParseException(414, "request line longer than " + limits.maxLineSize())
                : new HttpParseException(400, "status line longer than " + limits.maxLineSize());
          }
        } else {
          int field = limits.maxFieldSize() - lineLen;
          int block = limits.maxHeaderBlock() - 3 - headerBytes - lineLen + 1;
          if (n > Math.min(field, block)) {
            if (field <= block) {
              throw new HttpParseException(431,
                  "header field longer than " + limits.maxFieldSize());
            }
            throw new HttpParseException(431,
                "header block larger than " + limits.maxHeaderBlock());
          }
        }
        int need = lineLen + n;
        if (need > line.length) {
          int cap = line.length;
          while (cap < need) {
            cap *= 2;
          }
          line = java.util.Arrays.copyOf(line,
              Math.min(cap, Math.max(limits.maxLineSize(), limits.maxFieldSize())));
        }
        System.arraycopy(a, p, line, lineLen, n);
        lineLen += n;
        p = q;
      }
      if (p < lim) {
        byte b = a[p++];
        started = true;
        if (b == '\r') {
          sawCr = true;
        } else {
          throw new HttpParseException(400, "bare LF in a message head");
        }
      }
    }
    in.position(p - base);
    return ParseEvent.NEED_MORE;
  }

  /** A CRLF ended the current line; returns true when it ended the head. */
  private boolean lineDone() throws HttpParseException {
    int n = lineLen;
    lineLen = 0;
    if (!startLineDone) {
      if (n == 0) {
        if (requests) {
          return false; // RFC 9112 2.2: empty lines before a request line are ignored
        }
        throw new HttpParseException(400, "empty status line");
      }
      if (requests) {
        requestLine(n);
      } else {
        statusLine(n);
      }
      startLineDone = true;
      headers = new Headers(8);
      return false;
    }
    if (n == 0) {
      finishHead();
      return true;
    }
    if (++headerCount > limits.maxHeaders()) {
      throw new HttpParseException(431, "more than " + limits.maxHeaders() + " header fields");
    }
    headerBytes += n + 2;
    FieldLine.parse(line, 0, n, headers);
    return false;
  }

  private void requestLine(int n) throws HttpParseException {
    byte[] l = line;
    int i = 0;
    while (i < n && Syntax.isToken(l[i])) {
      i++;
    }
    if (i == 0 || i == n || l[i] != ' ') {
      throw new HttpParseException(400, "method is not a token followed by one space");
    }
    method = method(l, i);
    int t = ++i;
    while (i < n && Syntax.isTarget(l[i])) {
      i++;
    }
    if (i == t) {
      throw new HttpParseException(400, "empty request target or more than one space");
    }
    if (i == n || l[i] != ' ') {
      throw new HttpParseException(400, "invalid character in the request target");
    }
    target = new String(l, t, i - t, StandardCharsets.ISO_8859_1);
    minor = version(l, i + 1, n, true);
  }

  private void statusLine(int n) throws HttpParseException {
    byte[] l = line;
    if (n < 12 || l[8] != ' ') {
      throw new HttpParseException(400, "malformed status line");
    }
    minor = version(l, 0, 8, false);
    int s = 0;
    for (int i = 9; i < 12; i++) {
      if (l[i] < '0' || l[i] > '9') {
        throw new HttpParseException(400, "status is not three digits");
      }
      s = s * 10 + (l[i] - '0');
    }
    if (s < 100) {
      throw new HttpParseException(400, "status below 100");
    }
    status = s;
    if (n == 12) {
      reason = "";
      return;
    }
    if (l[12] != ' ') {
      throw new HttpParseException(400, "status is not three digits");
    }
    for (int i = 13; i < n; i++) {
      if (!Syntax.isFieldValue(l[i])) {
        throw new HttpParseException(400, "control character in the reason phrase");
      }
    }
    reason = new String(l, 13, n - 13, StandardCharsets.ISO_8859_1);
  }

  /** Parses "HTTP/1.x" in {@code l[from, to)}; returns x. */
  private static int version(byte[] l, int from, int to, boolean request)
      throws HttpParseException {
    if (to - from == 8
        && l[from] == 'H' && l[from + 1] == 'T' && l[from + 2] == 'T' && l[from + 3] == 'P'
        && l[from + 4] == '/' && isDigit(l[from + 5]) && l[from + 6] == '.'
        && isDigit(l[from + 7])) {
      if (l[from + 5] == '1' && (l[from + 7] == '0' || l[from + 7] == '1')) {
        return l[from + 7] - '0';
      }
      throw new HttpParseException(request ? 505 : 400, "HTTP version not supported");
    }
    throw new HttpParseException(400, "malformed HTTP version");
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  private static String method(byte[] l, int n) {
    if (n == 3 && l[0] == 'G' && l[1] == 'E' && l[2] == 'T') {
      return "GET";
    }
    if (n == 4 && l[0] == 'P' && l[1] == 'O' && l[2] == 'S' && l[3] == 'T') {
      return "POST";
    }
    if (n == 4 && l[0] == 'H' && l[1] == 'E' && l[2] == 'A' && l[3] == 'D') {
      return "HEAD";
    }
    return new String(l, 0, n, StandardCharsets.ISO_8859_1);
  }

  /** Derives framing and connection handling from the headers just read. */
  private void finishHead() throws HttpParseException {
    Headers h = headers;
    String contentLength = null;
    int hosts = 0;
    boolean te = false;
    boolean close = false;
    boolean keepAliveToken = false;
    boolean expect = false;
    StringBuilder codings = null;
    for (int i = 0, n = h.size(); i < n; i++) {
      String name = h.nameAt(i);
      String value = h.valueAt(i);
      switch (name.length()) {
        case 4 -> {
          if (name.equalsIgnoreCase("host")) {
            hosts++;
          }
        }
        case 6 -> {
          if (name.equalsIgnoreCase("expect") && value.equalsIgnoreCase("100-continue")) {
            expect = true;
          }
        }
        case 10 -> {
          if (name.equalsIgnoreCase("connection")) {
            int tokens = connectionTokens(value);
            close |= (tokens & CLOSE) != 0;
            keepAliveToken |= (tokens & KEEP_ALIVE) != 0;
          }
        }
        case 14 -> {
          if (name.equalsIgnoreCase("content-length")) {
            if (contentLength != null) {
              throw new HttpParseException(400, "Content-Length appears twice");
            }
            contentLength = value;
          }
        }
        case 17 -> {
          if (name.equalsIgnoreCase("transfer-encoding")) {
            te = true;
            if (codings == null) {
              codings = new StringBuilder(value);
            } else {
              codings.append(',').append(value);
            }
          }
        }
        default -> { }
      }
    }
    Framing framing;
    long length = -1;
    if (contentLength != null) {
      length = parseLength(contentLength);
    }
    if (te) {
      if (minor == 0) {
        throw new HttpParseException(400, "Transfer-Encoding in an HTTP/1.0 message");
      }
      if (contentLength != null) {
        throw new HttpParseException(400, "Content-Length together with Transfer-Encoding");
      }
      if (!singleChunked(codings.toString())) {
        throw new HttpParseException(400, "Transfer-Encoding is not a single final chunked");
      }
    }
    if (requests) {
      if (minor == 1 ? hosts != 1 : hosts > 1) {
        throw new HttpParseException(400, hosts == 0 ? "no Host header" : "more than one Host header");
      }
      framing = te ? Framing.CHUNKED : length > 0 ? Framing.LENGTH : Framing.NONE;
    } else {
      boolean bodyless = noBody || status < 200 || status == 204 || status == 304;
      framing = bodyless ? Framing.NONE
          : te ? Framing.CHUNKED
          : length >= 0 ? (length > 0 ? Framing.LENGTH : Framing.NONE)
          : Framing.UNTIL_CLOSE;
    }
    boolean keepAlive = minor == 1 ? !close : keepAliveToken && !close;
    if (framing == Framing.UNTIL_CLOSE) {
      keepAlive = false;
    }
    head = new MessageHead(method, target, minor, status, reason, h, framing, length,
        keepAlive, expect);
    switch (framing) {
      case NONE -> state = State.EMPTY;
      case LENGTH -> {
        state = State.LENGTH;
        remaining = length;
      }
      case CHUNKED -> {
        state = State.CHUNKED;
        chunked.reset();
      }
      case UNTIL_CLOSE -> state = State.UNTIL_CLOSE;
    }
    if (!requests) {
      noBody = false;
    }
  }

  private static final int CLOSE = 1;
  private static final int KEEP_ALIVE = 2;

  /**
   * The {@code close} and {@code keep-alive} options of a Connection value (a comma-separated
   * list, any case, optional whitespace around each element), scanned in place.
   */
  private static int connectionTokens(String v) {
    int found = 0;
    int n = v.length();
    int i = 0;
    while (i <= n) {
      int end = v.indexOf(',', i);
      if (end < 0) {
        end = n;
      }
      int a = i;
      int b = end;
      while (a < b && (v.charAt(a) == ' ' || v.charAt(a) == '\t')) {
        a++;
      }
      while (b > a && (v.charAt(b - 1) == ' ' || v.charAt(b - 1) == '\t')) {
        b--;
      }
      int len = b - a;
      if (len == 5 && v.regionMatches(true, a, "close", 0, 5)) {
        found |= CLOSE;
      } else if (len == 10 && v.regionMatches(true, a, "keep-alive", 0, 10)) {
        found |= KEEP_ALIVE;
      }
      i = end + 1;
    }
    return found;
  }

  /**
   * Checks the Transfer-Encoding list (every field joined); returns whether it is exactly one
   * {@code chunked}. An unknown coding is a 501, a malformed list a 400.
   */
  private static boolean singleChunked(String value) throws HttpParseException {
    String[] items = value.split(",", -1);
    for (String raw : items) {
      String c = raw.strip();
      if (c.isEmpty()) {
        throw new HttpParseException(400, "empty element in Transfer-Encoding");
      }
      for (int i = 0; i < c.length(); i++) {
        if (c.charAt(i) > 0x7f || !Syntax.isToken(c.charAt(i))) {
          throw new HttpParseException(400, "Transfer-Encoding coding is not a token");
        }
      }
      switch (c.toLowerCase(java.util.Locale.ROOT)) {
        case "chunked", "gzip", "x-gzip", "deflate", "compress", "x-compress", "identity" -> { }
        default -> throw new HttpParseException(501, "unknown transfer coding " + c);
      }
    }
    return items.length == 1 && items[0].strip().equalsIgnoreCase("chunked");
  }

  private static long parseLength(String v) throws HttpParseException {
    if (v.isEmpty()) {
      throw new HttpParseException(400, "empty Content-Length");
    }
    long n = 0;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        throw new HttpParseException(400, "Content-Length is not a number");
      }
      if (n > (Long.MAX_VALUE - (c - '0')) / 10) {
        throw new HttpParseException(400, "Content-Length overflows");
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  @Override
  public String toString() {
    return "HttpParser[" + (requests ? "requests" : "responses") + ", " + state + "]";
  }
}
