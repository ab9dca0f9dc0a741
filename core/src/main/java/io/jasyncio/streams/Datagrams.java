package io.jasyncio.streams;

import io.jasyncio.internal.io.IoLoop;
import io.jasyncio.internal.io.Resolver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * UDP endpoints (asyncio's {@code loop.create_datagram_endpoint}). Two styles, as asyncio offers
 * only the first:
 *
 * <ul>
 *   <li>{@link #createDatagramEndpoint}: callbacks, a {@link DatagramProtocol} that reacts to each
 *       datagram, with a {@link DatagramTransport} to send;
 *   <li>{@link DatagramStream}: suspending {@code send} and {@code recv}, the way most code
 *       wants to talk UDP from a coroutine.
 * </ul>
 *
 * {@snippet class=io.jasyncio.streams.StreamsSnippetsTest region=datagrams}
 */
public final class Datagrams {
  private Datagrams() {}

  /**
   * Suspends: opens a UDP socket bound to {@code localOrNull} (null: any port) and, if {@code
   * remoteOrNull} is given, connected to it; starts {@code protocolFactory}'s protocol on it.
   * Unresolved addresses are looked up off the loop.
   */
  public static <P extends DatagramProtocol> DatagramEndpoint<P> createDatagramEndpoint(
      Supplier<P> protocolFactory, SocketAddress localOrNull, SocketAddress remoteOrNull)
      throws IOException {
    Objects.requireNonNull(protocolFactory, "protocolFactory");
    IoLoop loop = IoLoop.require("createDatagramEndpoint");
    if (localOrNull == null && remoteOrNull == null) {
      throw new IllegalArgumentException(
          "unexpected address family: give a local or a remote address");
    }
    InetSocketAddress local = resolve(localOrNull);
    InetSocketAddress remote = resolve(remoteOrNull);
    boolean v6 = (local != null ? local : remote).getAddress() instanceof java.net.Inet6Address;
    DatagramChannel ch =
        DatagramChannel.open(v6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
    boolean ok = false;
    try {
      ch.configureBlocking(false);
      if (local != null) {
        ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        ch.bind(local);
      }
      if (remote != null) {
        ch.connect(remote);
      }
      P protocol = Objects.requireNonNull(protocolFactory.get(), "protocolFactory result");
      DatagramTransport t = new DatagramTransport(loop, ch, protocol);
      t.start();
      ok = true;
      return new DatagramEndpoint<>(t, protocol);
    } finally {
      if (!ok) {
        ch.close();
      }
    }
  }

  private static InetSocketAddress resolve(SocketAddress a) throws IOException {
    if (a == null) {
      return null;
    }
    if (!(a instanceof InetSocketAddress in)) {
      throw new IllegalArgumentException("not an internet address: " + a);
    }
    if (!in.isUnresolved()) {
      return in;
    }
    InetAddress addr = Resolver.resolve(in.getHostString()).get(0);
    return new InetSocketAddress(addr, in.getPort());
  }
}
