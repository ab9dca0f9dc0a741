package io.jasyncio.transports;

import io.jasyncio.Asyncio;
import io.jasyncio.Future;
import io.jasyncio.internal.io.IoLoop;
import io.jasyncio.internal.io.Registration;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/** Name resolution and non-blocking connect, on the running loop. */
final class Connector {
  private Connector() {}

  /** A connected channel and its registration with the loop's selector. */
  record Connected(SocketChannel channel, Registration registration) {}

  /** Tries each address in turn; throws the first failure (the others suppressed). Suspends. */
  static Connected connectAny(IoLoop loop, List<InetAddress> addresses, int port)
      throws IOException {
    List<IOException> errors = new ArrayList<>();
    for (InetAddress a : addresses) {
      try {
        return connect(loop, new InetSocketAddress(a, port));
      } catch (IOException e) {
        errors.add(e);
      }
    }
    IOException first = errors.get(0);
    for (int i = 1; i < errors.size(); i++) {
      first.addSuppressed(errors.get(i));
    }
    throw first;
  }

  /**
   * Connects a new channel to {@code address} without blocking the loop. Suspends. On failure or
   * cancellation the channel is closed.
   */
  static Connected connect(IoLoop loop, SocketAddress address) throws IOException {
    if (!(address instanceof java.net.UnixDomainSocketAddress)) {
      return connectOnce(loop, address);
    }
    // A Unix-domain listener with a full backlog makes a non-blocking connect fail with EAGAIN
    // instead of waiting: retry on loop timers, backing off, for about five seconds.
    double delay = 0.001;
    double waited = 0;
    while (true) {
      try {
        return connectOnce(loop, address);
      } catch (java.net.SocketException e) {
        String m = e.getMessage();
        if (m == null || !m.contains("temporarily unavailable") || waited > 5) {
          throw e;
        }
      }
      Asyncio.sleep(delay);
      waited += delay;
      delay = Math.min(0.1, delay * 2);
    }
  }

  private static Connected connectOnce(IoLoop loop, SocketAddress address) throws IOException {
    ProtocolFamily family = address instanceof java.net.UnixDomainSocketAddress
        ? StandardProtocolFamily.UNIX
        : ((InetSocketAddress) address).getAddress() instanceof java.net.Inet6Address
            ? StandardProtocolFamily.INET6
            : StandardProtocolFamily.INET;
    SocketChannel ch = SocketChannel.open(family);
    Registration reg = null;
    boolean ok = false;
    try {
      ch.configureBlocking(false);
      if (family != StandardProtocolFamily.UNIX) {
        ch.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
      }
      if (ch.connect(address)) {
        reg = Registration.register(loop, ch, 0, k -> {});
      } else {
        Future<Void> done = loop.createFuture();
        reg = Registration.register(
            loop,
            ch,
            SelectionKey.OP_CONNECT,
            k -> {
              if (done.done()) {
                return;
              }
              try {
                if (ch.finishConnect()) {
                  done.setResult(null);
                }
              } catch (IOException e) {
                done.setException(e);
              }
            });
        Asyncio.await(done);
        reg.interest(0);
      }
      ok = true;
      return new Connected(ch, reg);
    } catch (IOException e) {
      if (e instanceof java.net.ConnectException && e.getMessage() != null
          && !e.getMessage().contains(address.toString())) {
        java.net.ConnectException ce =
            new java.net.ConnectException(e.getMessage() + ": " + address);
        ce.initCause(e);
        throw ce;
      }
      throw e;
    } finally {
      if (!ok) {
        if (reg != null) {
          reg.cancel();
        }
        ch.close();
      }
    }
  }
}
