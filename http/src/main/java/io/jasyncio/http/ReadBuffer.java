package io.jasyncio.http;

import java.nio.ByteBuffer;

/**
 * The read buffer of one connection's {@link io.jasyncio.transports.BufferedProtocol}: the
 * transport reads into its free tail ({@link #free}, {@link #filled}), the parser takes from its
 * unread bytes ({@link #unread}, {@link #markRead}).
 *
 * <p>It starts at 4 KiB and doubles up to {@link #MAX} when a read fills it or it is half full
 * after compaction: most connections carry small messages, and zeroing 16 KiB per new connection
 * was the largest single cost of opening one.
 *
 * <p>Threads: loop-bound (the protocol's thread).
 */
final class ReadBuffer {
  /** The largest the buffer grows. */
  static final int MAX = 16 * 1024;
  private static final int FIRST = 4 * 1024;

  private ByteBuffer buf = ByteBuffer.allocate(FIRST);
  private boolean readFilledBuffer;
  private int consumed;
  private int filled;

  /** For {@code getBuffer}: drops what was read, grows if due, returns the free tail. */
  ByteBuffer free() {
    if (consumed > 0) {
      buf.limit(filled).position(consumed);
      buf.compact();
      filled -= consumed;
      consumed = 0;
    }
    int cap = buf.capacity();
    if (cap < MAX && (readFilledBuffer || filled >= cap / 2)) {
      ByteBuffer bigger = ByteBuffer.allocate(Math.min(MAX, cap * 2));
      bigger.put(buf.limit(filled).position(0));
      buf = bigger;
    }
    readFilledBuffer = false;
    buf.limit(buf.capacity()).position(filled);
    return buf;
  }

  /** For {@code bufferUpdated}: {@code nbytes} were written into the tail {@link #free} gave. */
  void filled(int nbytes) {
    readFilledBuffer = filled + nbytes == buf.capacity();
    filled += nbytes;
  }

  /** The buffer, positioned on the unread bytes; call {@link #markRead} after taking some. */
  ByteBuffer unread() {
    buf.limit(filled).position(consumed);
    return buf;
  }

  /** What was taken from {@link #unread} (up to its position now) is read. */
  void markRead() {
    consumed = buf.position();
  }

  /** Drops every unread byte. */
  void discard() {
    consumed = filled;
  }

  /** How many bytes are unread. */
  int pending() {
    return filled - consumed;
  }
}
