package io.jasyncio.http;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Incremental decoding of a {@code gzip} or {@code deflate} response body (Content-Encoding).
 * {@code deflate} is zlib-wrapped as RFC 9110 says; a raw deflate stream, which some servers send,
 * is accepted too. The gzip header is skipped (its optional fields included); the trailer's CRC is
 * checked.
 */
final class ContentDecoder {
  private static final int MAX_GZIP_HEADER = 64 * 1024;

  private final boolean gzip;
  private Inflater inflater;
  private boolean headerDone;
  private byte[] header = new byte[0];
  private boolean triedRaw;
  private long produced;
  private final java.util.zip.CRC32 crc = new java.util.zip.CRC32();
  private byte[] trailer = new byte[0];

  private ContentDecoder(boolean gzip) {
    this.gzip = gzip;
    this.headerDone = !gzip;
    this.inflater = new Inflater(gzip);
  }

  /** A decoder for {@code contentEncoding}, or null when the body is not encoded. */
  static ContentDecoder forEncoding(String contentEncoding) {
    if (contentEncoding == null) {
      return null;
    }
    return switch (contentEncoding.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "gzip", "x-gzip" -> new ContentDecoder(true);
      case "deflate" -> new ContentDecoder(false);
      default -> null;
    };
  }

  /** Decodes the next piece of the body; may return an empty array. */
  byte[] decode(byte[] in) throws ClientPayloadError {
    byte[] data = in;
    if (!headerDone) {
      header = concat(header, data);
      int end = gzipHeaderEnd(header);
      if (end < 0) {
        if (header.length > MAX_GZIP_HEADER) {
          throw new ClientPayloadError("gzip header too long");
        }
        return new byte[0];
      }
      headerDone = true;
      data = java.util.Arrays.copyOfRange(header, end, header.length);
      header = null;
    }
    if (inflater.finished()) {
      trailer = concat(trailer, data);
      return new byte[0];
    }
    inflater.setInput(data);
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, data.length * 3));
    byte[] buf = new byte[16 * 1024];
    try {
      while (!inflater.finished()) {
        int n = inflater.inflate(buf);
        if (n == 0) {
          if (inflater.needsInput() || inflater.needsDictionary()) {
            break;
          }
        }
        out.write(buf, 0, n);
      }
    } catch (DataFormatException e) {
      if (!gzip && !triedRaw && produced == 0 && out.size() == 0) {
        // a raw deflate stream without the zlib wrapper
        triedRaw = true;
        inflater.end();
        inflater = new Inflater(true);
        return decode(data);
      }
      throw new ClientPayloadError("cannot decode the " + (gzip ? "gzip" : "deflate")
          + " body: " + e.getMessage(), e);
    }
    if (inflater.finished()) {
      int rest = inflater.getRemaining();
      if (rest > 0) {
        trailer = concat(trailer,
            java.util.Arrays.copyOfRange(data, data.length - rest, data.length));
      }
    }
    byte[] result = out.toByteArray();
    produced += result.length;
    crc.update(result);
    return result;
  }

  /** The body ended: checks that the compressed stream was complete. */
  void finish() throws ClientPayloadError {
    try {
      if (!inflater.finished()) {
        throw new ClientPayloadError("the compressed body ended early");
      }
      if (gzip) {
        if (trailer.length < 8) {
          throw new ClientPayloadError("the gzip trailer is missing");
        }
        long want = (trailer[0] & 0xffL) | (trailer[1] & 0xffL) << 8 | (trailer[2] & 0xffL) << 16
            | (trailer[3] & 0xffL) << 24;
        if (want != crc.getValue()) {
          throw new ClientPayloadError("gzip CRC mismatch");
        }
      }
    } finally {
      inflater.end();
    }
  }

  void release() {
    inflater.end();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** The length of a complete gzip header at the start of {@code h}, or -1 if more is needed. */
  private static int gzipHeaderEnd(byte[] h) throws ClientPayloadError {
    if (h.length < 10) {
      return -1;
    }
    if ((h[0] & 0xff) != 0x1f || (h[1] & 0xff) != 0x8b || h[2] != 8) {
      throw new ClientPayloadError("not a gzip body");
    }
    int flags = h[3] & 0xff;
    int p = 10;
    if ((flags & 4) != 0) {
      if (h.length < p + 2) {
        return -1;
      }
      p += 2 + ((h[p] & 0xff) | (h[p + 1] & 0xff) << 8);
    }
    for (int bit : new int[] {8, 16}) {
      if ((flags & bit) != 0) {
        while (true) {
          if (p >= h.length) {
            return -1;
          }
          if (h[p++] == 0) {
            break;
          }
        }
      }
    }
    if ((flags & 2) != 0) {
      p += 2;
    }
    return p <= h.length ? p : -1;
  }
}
