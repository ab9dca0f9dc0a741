package io.jasyncio.transports;

import java.nio.ByteBuffer;
import java.util.Objects;

/** What every transport does with a protocol it did not read for itself. Loop-bound. */
final class Protocols {
  private Protocols() {}

  /** {@link IllegalArgumentException} unless {@code protocol} is a stream protocol. */
  static void check(BaseProtocol protocol) {
    Objects.requireNonNull(protocol, "protocol");
    if (!(protocol instanceof Protocol) && !(protocol instanceof BufferedProtocol)) {
      throw new IllegalArgumentException(
          "a stream transport needs a Protocol or a BufferedProtocol: " + protocol);
    }
  }

  /**
   * Hands {@code data}'s remaining bytes to {@code protocol} and consumes them: a {@link Protocol}
   * sees the buffer itself; a {@link BufferedProtocol} gets them copied into its buffers.
   */
  static void deliver(BaseProtocol protocol, ByteBuffer data) {
    if (protocol instanceof BufferedProtocol b) {
      while (data.hasRemaining()) {
        ByteBuffer into = b.getBuffer(data.remaining());
        if (into == null || !into.hasRemaining()) {
          throw new IllegalStateException("getBuffer() returned an empty buffer");
        }
        int n = Math.min(into.remaining(), data.remaining());
        into.put(into.position(), data, data.position(), n);
        data.position(data.position() + n);
        b.bufferUpdated(n);
      }
    } else {
      ((Protocol) protocol).dataReceived(data);
      data.position(data.limit());
    }
  }

  /** The protocol's {@code eofReceived()}: true keeps the transport open. */
  static boolean eofReceived(BaseProtocol protocol) {
    return protocol instanceof BufferedProtocol b
        ? b.eofReceived()
        : ((Protocol) protocol).eofReceived();
  }
}
