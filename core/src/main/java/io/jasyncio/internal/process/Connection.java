package io.jasyncio.internal.process;

import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Length-prefixed frames on a socket channel: {@code [int length][byte type][long id][payload]},
 * the length counting type, id and payload. One thread at a time reads; any thread may write
 * (writes are serialized, a frame is never interleaved with another). Reads are buffered: one
 * system call takes in every frame already there.
 *
 * <p>A connection made with {@link #uninterruptible} does its waiting in a selector, so that a
 * thread interrupted while it reads or writes does not close the channel (a blocking channel is
 * closed by an interrupt): the child side, where the threads of user code read their own replies.
 */
public final class Connection implements AutoCloseable {
  /** A frame as read. */
  public record Frame(byte type, long id, byte[] payload) {}

  /** Called once when the reading thread is interrupted while it waits (the status is kept). */
  public interface OnInterrupt {
    void interrupted();
  }

  private static final int HEADER = 1 + 8;

  private final SocketChannel channel;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final ByteBuffer in = ByteBuffer.allocate(64 * 1024).limit(0);
  private final Selector readSelector;
  private final Selector writeSelector;

  Connection(SocketChannel channel) {
    this.channel = channel;
    this.readSelector = null;
    this.writeSelector = null;
  }

  private Connection(SocketChannel channel, Selector read, Selector write) {
    this.channel = channel;
    this.readSelector = read;
    this.writeSelector = write;
  }

  /** A connection whose reads and writes an interrupt does not break. */
  static Connection uninterruptible(SocketChannel channel) throws IOException {
    channel.configureBlocking(false);
    Selector r = Selector.open();
    Selector w = Selector.open();
    channel.register(r, SelectionKey.OP_READ);
    channel.register(w, SelectionKey.OP_WRITE);
    return new Connection(channel, r, w);
  }

  /** Sends one frame; {@link IOException} when the peer is gone. */
  public void send(byte type, long id, byte[] payload) throws IOException {
    write(ByteBuffer.wrap(encode(type, id, payload)));
  }

  /** One frame in the form {@link #send} writes it, for {@link #sendEncoded}. */
  public static byte[] encode(byte type, long id, byte[] payload) {
    int n = payload == null ? 0 : payload.length;
    ByteBuffer b = ByteBuffer.allocate(4 + HEADER + n);
    b.putInt(HEADER + n).put(type).putLong(id);
    if (n > 0) {
      b.put(payload);
    }
    return b.array();
  }

  /**
   * Sends frames made by {@link #encode} ({@code frames}: several, back to back) in one write
   * where the socket takes them all: the peer reads them in order, usually with one system call.
   */
  public void sendEncoded(byte[] frames, int length) throws IOException {
    write(ByteBuffer.wrap(frames, 0, length));
  }

  private void write(ByteBuffer b) throws IOException {
    writeLock.lock();
    try {
      boolean interrupted = false;
      try {
        while (b.hasRemaining()) {
          if (channel.write(b) == 0 && writeSelector != null) {
            interrupted |= Thread.interrupted();
            writeSelector.select();
            writeSelector.selectedKeys().clear();
          }
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    } finally {
      writeLock.unlock();
    }
  }

  /** Reads the next frame; null at the end of the stream. Only one thread may read at a time. */
  public Frame read() throws IOException {
    return read(null);
  }

  /**
   * As {@link #read()}; on an {@linkplain #uninterruptible uninterruptible} connection, {@code
   * onInterrupt} (may be null) is called once if the thread is interrupted while it waits, and the
   * thread's interrupt status is set again before this returns.
   */
  public Frame read(OnInterrupt onInterrupt) throws IOException {
    boolean[] interrupted = {false};
    try {
      if (!fill(4 + HEADER, true, onInterrupt, interrupted)) {
        return null;
      }
      int length = in.getInt();
      byte type = in.get();
      long id = in.getLong();
      if (length < HEADER || length - HEADER > Serial.MAX_BYTES) {
        throw new ProtocolException("bad frame length " + length);
      }
      int n = length - HEADER;
      byte[] payload = new byte[n];
      if (n <= in.capacity()) {
        fill(n, false, onInterrupt, interrupted);
        in.get(payload);
      } else {
        int have = in.remaining();
        in.get(payload, 0, have);
        ByteBuffer rest = ByteBuffer.wrap(payload, have, n - have);
        while (rest.hasRemaining()) {
          if (readSome(rest, onInterrupt, interrupted) < 0) {
            throw new EOFException("connection closed in the middle of a frame");
          }
        }
      }
      return new Frame(type, id, payload);
    } finally {
      if (interrupted[0]) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Makes at least {@code k} bytes readable in {@code in}. */
  private boolean fill(int k, boolean eofAllowedAtStart, OnInterrupt onInterrupt, boolean[] interrupted)
      throws IOException {
    while (in.remaining() < k) {
      boolean empty = !in.hasRemaining();
      in.compact();
      int r;
      try {
        r = readSome(in, onInterrupt, interrupted);
      } finally {
        in.flip();
      }
      if (r < 0) {
        if (eofAllowedAtStart && empty) {
          return false;
        }
        throw new EOFException("connection closed in the middle of a frame");
      }
    }
    return true;
  }

  /** Reads at least one byte into {@code b}, or -1 at the end of the stream. */
  private int readSome(ByteBuffer b, OnInterrupt onInterrupt, boolean[] interrupted)
      throws IOException {
    while (true) {
      int r = channel.read(b);
      if (r != 0 || readSelector == null) {
        return r;
      }
      if (Thread.interrupted()) {
        if (!interrupted[0] && onInterrupt != null) {
          onInterrupt.interrupted();
        }
        interrupted[0] = true;
      }
      readSelector.select();
      readSelector.selectedKeys().clear();
    }
  }

  /** Closes the channel; a blocked reader gets the end of the stream or an exception. */
  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing is best effort
    }
    for (Selector s : new Selector[] {readSelector, writeSelector}) {
      if (s != null) {
        try {
          s.close();
        } catch (IOException ignored) {
          // best effort
        }
      }
    }
  }

  /** Whether the channel is still open. */
  public boolean isOpen() {
    return channel.isOpen();
  }
}
