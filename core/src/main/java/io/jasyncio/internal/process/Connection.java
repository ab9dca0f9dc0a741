package io.jasyncio.internal.process;

import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Length-prefixed frames on a socket channel: {@code [int length][byte type][long id][payload]},
 * the length counting type, id and payload. One thread at a time reads; any thread may write
 * (writes are serialized, a frame is never interleaved with another). Reads are buffered: one
 * system call takes in every frame already there. Writes go through a buffer of the connection's
 * own: frames given together ({@link #send(List)}) leave in one system call, and a frame costs no
 * allocation.
 *
 * <p>A connection made with {@link #uninterruptible} does its waiting in a selector, so that a
 * thread interrupted while it reads or writes does not close the channel (a blocking channel is
 * closed by an interrupt): the child side, where the threads of user code read their own replies.
 */
public final class Connection implements AutoCloseable {
  /** A frame as read, or as given to {@link #send(List)} (payload may then be null: empty). */
  public record Frame(byte type, long id, byte[] payload) {}

  /** Called once when the reading thread is interrupted while it waits (the status is kept). */
  public interface OnInterrupt {
    void interrupted();
  }

  private static final int HEADER = 1 + 8;
  private static final int BUFFER_BYTES = 64 * 1024;

  private final SocketChannel channel;
  private final ReentrantLock writeLock = new ReentrantLock();
  /** Direct buffers: the channel reads and writes them with no copy through a temporary one. */
  private final ByteBuffer in = ByteBuffer.allocateDirect(BUFFER_BYTES).limit(0);
  /** Frames being written; guarded by {@link #writeLock}. */
  private final ByteBuffer out = ByteBuffer.allocateDirect(BUFFER_BYTES);
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
    writeLock.lock();
    try {
      out.clear();
      put(type, id, payload);
      drain();
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Sends {@code frames} in order, with no other frame between them, in one system call when they
   * fit the connection's buffer; {@link IOException} when the peer is gone.
   */
  public void send(List<Frame> frames) throws IOException {
    writeLock.lock();
    try {
      out.clear();
      for (Frame f : frames) {
        put(f.type(), f.id(), f.payload());
      }
      drain();
    } finally {
      writeLock.unlock();
    }
  }

  /** Appends a frame to {@link #out}, writing the buffer out whenever it is full. */
  private void put(byte type, long id, byte[] payload) throws IOException {
    int n = payload == null ? 0 : payload.length;
    if (out.remaining() < 4 + HEADER) {
      drain();
    }
    out.putInt(HEADER + n).put(type).putLong(id);
    for (int off = 0; off < n; ) {
      if (!out.hasRemaining()) {
        drain();
      }
      int k = Math.min(n - off, out.remaining());
      out.put(payload, off, k);
      off += k;
    }
  }

  /** Writes out everything in {@link #out} and clears it. */
  private void drain() throws IOException {
    out.flip();
    boolean interrupted = false;
    try {
      while (out.hasRemaining()) {
        if (channel.write(out) == 0 && writeSelector != null) {
          interrupted |= Thread.interrupted();
          writeSelector.select();
          writeSelector.selectedKeys().clear();
        }
      }
    } finally {
      out.clear();
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
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
