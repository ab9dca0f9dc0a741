package io.jasyncio.streams;

import io.jasyncio.Asyncio;
import io.jasyncio.internal.util.LoopBinding;
import io.jasyncio.internal.util.Sneaky;
import io.jasyncio.internal.io.IoLoop;
import io.jasyncio.transports.Transport;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * The writing side of a stream, as asyncio's {@code StreamWriter}: {@link #write} buffers without
 * suspending; {@link #drain()} is the back-pressure point.
 *
 * <p><b>Back-pressure.</b> The transport pauses the writer when its buffer grows above the
 * high-water mark (64 KiB by default) and resumes it when the buffer is flushed down to the
 * low-water mark (a quarter of it): {@code drain()} returns at once below the mark and suspends
 * above it. Call {@code drain()} after writes in a loop, or a slow peer makes the buffer grow
 * without bound.
 *
 * <p><b>Closing.</b> {@link #close()} flushes the buffer, then closes; {@link #waitClosed()}
 * waits for that. Writing after {@code close()} or {@link #writeEof()} is a programming error
 * ({@link IllegalStateException}). When the peer resets the connection, writes are dropped and
 * the next {@code drain()} throws {@link ConnectionResetException}.
 *
 * <p><b>Threads.</b> Loop-bound: call it from the loop that runs the connection.
 *
 * {@snippet class=io.jasyncio.streams.StreamsSnippetsTest region=streamWriter}
 */
public final class StreamWriter {
  private final Transport transport;
  private final StreamReaderProtocol protocol;
  private final StreamReader reader;
  /** close() or abort() was called: writing now is a programming error. */
  private boolean closed;

  StreamWriter(Transport transport, StreamReaderProtocol protocol, StreamReader reader) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.protocol = Objects.requireNonNull(protocol, "protocol");
    this.reader = reader;
  }

  /**
   * A writer over a transport made elsewhere (a child's pipe, a transport of your own), as
   * asyncio's {@code StreamWriter(transport, protocol, reader, loop)}: the writer's protocol
   * replaces the transport's ({@link Transport#setProtocol}), so that {@link #drain()} and {@link
   * #waitClosed()} follow it. Call it on the loop thread, before the transport has delivered
   * anything. {@code readerOrNull} is fed by the transport too, when it reads.
   */
  public StreamWriter(Transport transport, StreamReader readerOrNull) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.reader = readerOrNull;
    this.protocol = new StreamReaderProtocol(Asyncio.getRunningLoop(), readerOrNull, null);
    transport.setProtocol(protocol);
    protocol.connectionMade(transport);
  }

  /** Queues {@code data} for sending; never suspends. */
  public void write(byte[] data) {
    Objects.requireNonNull(data, "data");
    LoopBinding.checkThread(protocol.loop(), this, "write");
    checkOpen();
    transport.write(data);
  }

  /** Queues {@code len} bytes of {@code data} from {@code off}; never suspends. */
  public void write(byte[] data, int off, int len) {
    Objects.requireNonNull(data, "data");
    Objects.checkFromIndexSize(off, len, data.length);
    LoopBinding.checkThread(protocol.loop(), this, "write");
    checkOpen();
    transport.write(data, off, len);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("write() after close()");
    }
  }

  /** Queues each of {@code lines} in order; never suspends. */
  public void writelines(List<byte[]> lines) {
    Objects.requireNonNull(lines, "lines");
    for (byte[] line : lines) {
      Objects.requireNonNull(line, "lines element");
    }
    checkOpen();
    for (byte[] line : lines) {
      transport.write(line);
    }
  }

  /**
   * Suspends while the write buffer is above the high-water mark. Throws the reader's exception
   * if the connection failed, or {@link ConnectionResetException} once the connection is lost.
   */
  public void drain() throws IOException {
    IoLoop.require("drain");
    if (reader != null) {
      Throwable exc = reader.exception();
      if (exc != null) {
        throw Sneaky.rethrow(exc);
      }
    }
    if (transport.isClosing()) {
      // Let connectionLost run if it is scheduled: the helper then reports it.
      Asyncio.sleep(0);
    }
    try {
      protocol.drainHelper();
    } catch (IOException lost) {
      if (closed) {
        // Our own close() ended the connection: say so, rather than "Connection lost".
        throw new ConnectionResetException(
            "drain() after this writer's close(): the writer was closed", lost);
      }
      throw lost;
    }
  }

  /** Closes the write side after the buffered data (half-close); reading goes on. */
  public void writeEof() {
    transport.writeEof();
  }

  /** False over TLS, which cannot half-close. */
  public boolean canWriteEof() {
    return transport.canWriteEof();
  }

  /** Flushes the buffer, then closes the connection; idempotent. */
  public void close() {
    LoopBinding.checkThread(protocol.loop(), this, "close");
    closed = true;
    transport.close();
  }

  /** Closes the connection at once, dropping buffered data. */
  public void abort() {
    closed = true;
    transport.abort();
  }

  /** True once closing began (by us, or because the connection was lost). */
  public boolean isClosing() {
    return transport.isClosing();
  }

  /**
   * Suspends until the connection is closed; throws the error that closed it, if one did (a
   * reset: {@link ConnectionResetException}).
   */
  public void waitClosed() throws IOException {
    IoLoop.require("waitClosed");
    Asyncio.await(protocol.closedFuture());
  }

  /**
   * Information about the connection: {@code "peername"} and {@code "sockname"} ({@link
   * java.net.SocketAddress}), {@code "socket"} (the channel), {@code "sslcontext"} and {@code
   * "sslsession"} over TLS; null for an unknown name.
   */
  public Object getExtraInfo(String name) {
    Objects.requireNonNull(name, "name");
    return transport.getExtraInfo(name);
  }

  /** As {@link #getExtraInfo(String)}, with {@code defaultValue} instead of null. */
  public Object getExtraInfo(String name, Object defaultValue) {
    Object v = getExtraInfo(name);
    return v != null ? v : defaultValue;
  }

  /** Bytes buffered and not yet sent. */
  public long getWriteBufferSize() {
    return transport.getWriteBufferSize();
  }

  /**
   * Sets the high- and low-water marks of the write buffer (null high: 64 KiB; null low: high /
   * 4); {@link IllegalArgumentException} unless {@code high >= low >= 0}.
   */
  public void setWriteBufferLimits(Integer high, Integer low) {
    int h = high == null ? (low == null ? Transport.DEFAULT_HIGH_WATER : 4 * low) : high;
    int l = low == null ? h / 4 : low;
    transport.setWriteBufferLimits(h, l);
  }

  /** {@code {low, high}}: the water marks of the write buffer. */
  public int[] getWriteBufferLimits() {
    return transport.getWriteBufferLimits();
  }

  Transport transport() {
    return transport;
  }

  /** The reader of the same connection, or null. */
  public StreamReader reader() {
    return reader;
  }

  @Override
  public String toString() {
    return "StreamWriter[transport=" + transport + (reader != null ? ", reader=" + reader : "")
        + "]";
  }
}
