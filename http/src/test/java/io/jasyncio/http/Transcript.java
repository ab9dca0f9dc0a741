package io.jasyncio.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Runs a parser over some input fed in pieces of a given size and writes down what it produced:
 * one line per head, the body bytes of each message joined, END, and the error if any. The
 * transcript does not depend on where the input was split, so comparing transcripts checks that
 * splitting never changes the result.
 */
final class Transcript {
  private Transcript() {}

  /** Feeds {@code input} in pieces of {@code step} bytes (0: all at once), then optionally EOF. */
  static String of(HttpParser p, byte[] input, int step, boolean eof, Limits limits) {
    return of(p, input, step, eof, limits, false);
  }

  /** As above; with {@code direct}, each piece is fed from a direct buffer (no backing array). */
  static String of(HttpParser p, byte[] input, int step, boolean eof, Limits limits,
      boolean direct) {
    StringBuilder out = new StringBuilder();
    StringBuilder body = new StringBuilder();
    int bound = Math.max(limits.maxLineSize(), limits.maxFieldSize()) + limits.maxFieldSize();
    try {
      int size = step <= 0 ? Math.max(input.length, 1) : step;
      // One direct buffer refilled for every piece, as a protocol's read buffer is reused.
      ByteBuffer reused = direct ? ByteBuffer.allocateDirect(size) : null;
      for (int off = 0; off < input.length || off == 0; off += size) {
        int n = Math.min(size, input.length - off);
        ByteBuffer in = ByteBuffer.wrap(input, off, n).slice();
        if (direct) {
          reused.clear();
          reused.put(in).flip();
          in = reused;
        }
        while (true) {
          ParseEvent e = p.next(in);
          if (p.retainedBytes() > bound) {
            throw new AssertionError("parser holds " + p.retainedBytes() + " bytes");
          }
          if (e == ParseEvent.NEED_MORE) {
            break;
          }
          switch (e) {
            case HEAD -> out.append(describe(p.head())).append('\n');
            case BODY -> body.append(StandardCharsets.ISO_8859_1.decode(p.body()));
            case END -> {
              out.append("BODY ").append(body).append("\nEND\n");
              body.setLength(0);
            }
            default -> throw new AssertionError(e);
          }
        }
        if (input.length == 0) {
          break;
        }
      }
      if (eof) {
        if (p.eof()) {
          out.append("BODY ").append(body).append("\nEND(eof)\n");
        } else {
          out.append("EOF\n");
        }
      } else if (!body.isEmpty()) {
        out.append("BODY ").append(body).append('\n');
      }
    } catch (HttpParseException e) {
      if (!body.isEmpty()) {
        out.append("BODY ").append(body).append('\n');
      }
      out.append("ERROR ").append(e.status()).append(' ').append(e.getMessage()).append('\n');
    }
    return out.toString();
  }

  static String describe(MessageHead h) {
    return (h.method() != null ? h.method() + " " + h.target() : h.status() + " " + h.reason())
        + " " + h.version() + " " + h.headers() + " " + h.framing() + " " + h.contentLength()
        + (h.keepAlive() ? " keep-alive" : " close") + (h.expectContinue() ? " expect" : "");
  }
}
