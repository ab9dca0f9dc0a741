package io.jasyncio.internal.io;

import io.jasyncio.streams.ConnectionResetException;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;

/**
 * A stream transport over a non-blocking {@link SocketChannel} (TCP or Unix-domain), driven by
 * the loop's selector: asyncio's {@code _SelectorSocketTransport}.
 *
 * <p>Reading: one read per readiness event into a per-thread direct buffer (reused, never
 * handed out: the protocol copies what it keeps). Writing: a write is tried at once when nothing
 * is queued; the rest is copied into a queue flushed by gathering writes when the socket is
 * writable. The protocol is paused above the high-water mark and resumed at the low-water mark.
 *
 * <p>Loop-bound: everything runs on the loop thread.
 */
public final class SocketTransport implements Transport {
  private static final int READ_BUFFER_SIZE = 256 * 1024;
  private static final ThreadLocal<ByteBuffer> READ_BUFFER =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(READ_BUFFER_SIZE));
  private static final int MAX_GATHER = 64;
  /** Small writes are appended to a tail chunk of this size instead of queued one by one. */
  private static final int COALESCE_CHUNK = 16 * 1024;

  private final IoLoop loop;
  private final SocketChannel channel;
  private final Registration reg;
  private final SocketAddress peer;
  private final SocketAddress local;
  private Protocol protocol;

  private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
  /** The last queued chunk, still open for appending small writes (in write mode); or null. */
  private ByteBuffer tail;

  private final WriteFlow flow = new WriteFlow();
  private boolean reading = true;
  private boolean eofReceived;
  /** writeEof() was called; shutdownOutput once the queue is empty. */
  private boolean eof;
  /** close() was called, or the connection failed. */
  private boolean closing;
  /** close() or abort() was called: writing now is a programming error. */
  private boolean closedByUser;
  /** connectionLost is scheduled or done. */
  private boolean lost;
  private boolean started;
  private Runnable onClosed;

  /**
   * A transport for a connected channel; {@code existing} is the channel's registration when it
   * has one (it connected through the loop), else null. Call {@link #start()} next.
   */
  public SocketTransport(
      IoLoop loop, SocketChannel channel, Registration existing, Protocol protocol)
      throws IOException {
    this.loop = Objects.requireNonNull(loop, "loop");
    this.channel = Objects.requireNonNull(channel, "channel");
    this.protocol = Objects.requireNonNull(protocol, "protocol");
    this.peer = channel.getRemoteAddress();
    this.local = channel.getLocalAddress();
    if (existing != null) {
      existing.interest(0);
      existing.retarget(this::onReady);
      this.reg = existing;
    } else {
      this.reg = Registration.register(loop, channel, 0, this::onReady);
    }
  }

  /** Tells the protocol the connection is made, then starts reading (unless it paused). */
  public void start() {
    if (started) {
      throw new IllegalStateException("transport already started");
    }
    started = true;
    protocol.connectionMade(this);
    if (reading && !closing && !lost) {
      reg.addInterest(SelectionKey.OP_READ);
    }
  }

  private void onReady(SelectionKey key) {
    if (!key.isValid()) {
      return;
    }
    int ready = key.readyOps();
    if ((ready & SelectionKey.OP_WRITE) != 0 && !queue.isEmpty() && !lost) {
      onWritable();
    }
    if ((ready & SelectionKey.OP_READ) != 0 && reading && !lost && !eofReceived) {
      onReadable();
    }
  }

  private void onReadable() {
    ByteBuffer buf = READ_BUFFER.get();
    buf.clear();
    int n;
    try {
      n = channel.read(buf);
    } catch (IOException e) {
      fatalError(resetOf(e, "reading"));
      return;
    }
    if (n > 0) {
      buf.flip();
      protocol.dataReceived(buf);
    } else if (n < 0) {
      eofReceived = true;
      reg.removeInterest(SelectionKey.OP_READ);
      boolean keepOpen = protocol.eofReceived();
      if (!keepOpen) {
        close();
      }
    }
  }

  static ConnectionResetException resetOf(IOException e, String doing) {
    if (e instanceof ConnectionResetException r) {
      return r;
    }
    String m = e.getMessage();
    String what = m != null && m.toLowerCase(java.util.Locale.ROOT).contains("broken pipe")
        ? "Broken pipe"
        : "Connection reset by peer";
    return new ConnectionResetException(what + " while " + doing + " (" + m + ")", e);
  }

  private void onWritable() {
    ByteBuffer[] batch = new ByteBuffer[Math.min(MAX_GATHER, queue.size())];
    int i = 0;
    for (ByteBuffer b : queue) {
      if (i == batch.length) {
        break;
      }
      if (b == tail) {
        sealTail();
      }
      batch[i++] = b;
    }
    long n;
    try {
      n = channel.write(batch, 0, i);
    } catch (IOException e) {
      fatalError(resetOf(e, "writing"));
      return;
    }
    flow.removed(n);
    // Only the buffers of this batch were written (an open tail may be full, in write mode).
    for (int j = 0; j < i && !batch[j].hasRemaining(); j++) {
      queue.pollFirst();
    }
    if (queue.isEmpty()) {
      reg.removeInterest(SelectionKey.OP_WRITE);
      if (closing) {
        scheduleLost(null);
        return;
      }
      if (eof) {
        shutdownOutput();
      }
    }
    flow.resumeIfDrained(protocol);
  }

  private void shutdownOutput() {
    try {
      channel.shutdownOutput();
    } catch (IOException e) {
      fatalError(resetOf(e, "closing the write side"));
    }
  }

  @Override
  public void write(byte[] data, int off, int len) {
    Objects.checkFromIndexSize(off, len, data.length);
    if (closedByUser) {
      throw new IllegalStateException("write() after close()");
    }
    if (eof) {
      throw new IllegalStateException("write() after writeEof()");
    }
    if (lost) {
      // The connection is gone: the protocol was told, and drain() reports it.
      return;
    }
    if (len == 0) {
      return;
    }
    if (queue.isEmpty()) {
      int n;
      try {
        n = channel.write(ByteBuffer.wrap(data, off, len));
      } catch (IOException e) {
        fatalError(resetOf(e, "writing"));
        return;
      }
      if (n == len) {
        return;
      }
      off += n;
      len -= n;
      reg.addInterest(SelectionKey.OP_WRITE);
    }
    if (tail != null && tail.remaining() >= len) {
      tail.put(data, off, len);
    } else {
      sealTail();
      if (len < COALESCE_CHUNK / 4) {
        tail = ByteBuffer.allocate(COALESCE_CHUNK);
        tail.put(data, off, len);
        queue.add(tail);
      } else {
        queue.add(ByteBuffer.wrap(Arrays.copyOfRange(data, off, off + len)));
      }
    }
    flow.added(len, protocol);
  }

  /** Ends appending to the tail chunk: it turns to read mode, like every other queued chunk. */
  private void sealTail() {
    if (tail != null) {
      tail.flip();
      tail = null;
    }
  }

  @Override
  public void writeEof() {
    if (closing || eof) {
      return;
    }
    eof = true;
    if (queue.isEmpty() && !lost) {
      shutdownOutput();
    }
  }

  @Override
  public boolean canWriteEof() {
    return true;
  }

  @Override
  public void close() {
    closedByUser = true;
    if (closing || lost) {
      return;
    }
    closing = true;
    reg.removeInterest(SelectionKey.OP_READ);
    if (queue.isEmpty()) {
      scheduleLost(null);
    }
  }

  @Override
  public void abort() {
    closedByUser = true;
    forceClose(null);
  }

  private void fatalError(IOException e) {
    forceClose(e);
  }

  private void forceClose(Throwable exc) {
    if (lost) {
      return;
    }
    closing = true;
    queue.clear();
    tail = null;
    flow.clear();
    scheduleLost(exc);
  }

  private void scheduleLost(Throwable exc) {
    if (lost) {
      return;
    }
    lost = true;
    reg.interest(0);
    loop.callSoon(() -> connectionLost(exc));
  }

  private void connectionLost(Throwable exc) {
    reg.cancel();
    try {
      channel.close();
    } catch (IOException e) {
      // The descriptor is released even when close reports an error.
    }
    try {
      protocol.connectionLost(exc);
    } finally {
      Runnable r = onClosed;
      onClosed = null;
      if (r != null) {
        r.run();
      }
    }
  }

  /** Runs {@code r} on the loop after the protocol heard the connection is lost. */
  public void setOnClosed(Runnable r) {
    this.onClosed = r;
  }

  @Override
  public boolean isClosing() {
    return closing || lost;
  }

  @Override
  public void pauseReading() {
    if (closing || !reading) {
      return;
    }
    reading = false;
    reg.removeInterest(SelectionKey.OP_READ);
  }

  @Override
  public void resumeReading() {
    if (closing || reading) {
      return;
    }
    reading = true;
    if (started && !eofReceived && !lost) {
      reg.addInterest(SelectionKey.OP_READ);
    }
  }

  @Override
  public boolean isReading() {
    return reading && !closing;
  }

  @Override
  public long getWriteBufferSize() {
    return flow.buffered();
  }

  @Override
  public void setWriteBufferLimits(Integer high, Integer low) {
    flow.setLimits(high, low, protocol);
  }

  @Override
  public int[] getWriteBufferLimits() {
    return flow.limits();
  }

  @Override
  public Object getExtraInfo(String name) {
    return switch (name) {
      case "peername" -> peer;
      case "sockname" -> local;
      case "socket" -> channel;
      default -> null;
    };
  }

  @Override
  public void setProtocol(Protocol protocol) {
    this.protocol = Objects.requireNonNull(protocol, "protocol");
  }

  @Override
  public Protocol getProtocol() {
    return protocol;
  }

  @Override
  public String toString() {
    return "SocketTransport[" + (lost ? "closed" : closing ? "closing" : "open")
        + ", peer=" + peer + ", buffered=" + flow.buffered() + "]";
  }
}
