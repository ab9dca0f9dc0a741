package io.jasyncio.transports;

import io.jasyncio.EventLoop;
import java.nio.ByteBuffer;

/**
 * What a transport does with a write once it is closing: drops the data, as asyncio does, and
 * warns once per transport in debug mode ("write() to a closing transport is ignored"). Each
 * transport holds one; loop thread, as the transport.
 */
final class IgnoredWrites {
  private static final System.Logger LOG = System.getLogger("io.jasyncio");

  /** Whether this transport warned already. */
  private boolean warned;

  /** Drops {@code data} (consumed to its limit) written to {@code transport} of {@code loop}. */
  void drop(ByteBuffer data, EventLoop loop, Transport transport) {
    data.position(data.limit());
    if (!warned && loop.getDebug()) {
      warned = true;
      LOG.log(
          System.Logger.Level.WARNING, "write() to a closing transport is ignored: " + transport);
    }
  }
}
