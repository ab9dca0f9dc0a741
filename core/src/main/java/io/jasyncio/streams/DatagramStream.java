package io.jasyncio.streams;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.internal.util.Sneaky;
import io.jasyncio.internal.io.IoLoop;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * A UDP socket with suspending {@link #recv()} and {@link #send}: the coroutine-style face of a
 * datagram endpoint (see {@link Datagrams} for the choice of two styles).
 *
 * <p>Received datagrams wait in a queue of {@code maxQueued} (default 1024); while it is full the
 * socket is not read, so the kernel's buffer fills and then drops datagrams, which is UDP's own
 * way of shedding load. {@code send} suspends while datagrams the socket could not take are
 * waiting (above 64 KiB). An error the socket reports (e.g. ICMP port unreachable on a connected
 * stream) is raised by the next {@code recv}.
 *
 * <p><b>Threads.</b> Loop-bound: use it from the loop that opened it.
 *
 * {@snippet class=io.jasyncio.streams.StreamsSnippetsTest region=datagramStream}
 */
public final class DatagramStream implements AutoCloseable {
  private static final int SEND_HIGH_WATER = 64 * 1024;

  private final EventLoop loop;
  private final int maxQueued;
  private final ArrayDeque<Object> received = new ArrayDeque<>();
  private DatagramTransport transport;
  private Future<Void> recvWaiter;
  private Future<Void> sendWaiter;
  private boolean closed;

  private DatagramStream(EventLoop loop, int maxQueued) {
    this.loop = loop;
    this.maxQueued = maxQueued;
  }

  /** Suspends: a stream bound to {@code host:port} (port 0: any), not connected. */
  public static DatagramStream bind(String host, int port) throws IOException {
    Objects.requireNonNull(host, "host");
    Streams.checkPort(port);
    IoLoop.require("bind");
    return open(InetSocketAddress.createUnresolved(host, port), null, 1024);
  }

  /** Suspends: a stream connected to {@code host:port}, bound to any local port. */
  public static DatagramStream connect(String host, int port) throws IOException {
    Objects.requireNonNull(host, "host");
    Streams.checkPort(port);
    IoLoop.require("connect");
    return open(null, InetSocketAddress.createUnresolved(host, port), 1024);
  }

  /**
   * Suspends: a stream bound to {@code localOrNull} and connected to {@code remoteOrNull} (one
   * of them at least), queueing up to {@code maxQueued} received datagrams.
   */
  public static DatagramStream open(
      SocketAddress localOrNull, SocketAddress remoteOrNull, int maxQueued) throws IOException {
    if (maxQueued <= 0) {
      throw new IllegalArgumentException("maxQueued must be > 0, not " + maxQueued);
    }
    EventLoop loop = IoLoop.require("open");
    DatagramStream s = new DatagramStream(loop, maxQueued);
    DatagramEndpoint<Receiver> ep =
        Datagrams.createDatagramEndpoint(() -> s.new Receiver(), localOrNull, remoteOrNull);
    s.transport = ep.transport();
    s.transport.onFlushed = () -> {
      if (s.transport.getWriteBufferSize() <= SEND_HIGH_WATER) {
        wake(s.sendWaiter);
      }
    };
    return s;
  }

  /** What the transport calls. */
  private final class Receiver implements DatagramProtocol {
    @Override
    public void datagramReceived(byte[] data, SocketAddress addr) {
      add(new Datagram(data, addr));
      if (received.size() >= maxQueued) {
        transport.pauseReading();
      }
    }

    @Override
    public void errorReceived(Exception exc) {
      add(exc);
    }

    @Override
    public void connectionLost(Exception exc) {
      closed = true;
      wake(recvWaiter);
      wake(sendWaiter);
    }
  }

  private void add(Object item) {
    received.add(item);
    wake(recvWaiter);
  }

  private static void wake(Future<Void> w) {
    if (w != null && !w.done()) {
      w.setResult(null);
    }
  }

  /**
   * Suspends until a datagram arrives and returns it; throws the socket's error if one came
   * first, {@link ClosedChannelException} once closed.
   */
  public Datagram recv() throws IOException {
    IoLoop.require("recv");
    while (received.isEmpty()) {
      if (closed || transport.isClosing()) {
        throw new ClosedChannelException();
      }
      if (recvWaiter != null) {
        throw new IllegalStateException(
            "recv() called while another coroutine is already waiting for a datagram");
      }
      Future<Void> w = loop.createFuture();
      recvWaiter = w;
      try {
        Asyncio.await(w);
      } finally {
        recvWaiter = null;
      }
    }
    Object item = received.poll();
    if (received.size() < maxQueued && !closed && !transport.isClosing()) {
      transport.resumeReading();
    }
    if (item instanceof Datagram d) {
      return d;
    }
    throw Sneaky.rethrow((Exception) item);
  }

  /** Suspends while the send queue is above 64 KiB, then sends {@code data} to {@code to}. */
  public void send(byte[] data, SocketAddress to) throws IOException {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(to, "to");
    IoLoop.require("send");
    waitForRoom();
    transport.sendto(data, to);
  }

  /** Suspends as {@link #send(byte[], SocketAddress)}, to the connected peer. */
  public void send(byte[] data) throws IOException {
    Objects.requireNonNull(data, "data");
    IoLoop.require("send");
    waitForRoom();
    transport.sendto(data, null);
  }

  private void waitForRoom() throws IOException {
    while (transport.getWriteBufferSize() > SEND_HIGH_WATER) {
      if (closed || transport.isClosing()) {
        throw new ClosedChannelException();
      }
      Future<Void> w = loop.createFuture();
      sendWaiter = w;
      try {
        Asyncio.await(w);
      } finally {
        sendWaiter = null;
      }
    }
    if (closed || transport.isClosing()) {
      throw new ClosedChannelException();
    }
  }

  /** The local address (the port picked when 0 was asked for). */
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) transport.getExtraInfo("sockname");
  }

  /** The connected peer, or null. */
  public InetSocketAddress remoteAddress() {
    return (InetSocketAddress) transport.getExtraInfo("peername");
  }

  /**
   * Closes the socket (after the queued sends); a pending recv ends with {@link
   * ClosedChannelException}.
   */
  @Override
  public void close() {
    transport.close();
    wake(recvWaiter);
    wake(sendWaiter);
  }

  @Override
  public String toString() {
    return "DatagramStream[" + transport + ", queued=" + received.size() + "]";
  }
}
