package io.jasyncio.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes a response head, and a small body after it, straight into one reusable byte buffer: no
 * StringBuilder, no String and no concatenation per response. The status lines and the
 * {@code Date} line are kept as bytes (the date re-encoded when {@link HttpDate} moves on).
 *
 * <p>The buffer handed back is valid until the next call: the transport copies what it cannot
 * send at once, so one encoder serves every connection of a server.
 *
 * <p>Threads: loop-bound (one per {@link WebServer}).
 */
final class ResponseEncoder {
  /** Bodies up to this size go out in the same write as their head. */
  static final int INLINE_BODY = 16 * 1024;

  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] COLON_SP = {':', ' '};
  private static final byte[] SERVER = ascii("Server: jasyncio\r\n");
  private static final byte[] CONTENT_LENGTH = ascii("Content-Length: ");
  private static final byte[] CHUNKED = ascii("Transfer-Encoding: chunked\r\n");
  private static final byte[] CLOSE = ascii("Connection: close\r\n");
  private static final byte[] KEEP_ALIVE = ascii("Connection: keep-alive\r\n");

  private final byte[][] statusLines = new byte[600][];
  private String date;
  private byte[] dateLine;
  private byte[] buf = new byte[512];
  private ByteBuffer view = ByteBuffer.wrap(buf);
  private int len;

  /**
   * The head (with {@code Date}, {@code Server}, the framing and connection fields the server
   * decides; the handler's own {@code Content-Length}, {@code Transfer-Encoding} and {@code
   * Connection} dropped) followed by {@code bodyOrNull}, in a buffer valid until the next call.
   */
  ByteBuffer encode(int status, Headers h, long contentLength, boolean chunked, boolean keepAlive,
      boolean http10KeepAlive, byte[] bodyOrNull) {
    len = 0;
    put(statusLine(status));
    boolean hasDate = false;
    boolean hasServer = false;
    for (int i = 0, n = h.size(); i < n; i++) {
      String name = h.nameAt(i);
      if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")
          || name.equalsIgnoreCase("Connection")) {
        continue;
      }
      hasDate |= name.equalsIgnoreCase("Date");
      hasServer |= name.equalsIgnoreCase("Server");
      put(name);
      put(COLON_SP);
      put(h.valueAt(i));
      put(CRLF);
    }
    if (!hasDate) {
      put(dateLine());
    }
    if (!hasServer) {
      put(SERVER);
    }
    if (contentLength >= 0) {
      put(CONTENT_LENGTH);
      putDecimal(contentLength);
      put(CRLF);
    }
    if (chunked) {
      put(CHUNKED);
    }
    if (!keepAlive) {
      put(CLOSE);
    } else if (http10KeepAlive) {
      put(KEEP_ALIVE);
    }
    put(CRLF);
    if (bodyOrNull != null) {
      put(bodyOrNull);
    }
    if (view.array() != buf) {
      view = ByteBuffer.wrap(buf);
    }
    return view.limit(len).position(0);
  }

  private byte[] statusLine(int status) {
    boolean cacheable = status >= 0 && status < statusLines.length;
    byte[] line = cacheable ? statusLines[status] : null;
    if (line == null) {
      line = ascii("HTTP/1.1 " + status + " " + Statuses.reason(status) + "\r\n");
      if (cacheable) {
        statusLines[status] = line;
      }
    }
    return line;
  }

  private byte[] dateLine() {
    String now = HttpDate.now();
    if (!now.equals(date)) {
      date = now;
      dateLine = ascii("Date: " + now + "\r\n");
    }
    return dateLine;
  }

  private void ensure(int more) {
    if (len + more > buf.length) {
      buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
  }

  private void put(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, len, b.length);
    len += b.length;
  }

  /** ISO-8859-1, exactly as String.getBytes writes it (unmappable characters become '?'). */
  private void put(String s) {
    int n = s.length();
    ensure(n);
    byte[] b = buf;
    int p = len;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c > 0xff) {
        len = p;
        put(ascii(s.substring(i)));
        return;
      }
      b[p++] = (byte) c;
    }
    len = p;
  }

  private void putDecimal(long v) {
    ensure(20);
    if (v == 0) {
      buf[len++] = '0';
      return;
    }
    int digits = 0;
    for (long x = v; x > 0; x /= 10) {
      digits++;
    }
    int p = len + digits;
    for (long x = v; x > 0; x /= 10) {
      buf[--p] = (byte) ('0' + (x % 10));
    }
    len += digits;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
