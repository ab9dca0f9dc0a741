package io.jasyncio.http;

/**
 * The parser's bounds: request or status line, one header field, header count and the whole
 * header block (trailers included). Defaults are DESIGN.md's.
 */
record Limits(int maxLineSize, int maxFieldSize, int maxHeaders, int maxHeaderBlock) {
  static final Limits DEFAULT = new Limits(8190, 8190, 128, 64 * 1024);

  Limits {
    if (maxLineSize < 16 || maxFieldSize < 16 || maxHeaders < 1 || maxHeaderBlock < maxFieldSize) {
      throw new IllegalArgumentException("parser limits too small: " + maxLineSize + ", "
          + maxFieldSize + ", " + maxHeaders + ", " + maxHeaderBlock);
    }
  }
}
