package io.jasyncio.internal.process;

import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Length-prefixed frames on a blocking socket channel: {@code [int length][byte type][long
 * id][payload]}, the length counting type, id and payload. One thread reads; any thread may write
 * (writes are serialized, a frame is never interleaved with another).
 */
public final class Connection implements AutoCloseable {
  /** A frame as read. */
  public record Frame(byte type, long id, byte[] payload) {}

  private static final int HEADER = 1 + 8;

  private final SocketChannel channel;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final ByteBuffer header = ByteBuffer.allocate(4 + HEADER);

  Connection(SocketChannel channel) {
    this.channel = channel;
  }

  /** Sends one frame; {@link IOException} when the peer is gone. */
  public void send(byte type, long id, byte[] payload) throws IOException {
    int n = payload == null ? 0 : payload.length;
    ByteBuffer b = ByteBuffer.allocate(4 + HEADER + n);
    b.putInt(HEADER + n).put(type).putLong(id);
    if (n > 0) {
      b.put(payload);
    }
    b.flip();
    writeLock.lock();
    try {
      while (b.hasRemaining()) {
        channel.write(b);
      }
    } finally {
      writeLock.unlock();
    }
  }

  /** Reads the next frame; null at the end of the stream. Only one thread may read. */
  public Frame read() throws IOException {
    header.clear();
    if (!fill(header, true)) {
      return null;
    }
    header.flip();
    int length = header.getInt();
    byte type = header.get();
    long id = header.getLong();
    if (length < HEADER || length - HEADER > Serial.MAX_BYTES) {
      throw new ProtocolException("bad frame length " + length);
    }
    ByteBuffer payload = ByteBuffer.allocate(length - HEADER);
    fill(payload, false);
    return new Frame(type, id, payload.array());
  }

  private boolean fill(ByteBuffer b, boolean eofAllowedAtStart) throws IOException {
    while (b.hasRemaining()) {
      int r = channel.read(b);
      if (r < 0) {
        if (eofAllowedAtStart && b.position() == 0) {
          return false;
        }
        throw new EOFException("connection closed in the middle of a frame");
      }
    }
    return true;
  }

  /** Closes the channel; a blocked reader gets the end of the stream or an exception. */
  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing is best effort
    }
  }

  /** Whether the channel is still open. */
  public boolean isOpen() {
    return channel.isOpen();
  }
}
