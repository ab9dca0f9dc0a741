package io.jasyncio.streams;

import io.jasyncio.internal.io.IoLoop;
import io.jasyncio.internal.io.Registration;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * A UDP endpoint on the loop's selector (asyncio's {@code DatagramTransport}): {@link #sendto}
 * never blocks (a datagram the socket cannot take now is queued and sent when it is writable);
 * each datagram received goes to the {@link DatagramProtocol}.
 *
 * {@snippet class=io.jasyncio.streams.StreamsSnippetsTest region=datagramTransport}
 *
 * <p>Loop-bound: call it from the loop that made it.
 */
public final class DatagramTransport {
  private static final int MAX_DATAGRAM = 65536;
  private static final int READS_PER_EVENT = 32;
  private static final ThreadLocal<ByteBuffer> BUFFER =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(MAX_DATAGRAM));

  private record Pending(ByteBuffer data, SocketAddress to) {}

  private final IoLoop loop;
  private final DatagramChannel channel;
  private final Registration reg;
  private final DatagramProtocol protocol;
  private final SocketAddress remote;
  private final SocketAddress local;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private long bufferSize;
  private boolean reading = true;
  private boolean closing;
  private boolean lost;
  /** Runs after queued datagrams were sent (used by DatagramStream to wake a sender). */
  Runnable onFlushed;

  DatagramTransport(IoLoop loop, DatagramChannel channel, DatagramProtocol protocol)
      throws IOException {
    this.loop = loop;
    this.channel = channel;
    this.protocol = protocol;
    this.remote = channel.getRemoteAddress();
    this.local = channel.getLocalAddress();
    this.reg = Registration.register(loop, channel, 0, this::onReady);
  }

  void start() {
    protocol.connectionMade(this);
    if (reading && !closing) {
      reg.addInterest(SelectionKey.OP_READ);
    }
  }

  private void onReady(SelectionKey key) {
    if (!key.isValid() || lost) {
      return;
    }
    int ready = key.readyOps();
    if ((ready & SelectionKey.OP_WRITE) != 0) {
      flush();
    }
    if ((ready & SelectionKey.OP_READ) != 0 && reading && !closing) {
      for (int i = 0; i < READS_PER_EVENT && reading && !lost && !closing; i++) {
        ByteBuffer buf = BUFFER.get();
        buf.clear();
        SocketAddress from;
        try {
          from = channel.receive(buf);
        } catch (IOException e) {
          protocol.errorReceived(e);
          return;
        }
        if (from == null) {
          return;
        }
        buf.flip();
        byte[] data = new byte[buf.remaining()];
        buf.get(data);
        protocol.datagramReceived(data, from);
      }
    }
  }

  /**
   * Sends {@code data} to {@code addrOrNull} (null: the connected peer). On a connected endpoint
   * the address must be null or the peer's. {@link IllegalStateException} once closing.
   */
  public void sendto(byte[] data, SocketAddress addrOrNull) {
    Objects.requireNonNull(data, "data");
    if (closing || lost) {
      throw new IllegalStateException("sendto() on a closed datagram transport");
    }
    if (data.length > MAX_DATAGRAM) {
      throw new IllegalArgumentException("datagram too long: " + data.length + " bytes");
    }
    SocketAddress to = addrOrNull;
    if (remote != null) {
      if (to != null && !to.equals(remote)) {
        throw new IllegalArgumentException("Invalid address: must be null or " + remote);
      }
      to = null;
    } else if (to == null) {
      throw new IllegalArgumentException(
          "sendto() needs an address: the endpoint is not connected");
    }
    if (queue.isEmpty()) {
      try {
        ByteBuffer buf = ByteBuffer.wrap(data);
        int n = to == null ? channel.write(buf) : channel.send(buf, to);
        if (n > 0 || data.length == 0) {
          return;
        }
      } catch (IOException e) {
        protocol.errorReceived(e);
        return;
      }
    }
    queue.add(new Pending(ByteBuffer.wrap(data.clone()), to));
    bufferSize += data.length;
    reg.addInterest(SelectionKey.OP_WRITE);
  }

  /** Sends {@code data} to the connected peer. */
  public void sendto(byte[] data) {
    sendto(data, null);
  }

  private void flush() {
    while (!queue.isEmpty()) {
      Pending p = queue.peekFirst();
      int len = p.data().remaining();
      try {
        int n = p.to() == null ? channel.write(p.data()) : channel.send(p.data(), p.to());
        if (n == 0 && len > 0) {
          return; // still no room: wait for the next writable event
        }
      } catch (IOException e) {
        protocol.errorReceived(e);
      }
      queue.pollFirst();
      bufferSize -= len;
      if (onFlushed != null) {
        onFlushed.run();
      }
    }
    reg.removeInterest(SelectionKey.OP_WRITE);
    if (closing) {
      scheduleLost();
    }
  }

  /** Bytes of datagrams waiting for room in the socket. */
  public long getWriteBufferSize() {
    return bufferSize;
  }

  /** Stops delivering datagrams (the kernel keeps, then drops, what arrives). */
  public void pauseReading() {
    if (reading) {
      reading = false;
      reg.removeInterest(SelectionKey.OP_READ);
    }
  }

  /** Delivers datagrams again after {@link #pauseReading()}. */
  public void resumeReading() {
    if (!reading && !closing) {
      reading = true;
      reg.addInterest(SelectionKey.OP_READ);
    }
  }

  /** Sends what is queued, then closes; the protocol's connectionLost(null) follows. */
  public void close() {
    if (closing) {
      return;
    }
    closing = true;
    reg.removeInterest(SelectionKey.OP_READ);
    if (queue.isEmpty()) {
      scheduleLost();
    }
  }

  /** Closes at once, dropping queued datagrams. */
  public void abort() {
    closing = true;
    queue.clear();
    bufferSize = 0;
    scheduleLost();
  }

  private void scheduleLost() {
    if (lost) {
      return;
    }
    lost = true;
    reg.interest(0);
    loop.callSoon(() -> {
      reg.cancel();
      try {
        channel.close();
      } catch (IOException e) {
        // the descriptor is released anyway
      }
      protocol.connectionLost(null);
    });
  }

  /** True once {@link #close()} or {@link #abort()} was called. */
  public boolean isClosing() {
    return closing;
  }

  /** {@code "sockname"}, {@code "peername"} (connected only), {@code "socket"}; else null. */
  public Object getExtraInfo(String name) {
    return switch (Objects.requireNonNull(name, "name")) {
      case "sockname" -> local;
      case "peername" -> remote;
      case "socket" -> channel;
      default -> null;
    };
  }

  @Override
  public String toString() {
    return "DatagramTransport[" + (lost ? "closed" : closing ? "closing" : "open") + ", local="
        + local + (remote != null ? ", remote=" + remote : "") + "]";
  }
}
