package io.jasyncio.transports;

import io.jasyncio.EventLoop;
import io.jasyncio.internal.io.WriteFlow;
import io.jasyncio.internal.util.LoopBinding;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One end of an in-memory connection, for tests of protocols and of the layers above them (in the
 * spirit of Netty's {@code EmbeddedChannel}): two ends made by {@link #pair} behave as a socket
 * transport pair, with the same contract and callback order as {@link Transports}' transports, but
 * no socket, no selector and no thread — so they run on a virtual clock, deterministically.
 *
 * <p>What a test can script: {@link #setChunkSize} makes the "network" move at most that many
 * bytes per loop iteration (partial writes, so that the write buffer fills and the water marks
 * pause and resume the protocol); {@link #pauseReading()} on the other end holds the bytes back;
 * {@link #injectEof()} delivers the peer's EOF here; {@link #injectReset()} fails both ends with
 * a {@link SocketException} ("Connection reset"), as a reset socket does.
 *
 * <p>Bytes written on one end reach the other end's protocol one chunk per loop iteration
 * (through {@link EventLoop#callSoon}); {@code close()} on one end is EOF for the other once the
 * buffered bytes are delivered. A protocol callback that throws goes to the loop's exception
 * handler and aborts the transport, as on a socket.
 *
 * <p><b>Threads.</b> Loop-bound: make, start and use both ends on the loop thread.
 *
 * {@snippet class=io.jasyncio.transports.TransportsSnippetsTest region=memoryTransport}
 */
public final class MemoryTransport implements Transport {

  /** The two ends of one in-memory connection. */
  public record Pair(MemoryTransport left, MemoryTransport right) {}

  enum State {
    NEW,
    OPEN,
    CLOSING,
    LOST,
    CLOSED
  }

  private final EventLoop loop;
  private final String name;
  private MemoryTransport peer;
  private BaseProtocol protocol;
  private final ArrayDeque<ByteBuffer> outbound = new ArrayDeque<>();
  private final WriteFlow flow = new WriteFlow();
  private State state = State.NEW;
  private boolean reading = true;
  private boolean eofWritten;
  private boolean eofSent;
  private boolean eofReceived;
  private boolean stepScheduled;
  private final IgnoredWrites ignoredWrites = new IgnoredWrites();
  private int chunkSize = 64 * 1024;
  private final Map<String, Object> extra = new LinkedHashMap<>();

  private MemoryTransport(EventLoop loop, String name) {
    this.loop = loop;
    this.name = name;
  }

  /** Two connected ends on {@code loop} ("left" and "right"); start each with a protocol. */
  public static Pair pair(EventLoop loop) {
    Objects.requireNonNull(loop, "loop");
    MemoryTransport left = new MemoryTransport(loop, "left");
    MemoryTransport right = new MemoryTransport(loop, "right");
    left.peer = right;
    right.peer = left;
    return new Pair(left, right);
  }

  /**
   * Gives this end its protocol and calls its {@code connectionMade} now; bytes the other end wrote
   * meanwhile are delivered from the next loop iteration on.
   */
  public void start(BaseProtocol protocol) {
    if (state != State.NEW) {
      throw new IllegalStateException("transport already started");
    }
    setProtocol(protocol);
    state = State.OPEN;
    try {
      protocol.connectionMade(this);
    } catch (Throwable e) {
      protocolFailed("connectionMade", e);
      return;
    }
    peer.schedule();
  }

  /** At most {@code bytes} bytes written on this end reach the peer per loop iteration. */
  public MemoryTransport setChunkSize(int bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("chunk size must be >= 1: " + bytes);
    }
    this.chunkSize = bytes;
    return this;
  }

  /** Sets what {@link #getExtraInfo} answers for {@code key} (e.g. "peername"). */
  public MemoryTransport setExtraInfo(String key, Object value) {
    extra.put(key, value);
    return this;
  }

  /** The peer's EOF arrives here now (as if it had half-closed), before anything still buffered. */
  public void injectEof() {
    receiveEof();
  }

  /** Both ends fail as after a connection reset: their buffers are dropped. */
  public void injectReset() {
    forceClose(new SocketException("Connection reset"));
    peer.forceClose(new SocketException("Connection reset"));
  }

  /** The other end. */
  public MemoryTransport peer() {
    return peer;
  }

  // ---- the network: one chunk of the outbound bytes per loop iteration ----------------------

  private void schedule() {
    if (!stepScheduled && state.compareTo(State.LOST) < 0 && state != State.NEW
        && (!outbound.isEmpty() || eofDue())) {
      stepScheduled = true;
      loop.callSoon(this::step);
    }
  }

  private boolean eofDue() {
    return (eofWritten || state == State.CLOSING) && !eofSent;
  }

  private void step() {
    stepScheduled = false;
    if (state.compareTo(State.LOST) >= 0) {
      return;
    }
    if (peer.state.compareTo(State.LOST) >= 0) {
      if (state == State.CLOSING) {
        // Closing anyway: what the gone peer cannot take is dropped, as the kernel would.
        outbound.clear();
        flow.clear();
        scheduleLost(null);
      } else if (!outbound.isEmpty()) {
        forceClose(new SocketException("Connection reset by peer"));
      }
      return;
    }
    if (peer.state == State.NEW || !peer.reading || peer.eofReceived) {
      return; // held back until the peer starts or resumes reading (resumeReading reschedules)
    }
    if (!outbound.isEmpty()) {
      int budget = chunkSize;
      ByteBuffer chunk = ByteBuffer.allocate(Math.min(budget, (int) Math.min(Integer.MAX_VALUE,
          flow.buffered())));
      while (chunk.hasRemaining() && !outbound.isEmpty()) {
        ByteBuffer b = outbound.peekFirst();
        int n = Math.min(b.remaining(), chunk.remaining());
        chunk.put(chunk.position(), b, b.position(), n);
        chunk.position(chunk.position() + n);
        b.position(b.position() + n);
        if (!b.hasRemaining()) {
          outbound.pollFirst();
        }
      }
      chunk.flip();
      flow.removed(chunk.remaining());
      peer.receive(chunk);
      if (flow.shouldResume()) {
        callResumeWriting();
      }
    }
    if (outbound.isEmpty() && eofDue() && state.compareTo(State.LOST) < 0) {
      eofSent = true;
      peer.receiveEof();
      if (state == State.CLOSING) {
        scheduleLost(null);
      }
    }
    schedule();
  }

  private void receive(ByteBuffer chunk) {
    if (state != State.OPEN && state != State.CLOSING) {
      return;
    }
    try {
      Protocols.deliver(protocol, chunk);
    } catch (Throwable e) {
      protocolFailed(protocol instanceof BufferedProtocol ? "bufferUpdated" : "dataReceived", e);
    }
  }

  private void receiveEof() {
    if (eofReceived || state.compareTo(State.LOST) >= 0 || state == State.NEW) {
      return;
    }
    eofReceived = true;
    boolean keepOpen;
    try {
      keepOpen = Protocols.eofReceived(protocol);
    } catch (Throwable e) {
      protocolFailed("eofReceived", e);
      return;
    }
    if (!keepOpen) {
      close();
    }
  }

  // ---- Transport ------------------------------------------------------------------------------


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
    ByteBuffer copy = ByteBuffer.allocate(len);
    copy.put(data).flip();
    outbound.add(copy);
    if (flow.added(len)) {
      callPauseWriting();
    }
    schedule();
  }


  @Override
  public void writeEof() {
    if (state.compareTo(State.CLOSING) >= 0 || eofWritten) {
      return;
    }
    eofWritten = true;
    schedule();
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
    if (state == State.NEW) {
      state = State.CLOSING;
      scheduleLost(null);
      return;
    }
    state = State.CLOSING;
    if (outbound.isEmpty() && eofSent) {
      scheduleLost(null);
    } else {
      schedule();
    }
  }

  @Override
  public void abort() {
    forceClose(null);
  }

  private void forceClose(Throwable exc) {
    if (state.compareTo(State.LOST) >= 0) {
      return;
    }
    outbound.clear();
    flow.clear();
    scheduleLost(exc);
  }

  private void scheduleLost(Throwable exc) {
    if (state.compareTo(State.LOST) >= 0) {
      return;
    }
    boolean started = state != State.NEW;
    state = State.LOST;
    loop.callSoon(() -> {
      state = State.CLOSED;
      if (started) {
        try {
          protocol.connectionLost(exc);
        } catch (Throwable e) {
          if (e instanceof VirtualMachineError vme) {
            throw vme;
          }
          report("Error in protocol.connectionLost() call.", e);
        }
      }
      if (started && !eofSent) {
        eofSent = true;
        peer.receiveEof(); // a closed socket is EOF for the other end
      }
      peer.schedule(); // lets the peer notice
    });
  }

  private void protocolFailed(String callback, Throwable e) {
    if (e instanceof VirtualMachineError vme) {
      throw vme;
    }
    report("Fatal error: protocol." + callback + "() call failed.", e);
    forceClose(e);
  }

  private void report(String message, Throwable e) {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("message", message);
    context.put("exception", e);
    context.put("transport", this);
    context.put("protocol", protocol);
    loop.callExceptionHandler(context);
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

  @Override
  public boolean isClosing() {
    return state.compareTo(State.CLOSING) >= 0;
  }

  @Override
  public void pauseReading() {
    if (isReading()) {
      reading = false;
    }
  }

  @Override
  public void resumeReading() {
    if (isClosing() || reading) {
      return;
    }
    reading = true;
    peer.schedule();
  }

  @Override
  public boolean isReading() {
    return reading && !isClosing();
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
  public int getWriteBufferSize() {
    return (int) flow.buffered();
  }

  @Override
  public Object getExtraInfo(String key) {
    if (extra.containsKey(key)) {
      return extra.get(key);
    }
    return switch (key) {
      case "peername" -> "memory:" + peer.name;
      case "sockname" -> "memory:" + name;
      default -> null;
    };
  }

  @Override
  public BaseProtocol getProtocol() {
    return protocol;
  }

  @Override
  public void setProtocol(BaseProtocol protocol) {
    Protocols.check(protocol);
    this.protocol = protocol;
  }

  @Override
  public String toString() {
    return "MemoryTransport[" + name + ", " + state.name().toLowerCase(java.util.Locale.ROOT)
        + ", buffered=" + flow.buffered() + "]";
  }
}
