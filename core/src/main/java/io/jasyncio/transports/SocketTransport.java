package io.jasyncio.transports;

import io.jasyncio.internal.io.IoLoop;
import io.jasyncio.internal.io.Registration;
import io.jasyncio.internal.io.WriteFlow;
import io.jasyncio.internal.util.LoopBinding;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * A stream transport over a non-blocking {@link SocketChannel} (TCP or Unix-domain), driven by
 * the loop's selector: asyncio's {@code _SelectorSocketTransport}.
 *
 * <p>Reading: one read per readiness event, into the {@link BufferedProtocol}'s own buffer, or
 * else into a per-thread direct buffer that is reused and never kept (a {@link Protocol} copies
 * what it keeps). Writing: a write is tried at once when nothing is queued; the rest is copied into
 * a queue flushed by gathering writes when the socket is writable. The protocol is paused above
 * the high-water mark and resumed at the low-water mark. I/O errors reach the protocol as the
 * JDK's own {@link IOException}s; a protocol callback that throws goes to the loop's exception
 * handler and aborts the transport.
 *
 * <h2>States</h2>
 *
 * <pre>
 * state     | entered by                          | reads | writes            | next
 * ----------+-------------------------------------+-------+-------------------+---------------
 * NEW       | constructor                         | no    | queued            | OPEN, LOST
 * OPEN      | start(): connectionMade ran         | yes*  | sent / queued     | CLOSING, LOST
 * CLOSING   | close() while data is queued        | no    | ignored; flushing | LOST
 * LOST      | flushed, abort(), I/O error, a      | no    | ignored           | CLOSED
 *           | callback threw: connectionLost is   |       |                   |
 *           | scheduled                           |       |                   |
 * CLOSED    | connectionLost ran; channel closed  | no    | ignored           | -
 * </pre>
 *
 * * unless paused ({@link #pauseReading()}) or EOF was received. Orthogonal to the state: {@code
 * eofWritten} (writeEof() called: writes throw, the write side shuts once the queue is empty).
 *
 * <p>Loop-bound: everything runs on the loop thread.
 */
final class SocketTransport implements Transport {
  private static final int READ_BUFFER_SIZE = 256 * 1024;
  private static final ThreadLocal<ByteBuffer> READ_BUFFER =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(READ_BUFFER_SIZE));
  private static final int MAX_GATHER = 64;
  /** Small writes are appended to a tail chunk of this size instead of queued one by one. */
  private static final int COALESCE_CHUNK = 16 * 1024;

  enum State {
    NEW,
    OPEN,
    CLOSING,
    LOST,
    CLOSED
  }

  private final IoLoop loop;
  private final SocketChannel channel;
  private final Registration reg;
  private final SocketAddress peer;
  private final SocketAddress local;
  private BaseProtocol protocol;
  /** The protocol as a {@link Protocol}, or null. */
  private Protocol streaming;
  /** The protocol as a {@link BufferedProtocol}, or null. */
  private BufferedProtocol buffered;

  private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
  /** The last queued chunk, still open for appending small writes (in write mode); or null. */
  private ByteBuffer tail;
  private ByteBuffer[] batch;

  private final WriteFlow flow = new WriteFlow();
  private State state = State.NEW;
  /** Not paused by pauseReading(). */
  private boolean reading = true;
  private boolean eofReceived;
  private boolean eofWritten;
  private final IgnoredWrites ignoredWrites = new IgnoredWrites();
  private Runnable onClosed;
  /** At the loop's close: reports the bytes this transport still held (added by start()). */
  private final Runnable atLoopClose = this::reportUnsentAtLoopClose;

  /**
   * A transport for a connected channel; {@code existing} is the channel's registration when it
   * has one (it connected through the loop), else null. Call {@link #start()} next.
   */
  SocketTransport(IoLoop loop, SocketChannel channel, Registration existing, BaseProtocol protocol)
      throws IOException {
    this.loop = Objects.requireNonNull(loop, "loop");
    this.channel = Objects.requireNonNull(channel, "channel");
    setProtocol(protocol);
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

  State state() {
    return state;
  }

  /** Tells the protocol the connection is made, then starts reading (unless it paused). */
  void start() {
    if (state != State.NEW) {
      throw new IllegalStateException("transport already started");
    }
    state = State.OPEN;
    loop.addCloseHook(atLoopClose);
    try {
      protocol.connectionMade(this);
    } catch (Throwable e) {
      protocolFailed("connectionMade", e);
      return;
    }
    if (reading && state == State.OPEN) {
      reg.addInterest(SelectionKey.OP_READ);
    }
  }

  private void onReady(SelectionKey key) {
    if (!key.isValid()) {
      return;
    }
    int ready = key.readyOps();
    if ((ready & SelectionKey.OP_WRITE) != 0 && !queue.isEmpty() && state.compareTo(State.LOST) < 0) {
      onWritable();
    }
    if ((ready & SelectionKey.OP_READ) != 0 && reading && state == State.OPEN && !eofReceived) {
      if (buffered != null) {
        readIntoProtocolBuffer(buffered);
      } else {
        readIntoSharedBuffer();
      }
    }
  }

  private void readIntoSharedBuffer() {
    ByteBuffer buf = READ_BUFFER.get();
    buf.clear();
    int n;
    try {
      n = channel.read(buf);
    } catch (IOException e) {
      forceClose(e);
      return;
    }
    if (n > 0) {
      buf.flip();
      try {
        streaming.dataReceived(buf);
      } catch (Throwable e) {
        protocolFailed("dataReceived", e);
      }
    } else if (n < 0) {
      onEof();
    }
  }

  private void readIntoProtocolBuffer(BufferedProtocol p) {
    ByteBuffer buf;
    try {
      buf = p.getBuffer(-1);
      if (buf == null || !buf.hasRemaining()) {
        throw new IllegalStateException("getBuffer() returned an empty buffer");
      }
    } catch (Throwable e) {
      protocolFailed("getBuffer", e);
      return;
    }
    int pos = buf.position();
    int n;
    try {
      n = channel.read(buf);
    } catch (IOException e) {
      forceClose(e);
      return;
    } finally {
      buf.position(pos);
    }
    if (n > 0) {
      try {
        p.bufferUpdated(n);
      } catch (Throwable e) {
        protocolFailed("bufferUpdated", e);
      }
    } else if (n < 0) {
      onEof();
    }
  }

  private void onEof() {
    eofReceived = true;
    reg.removeInterest(SelectionKey.OP_READ);
    boolean keepOpen;
    try {
      keepOpen = buffered != null ? buffered.eofReceived() : streaming.eofReceived();
    } catch (Throwable e) {
      protocolFailed("eofReceived", e);
      return;
    }
    if (!keepOpen) {
      close();
    }
  }

  private void onWritable() {
    if (batch == null) {
      batch = new ByteBuffer[MAX_GATHER];
    }
    int i = 0;
    for (ByteBuffer b : queue) {
      if (i == MAX_GATHER) {
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
      java.util.Arrays.fill(batch, 0, i, null);
      forceClose(e);
      return;
    }
    flow.removed(n);
    // Only the buffers of this batch were written (an open tail may be full, in write mode).
    for (int j = 0; j < i && !batch[j].hasRemaining(); j++) {
      queue.pollFirst();
    }
    java.util.Arrays.fill(batch, 0, i, null);
    if (flow.shouldResume()) {
      callResumeWriting(); // before closing, as asyncio: a closing transport resumes too
    }
    if (queue.isEmpty() && state.compareTo(State.LOST) < 0) {
      reg.removeInterest(SelectionKey.OP_WRITE);
      if (state == State.CLOSING) {
        scheduleLost(null);
      } else if (eofWritten) {
        shutdownOutput();
      }
    }
  }

  private void shutdownOutput() {
    try {
      channel.shutdownOutput();
    } catch (IOException e) {
      forceClose(e);
    }
  }


  @Override
  public void write(ByteBuffer data) {
    LoopBinding.checkThread(loop, this, "write");
    Objects.requireNonNull(data, "data");
    if (eofWritten) {
      throw new IllegalStateException("write() after writeEof()");
    }
    int len = data.remaining();
    if (len == 0) {
      return;
    }
    if (state.compareTo(State.CLOSING) >= 0) {
      ignoredWrites.drop(data, loop, this);
      return;
    }
    if (queue.isEmpty()) {
      try {
        channel.write(data);
      } catch (IOException e) {
        forceClose(e);
        return;
      }
      len = data.remaining();
      if (len == 0) {
        return;
      }
      reg.addInterest(SelectionKey.OP_WRITE);
    }
    if (tail != null && tail.remaining() >= len) {
      tail.put(data);
    } else {
      sealTail();
      if (len < COALESCE_CHUNK / 4) {
        tail = ByteBuffer.allocate(COALESCE_CHUNK);
        tail.put(data);
        queue.add(tail);
      } else {
        ByteBuffer copy = ByteBuffer.allocate(len);
        copy.put(data).flip();
        queue.add(copy);
      }
    }
    if (flow.added(len)) {
      callPauseWriting();
    }
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
    if (state.compareTo(State.CLOSING) >= 0 || eofWritten) {
      return;
    }
    eofWritten = true;
    if (queue.isEmpty()) {
      shutdownOutput();
    }
  }

  @Override
  public boolean canWriteEof() {
    return true;
  }

  @Override
  public void close() {
    if (state.compareTo(State.CLOSING) >= 0) {
      return;
    }
    state = State.CLOSING;
    reg.removeInterest(SelectionKey.OP_READ);
    if (queue.isEmpty()) {
      scheduleLost(null);
    }
  }

  @Override
  public void abort() {
    forceClose(null);
  }

  /** Drops the buffer and schedules connectionLost({@code exc}). */
  private void forceClose(Throwable exc) {
    if (state.compareTo(State.LOST) >= 0) {
      return;
    }
    queue.clear();
    tail = null;
    flow.clear();
    scheduleLost(exc);
  }

  /** A protocol callback threw: the loop's exception handler hears of it; the transport aborts. */
  private void protocolFailed(String callback, Throwable e) {
    if (e instanceof VirtualMachineError vme) {
      throw vme;
    }
    java.util.Map<String, Object> context = new java.util.LinkedHashMap<>();
    context.put("message", "Fatal error: protocol." + callback + "() call failed.");
    context.put("exception", e);
    context.put("transport", this);
    context.put("protocol", protocol);
    loop.callExceptionHandler(context);
    forceClose(e);
  }

  /**
   * The loop closes (the end of {@code Asyncio.run}, or {@code loop.close()}) while this transport
   * is still open: its channel is about to be closed, and bytes still queued would be lost without
   * a word. Reported always, debug mode or not, as Python's development mode reports unclosed
   * transports, naming the peer and the byte count.
   */
  private void reportUnsentAtLoopClose() {
    int unsent = getWriteBufferSize();
    if (unsent == 0 || state.compareTo(State.LOST) >= 0) {
      return;
    }
    java.util.Map<String, Object> context = new java.util.LinkedHashMap<>();
    context.put(
        "message",
        "transport to "
            + peer
            + " closed with the event loop (Asyncio.run's teardown) while "
            + unsent
            + " bytes were still unsent: close it and await drain() or waitClosed() before the"
            + " main coroutine returns");
    context.put("transport", this);
    context.put("peer", peer);
    context.put("unsent", unsent);
    loop.callExceptionHandler(context);
  }

  private void scheduleLost(Throwable exc) {
    if (state.compareTo(State.LOST) >= 0) {
      return;
    }
    state = State.LOST;
    reg.interest(0);
    loop.callSoon(() -> connectionLost(exc));
  }

  private void connectionLost(Throwable exc) {
    state = State.CLOSED;
    loop.removeCloseHook(atLoopClose);
    reg.cancel();
    try {
      channel.close();
    } catch (IOException e) {
      // The descriptor is released even when close reports an error.
    }
    try {
      protocol.connectionLost(exc);
    } catch (Throwable e) {
      if (e instanceof VirtualMachineError vme) {
        throw vme;
      }
      java.util.Map<String, Object> context = new java.util.LinkedHashMap<>();
      context.put("message", "Error in protocol.connectionLost() call.");
      context.put("exception", e);
      context.put("transport", this);
      context.put("protocol", protocol);
      loop.callExceptionHandler(context);
    } finally {
      Runnable r = onClosed;
      onClosed = null;
      if (r != null) {
        r.run();
      }
    }
  }

  private void callPauseWriting() {
    try {
      protocol.pauseWriting();
    } catch (Throwable e) {
      protocolFailed("pauseWriting", e);
    }
  }

  private void callResumeWriting() {
    try {
      protocol.resumeWriting();
    } catch (Throwable e) {
      protocolFailed("resumeWriting", e);
    }
  }

  /** Runs {@code r} on the loop after the protocol heard the connection is lost. */
  void setOnClosed(Runnable r) {
    this.onClosed = r;
  }

  @Override
  public boolean isClosing() {
    return state.compareTo(State.CLOSING) >= 0;
  }

  @Override
  public void pauseReading() {
    if (!isReading()) {
      return;
    }
    reading = false;
    reg.removeInterest(SelectionKey.OP_READ);
  }

  @Override
  public void resumeReading() {
    if (isClosing() || reading) {
      return;
    }
    reading = true;
    if (state == State.OPEN && !eofReceived) {
      reg.addInterest(SelectionKey.OP_READ);
    }
  }

  @Override
  public boolean isReading() {
    return reading && !isClosing();
  }

  @Override
  public int getWriteBufferSize() {
    return (int) flow.buffered();
  }

  @Override
  public void setWriteBufferLimits(int high, int low) {
    int change = flow.setLimits(high, low);
    if (change > 0) {
      callPauseWriting();
    } else if (change < 0) {
      callResumeWriting();
    }
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
  public void setProtocol(BaseProtocol protocol) {
    Objects.requireNonNull(protocol, "protocol");
    Protocols.check(protocol);
    this.protocol = protocol;
    this.buffered = protocol instanceof BufferedProtocol b ? b : null;
    this.streaming = buffered == null ? (Protocol) protocol : null;
  }

  @Override
  public BaseProtocol getProtocol() {
    return protocol;
  }

  @Override
  public String toString() {
    return "SocketTransport[" + state.name().toLowerCase(java.util.Locale.ROOT) + ", peer=" + peer
        + ", buffered=" + flow.buffered() + "]";
  }
}
