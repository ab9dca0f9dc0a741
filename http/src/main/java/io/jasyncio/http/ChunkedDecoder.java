package io.jasyncio.http;

import java.nio.ByteBuffer;

/**
 * Incremental decoder of a {@code Transfer-Encoding: chunked} body (RFC 9112 section 7.1),
 * strict: hex sizes without overflow, CRLF everywhere (a bare CR or LF is an error), chunk
 * extensions without control characters, CRLF after each chunk's data, trailer fields checked
 * like headers and bounded by the same limits (then dropped).
 *
 * <p>Memory: a trailer line buffer of at most {@code maxFieldSize} bytes; the data is handed out
 * as views of the input. Threads: one decoder belongs to one connection.
 */
final class ChunkedDecoder {
  private static final long MAX_CHUNK = Long.MAX_VALUE >>> 4;

  private enum State {
    SIZE_START, SIZE, SIZE_WS, EXT, SIZE_LF, DATA, DATA_CR, DATA_LF, TRAILER, TRAILER_LF, DONE
  }

  private final Limits limits;
  private State state = State.SIZE_START;
  private long chunkSize;
  private int lineLength;
  private byte[] trailer;
  private int trailerLen;
  private int trailerCount;
  private int trailerBytes;
  private ByteBuffer data;

  ChunkedDecoder(Limits limits) {
    this.limits = limits;
  }

  /** Ready to decode a new body. */
  void reset() {
    state = State.SIZE_START;
    chunkSize = 0;
    lineLength = 0;
    trailerLen = 0;
    trailerCount = 0;
    trailerBytes = 0;
    data = null;
  }

  /** The bytes the decoder holds for itself (its trailer line buffer). */
  int retainedBytes() {
    return trailer == null ? 0 : trailer.length;
  }

  /** Whether the last chunk and the trailers have been read. */
  boolean done() {
    return state == State.DONE;
  }

  /** The data of the last {@link ParseEvent#BODY}: a view of the input. */
  ByteBuffer data() {
    return data;
  }

  /**
   * Consumes input from {@code in}'s position: returns {@code BODY} (see {@link #data()}), {@code
   * END} after the final CRLF (the position is just past it) or {@code NEED_MORE}.
   */
  ParseEvent next(ByteBuffer in) throws HttpParseException {
    int p = in.position();
    int lim = in.limit();
    while (p < lim) {
      switch (state) {
        case DATA -> {
          int n = (int) Math.min(chunkSize, lim - p);
          data = in.slice(p, n);
          in.position(p + n);
          chunkSize -= n;
          if (chunkSize == 0) {
            state = State.DATA_CR;
          }
          return ParseEvent.BODY;
        }
        case DATA_CR -> {
          if (in.get(p++) != '\r') {
            throw new HttpParseException(400, "chunk data not followed by CRLF");
          }
          state = State.DATA_LF;
        }
        case DATA_LF -> {
          if (in.get(p++) != '\n') {
            throw new HttpParseException(400, "chunk data not followed by CRLF");
          }
          state = State.SIZE_START;
          lineLength = 0;
        }
        case TRAILER, TRAILER_LF -> {
          byte b = in.get(p++);
          if (trailerLine(b)) {
            in.position(p);
            return ParseEvent.END;
          }
        }
        case DONE -> {
          in.position(p);
          return ParseEvent.END;
        }
        default -> sizeLine(in.get(p++));
      }
    }
    in.position(p);
    return state == State.DONE ? ParseEvent.END : ParseEvent.NEED_MORE;
  }

  private void sizeLine(byte b) throws HttpParseException {
    if (++lineLength > limits.maxLineSize()) {
      throw new HttpParseException(400, "chunk size line too long");
    }
    switch (state) {
      case SIZE_START -> {
        if (!Syntax.isHex(b)) {
          throw new HttpParseException(400, "chunk size is not a hex number");
        }
        chunkSize = Syntax.hexValue(b);
        state = State.SIZE;
      }
      case SIZE -> {
        if (Syntax.isHex(b)) {
          if (chunkSize > MAX_CHUNK) {
            throw new HttpParseException(400, "chunk size overflows");
          }
          chunkSize = (chunkSize << 4) | Syntax.hexValue(b);
        } else {
          sizeEnd(b);
        }
      }
      case SIZE_WS -> sizeEnd(b);
      case EXT -> {
        if (b == '\r') {
          state = State.SIZE_LF;
        } else if (b != '\t' && (b < 0x20 && b >= 0 || b == 0x7f)) {
          throw new HttpParseException(400, "control character in a chunk extension");
        }
      }
      case SIZE_LF -> {
        if (b != '\n') {
          throw new HttpParseException(400, "bare CR in a chunk size line");
        }
        lineLength = 0;
        if (chunkSize == 0) {
          state = State.TRAILER;
          trailerLen = 0;
        } else {
          state = State.DATA;
        }
      }
      default -> throw new IllegalStateException(state.toString());
    }
  }

  private void sizeEnd(byte b) throws HttpParseException {
    if (b == ' ' || b == '\t') {
      state = State.SIZE_WS;
    } else if (b == ';') {
      state = State.EXT;
    } else if (b == '\r') {
      state = State.SIZE_LF;
    } else if (b == '\n') {
      throw new HttpParseException(400, "bare LF in a chunk size line");
    } else {
      throw new HttpParseException(400, "chunk size is not a hex number");
    }
  }

  /** One byte of the trailer section; true when the section (and the body) is complete. */
  private boolean trailerLine(byte b) throws HttpParseException {
    if (state == State.TRAILER_LF) {
      if (b != '\n') {
        throw new HttpParseException(400, "bare CR in a trailer");
      }
      if (trailerLen == 0) {
        state = State.DONE;
        return true;
      }
      if (++trailerCount > limits.maxHeaders()) {
        throw new HttpParseException(400, "too many trailer fields");
      }
      trailerBytes += trailerLen + 2;
      if (trailerBytes > limits.maxHeaderBlock()) {
        throw new HttpParseException(400, "trailer section too large");
      }
      FieldLine.parse(trailer, 0, trailerLen, null);
      trailerLen = 0;
      state = State.TRAILER;
      return false;
    }
    if (b == '\r') {
      state = State.TRAILER_LF;
      return false;
    }
    if (b == '\n') {
      throw new HttpParseException(400, "bare LF in a trailer");
    }
    if (trailerLen >= limits.maxFieldSize()) {
      throw new HttpParseException(400, "trailer field too long");
    }
    if (trailer == null) {
      trailer = new byte[Math.min(256, limits.maxFieldSize())];
    } else if (trailerLen == trailer.length) {
      trailer = java.util.Arrays.copyOf(trailer, Math.min(trailer.length * 2, limits.maxFieldSize()));
    }
    trailer[trailerLen++] = b;
    return false;
  }

  @Override
  public String toString() {
    return "ChunkedDecoder[" + state + ", remaining=" + chunkSize + "]";
  }
}
