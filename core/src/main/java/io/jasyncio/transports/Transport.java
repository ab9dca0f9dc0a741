package io.jasyncio.transports;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * A byte-stream connection (asyncio's {@code Transport}): writes are buffered and never block,
 * reading can be paused, and the protocol hears of everything that happens.
 *
 * <p><b>Writing.</b> {@link #write} sends what the socket takes at once and buffers the rest; when
 * the buffer goes above the high-water mark (64 KiB by default) the protocol's {@link
 * BaseProtocol#pauseWriting()} is called, and {@link BaseProtocol#resumeWriting()} once it drains
 * to the low-water mark (a quarter of the high one). {@link #close()} flushes the buffer, then
 * closes; {@link #abort()} closes at once and drops it. Writing to a closing transport is ignored
 * (with one warning in debug mode, as asyncio logs it); writing after {@link #writeEof()} throws
 * {@link IllegalStateException}.
 *
 * <p><b>Threads.</b> Loop-bound: call it on the loop thread (from callbacks or coroutines).
 *
 * {@snippet class=io.jasyncio.transports.TransportsSnippetsTest region=transport}
 */
public interface Transport extends ReadTransport {
  /** asyncio's default high-water mark of the write buffer: 64 KiB. */
  int DEFAULT_HIGH_WATER = 64 * 1024;

  /** Sends {@code data}, buffering what cannot be sent at once (the array may be reused). */
  default void write(byte[] data) {
    java.util.Objects.requireNonNull(data, "data");
    write(ByteBuffer.wrap(data));
  }

  /**
   * Sends {@code data}'s remaining bytes and consumes them; the caller may reuse the buffer once
   * this returns (the transport copies what it could not send at once).
   */
  void write(ByteBuffer data);

  /** Sends {@code len} bytes of {@code data} from {@code off}. */
  default void write(byte[] data, int off, int len) {
    java.util.Objects.checkFromIndexSize(off, len, data.length);
    write(ByteBuffer.wrap(data, off, len));
  }

  /** Sends each array of {@code data} in order. */
  default void writelines(List<byte[]> data) {
    java.util.Objects.requireNonNull(data, "data");
    for (byte[] d : data) {
      write(d);
    }
  }

  /**
   * Closes the write side once the buffer is flushed (a half-close); reading goes on. {@link
   * UnsupportedOperationException} where {@link #canWriteEof()} is false (TLS).
   */
  void writeEof();

  /** False where a half-close is not possible (TLS). */
  boolean canWriteEof();

  /** Flushes the buffer, then closes; the protocol's {@code connectionLost(null)} follows. */
  void close();

  /** Closes at once, dropping the buffer; the protocol's {@code connectionLost(null)} follows. */
  void abort();

  /** True once {@link #close()} or {@link #abort()} was called or the connection was lost. */
  boolean isClosing();

  /**
   * Sets the water marks of the write buffer; {@link IllegalArgumentException} unless {@code
   * high >= low >= 0}. The protocol is paused or resumed at once if the buffer already crossed one.
   */
  void setWriteBufferLimits(int high, int low);

  /** {@code {low, high}}: the water marks (asyncio's {@code get_write_buffer_limits}). */
  int[] getWriteBufferLimits();

  /** Bytes buffered and not yet handed to the operating system. */
  int getWriteBufferSize();

  /**
   * Information about the connection, or null: {@code "peername"} and {@code "sockname"} ({@link
   * java.net.SocketAddress}), {@code "socket"} (the channel), over TLS {@code "sslcontext"}, {@code
   * "sslsession"} and {@code "peercert"}.
   */
  Object getExtraInfo(String name);

  /** The protocol that receives the events. */
  BaseProtocol getProtocol();

  /** From now on the events go to {@code protocol} (asyncio's {@code set_protocol}). */
  void setProtocol(BaseProtocol protocol);
}
