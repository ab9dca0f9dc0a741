package io.jasyncio.streams;

import io.jasyncio.Asyncio;
import io.jasyncio.Future;
import io.jasyncio.internal.util.Sneaky;
import io.jasyncio.internal.io.IoLoop;
import io.jasyncio.transports.ReadTransport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * The reading side of a stream, exactly as asyncio's {@code StreamReader}: a byte buffer that the
 * connection feeds and that coroutines read from with {@link #read}, {@link #readline}, {@link
 * #readexactly} and {@link #readuntil}.
 *
 * <p><b>Limit and flow control.</b> The limit (default 64 KiB) bounds the line or chunk that
 * {@code readline}/{@code readuntil} accept; it also drives back-pressure: when the buffer holds
 * more than twice the limit the connection stops reading from the socket (or the pipe), and it
 * resumes once a read brings the buffer down to the limit.
 *
 * <p><b>Cancellation.</b> A read cancelled while it waits for data raises {@link
 * io.jasyncio.CancelledError} and consumes nothing: the bytes already buffered stay for the next
 * read.
 *
 * <p><b>Threads.</b> Loop-bound: use it from the coroutines and callbacks of the loop that runs
 * the connection. The {@code feed*} methods and {@link #setException} are the connection's side
 * (public, as in asyncio, so that a reader can be fed by hand, e.g. in tests).
 *
 * {@snippet class=io.jasyncio.streams.StreamsSnippetsTest region=streamReader}
 */
public final class StreamReader {
  /** The default limit, 64 KiB (asyncio's {@code _DEFAULT_LIMIT}). */
  public static final int DEFAULT_LIMIT = 64 * 1024;

  private static final byte[] EMPTY = new byte[0];
  private static final byte[] NEWLINE = {'\n'};

  private final int limit;
  /** Buffered bytes are buf[start, end). */
  private byte[] buf = EMPTY;

  private int start;
  private int end;
  private boolean eof;
  private Future<Void> waiter;
  private Throwable exception;
  private ReadTransport transport;
  private boolean paused;

  /** A reader with the default limit of 64 KiB. */
  public StreamReader() {
    this(DEFAULT_LIMIT);
  }

  /** A reader with {@code limit} bytes; {@link IllegalArgumentException} if it is 0 or less. */
  public StreamReader(int limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("Limit cannot be <= 0");
    }
    this.limit = limit;
  }

  public int limit() {
    return limit;
  }

  /** The exception set by {@link #setException}, or null. */
  public Throwable exception() {
    return exception;
  }

  /** Makes every later read throw {@code exc}; a pending read gets it now. */
  public void setException(Throwable exc) {
    Objects.requireNonNull(exc, "exc");
    exception = exc;
    Future<Void> w = waiter;
    if (w != null) {
      waiter = null;
      if (!w.cancelled()) {
        w.setException(exc);
      }
    }
  }

  private void wakeupWaiter() {
    Future<Void> w = waiter;
    if (w != null) {
      waiter = null;
      if (!w.cancelled()) {
        w.setResult(null);
      }
    }
  }

  /**
   * The transport this reader pauses while its buffer is above twice the limit and resumes once
   * a read brings it down to the limit (asyncio's {@code set_transport}); set once, by whatever
   * feeds the reader. {@link IllegalStateException} when one is set already.
   */
  public void setTransport(ReadTransport t) {
    Objects.requireNonNull(t, "transport");
    if (transport != null) {
      throw new IllegalStateException("Transport already set");
    }
    transport = t;
  }

  private void maybeResumeTransport() {
    if (paused && size() <= limit) {
      paused = false;
      transport.resumeReading();
    }
  }

  /** Marks the end of the data: pending and later reads see EOF once the buffer is consumed. */
  public void feedEof() {
    eof = true;
    wakeupWaiter();
  }

  /** True when EOF was fed <em>and</em> the buffer is empty. */
  public boolean atEof() {
    return eof && size() == 0;
  }

  /** Appends {@code data} to the buffer; {@link IllegalStateException} after {@link #feedEof()}. */
  public void feedData(byte[] data) {
    Objects.requireNonNull(data, "data");
    feedData(ByteBuffer.wrap(data));
  }

  /** Appends the bytes from {@code data}'s position to its limit, consuming them. */
  public void feedData(ByteBuffer data) {
    Objects.requireNonNull(data, "data");
    if (eof) {
      throw new IllegalStateException("feedData() after feedEof()");
    }
    int n = data.remaining();
    if (n == 0) {
      return;
    }
    ensureRoom(n);
    data.get(buf, end, n);
    end += n;
    wakeupWaiter();
    if (transport != null && !paused && size() > 2L * limit) {
      transport.pauseReading();
      paused = true;
    }
  }

  private void ensureRoom(int n) {
    if (buf.length - end >= n) {
      return;
    }
    int size = size();
    if (start > 0 && buf.length - size >= n && size <= buf.length / 2) {
      System.arraycopy(buf, start, buf, 0, size);
    } else {
      long want = Math.max((long) size + n, Math.max(256, 2L * buf.length));
      if (want > Integer.MAX_VALUE - 16) {
        want = (long) size + n;
        if (want > Integer.MAX_VALUE - 16) {
          throw new IllegalStateException("StreamReader buffer would exceed 2 GiB");
        }
      }
      byte[] nb = new byte[(int) want];
      System.arraycopy(buf, start, nb, 0, size);
      buf = nb;
    }
    start = 0;
    end = size;
  }

  private int size() {
    return end - start;
  }

  private byte[] take(int n) {
    byte[] out = Arrays.copyOfRange(buf, start, start + n);
    consume(n);
    return out;
  }

  private void consume(int n) {
    start += n;
    if (start == end) {
      start = 0;
      end = 0;
      if (buf.length > 4 * limit) {
        buf = EMPTY; // do not keep a huge buffer after a burst
      }
    }
  }

  private void clearBuffer() {
    start = 0;
    end = 0;
  }

  /** True while the reader has paused its transport (buffer above twice the limit). */
  boolean isPaused() {
    return paused;
  }

  /** What the buffer holds now (for tests). */
  byte[] buffered() {
    return Arrays.copyOfRange(buf, start, end);
  }

  private void throwIfFailed() {
    if (exception != null) {
      throw Sneaky.rethrow(exception);
    }
  }

  /** Suspends until data or EOF is fed (asyncio's {@code _wait_for_data}). */
  private void waitForData(String method) {
    if (waiter != null) {
      throw new IllegalStateException(
          method + "() called while another coroutine is already waiting for incoming data");
    }
    if (eof) {
      throw new IllegalStateException(method + "(): waiting for data after EOF");
    }
    // Waiting for data while reading is paused would deadlock.
    if (paused) {
      paused = false;
      transport.resumeReading();
    }
    Future<Void> w = Asyncio.getRunningLoop().createFuture();
    waiter = w;
    try {
      Asyncio.await(w);
    } finally {
      if (waiter == w) {
        waiter = null;
      }
    }
  }

  /**
   * Suspends: reads up to {@code n} bytes. {@code n == 0} returns an empty array at once; {@code
   * n < 0} reads everything up to EOF. Returns an empty array at EOF.
   */
  public byte[] read(int n) throws IOException {
    IoLoop.require("read");
    throwIfFailed();
    if (n == 0) {
      return EMPTY;
    }
    if (n < 0) {
      java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
      while (true) {
        byte[] block = read(limit);
        if (block.length == 0) {
          break;
        }
        all.write(block);
      }
      return all.toByteArray();
    }
    if (size() == 0 && !eof) {
      waitForData("read");
    }
    byte[] data = take(Math.min(n, size()));
    maybeResumeTransport();
    return data;
  }

  /** Suspends: reads everything up to EOF (as {@code read(-1)}). */
  public byte[] read() throws IOException {
    return read(-1);
  }

  /**
   * Suspends: reads one line, ending with {@code \n}. At EOF returns the partial line (empty when
   * nothing is left). A line longer than the limit throws {@link LimitOverrunError} (Python
   * raises ValueError here) and is dropped from the buffer: up to and including its separator if
   * the separator is buffered, else the whole buffer.
   */
  public byte[] readline() throws IOException {
    IoLoop.require("readline");
    try {
      return readuntil(NEWLINE);
    } catch (IncompleteReadError e) {
      return e.partial();
    } catch (LimitOverrunError e) {
      if (startsWith(NEWLINE, e.consumed())) {
        consume(e.consumed() + NEWLINE.length);
      } else {
        clearBuffer();
      }
      maybeResumeTransport();
      throw new LimitOverrunError(e.getMessage(), e.consumed());
    }
  }

  private boolean startsWith(byte[] sep, int at) {
    if (size() - at < sep.length) {
      return false;
    }
    for (int i = 0; i < sep.length; i++) {
      if (buf[start + at + i] != sep[i]) {
        return false;
      }
    }
    return true;
  }

  /** Suspends: reads up to and including {@code separator} (see {@link #readuntil(byte[])}). */
  public byte[] readuntil(byte separator) throws IOException {
    return readuntil(new byte[] {separator});
  }

  /**
   * Suspends: reads up to and including {@code separator}. At EOF without it, throws {@link
   * IncompleteReadError} with the partial data (the buffer is emptied, expected is null). When
   * the data before the separator would pass the limit, throws {@link LimitOverrunError} and
   * leaves the buffer as it was (read it with {@link #read}).
   */
  public byte[] readuntil(byte[] separator) throws IOException {
    Objects.requireNonNull(separator, "separator");
    IoLoop.require("readuntil");
    int seplen = separator.length;
    if (seplen == 0) {
      throw new IllegalArgumentException("Separator should be at least one-byte string");
    }
    throwIfFailed();
    int offset = 0;
    int isep;
    while (true) {
      int buflen = size();
      if (buflen - offset >= seplen) {
        isep = indexOf(separator, offset);
        if (isep != -1) {
          break;
        }
        offset = buflen + 1 - seplen;
        if (offset > limit) {
          throw new LimitOverrunError(
              "Separator is not found, and chunk exceed the limit", offset);
        }
      }
      if (eof) {
        byte[] chunk = take(size());
        throw new IncompleteReadError(chunk, null);
      }
      waitForData("readuntil");
      throwIfFailed();
    }
    if (isep > limit) {
      throw new LimitOverrunError("Separator is found, but chunk is longer than limit", isep);
    }
    byte[] chunk = take(isep + seplen);
    maybeResumeTransport();
    return chunk;
  }

  private int indexOf(byte[] sep, int from) {
    byte first = sep[0];
    int last = end - sep.length;
    outer:
    for (int i = start + from; i <= last; i++) {
      if (buf[i] != first) {
        continue;
      }
      for (int j = 1; j < sep.length; j++) {
        if (buf[i + j] != sep[j]) {
          continue outer;
        }
      }
      return i - start;
    }
    return -1;
  }

  /**
   * Suspends: reads exactly {@code n} bytes. At EOF before that, throws {@link
   * IncompleteReadError} with what was read (the buffer is emptied). {@code n < 0}: {@link
   * IllegalArgumentException}.
   */
  public byte[] readexactly(int n) throws IOException {
    IoLoop.require("readexactly");
    if (n < 0) {
      throw new IllegalArgumentException("readexactly size can not be less than zero");
    }
    throwIfFailed();
    if (n == 0) {
      return EMPTY;
    }
    while (size() < n) {
      if (eof) {
        byte[] incomplete = take(size());
        throw new IncompleteReadError(incomplete, n);
      }
      waitForData("readexactly");
      throwIfFailed();
    }
    byte[] data = take(n);
    maybeResumeTransport();
    return data;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("StreamReader[");
    if (size() > 0) {
      sb.append(size()).append(" bytes");
    }
    if (eof) {
      sb.append(sb.length() > 13 ? ", " : "").append("eof");
    }
    if (limit != DEFAULT_LIMIT) {
      sb.append(sb.length() > 13 ? ", " : "").append("limit=").append(limit);
    }
    if (waiter != null) {
      sb.append(sb.length() > 13 ? ", " : "").append("waiter=").append(waiter);
    }
    if (exception != null) {
      sb.append(sb.length() > 13 ? ", " : "").append("exception=").append(exception);
    }
    if (transport != null) {
      sb.append(sb.length() > 13 ? ", " : "").append("transport=").append(transport);
    }
    if (paused) {
      sb.append(", paused");
    }
    return sb.append(']').toString();
  }
}
