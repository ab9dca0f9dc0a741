package io.jasyncio.transports;

import java.nio.ByteBuffer;

/**
 * A streaming protocol (asyncio's {@code Protocol}): the transport hands it each chunk it reads.
 *
 * <p><b>Threads.</b> Callbacks run on the loop thread and must not block.
 *
 * {@snippet class=io.jasyncio.transports.TransportsSnippetsTest region=protocol}
 */
public interface Protocol extends BaseProtocol {
  /**
   * Bytes arrived: those from {@code data}'s position to its limit. The buffer is the transport's
   * and is valid during the call only: copy what you keep.
   */
  void dataReceived(ByteBuffer data);

  /**
   * The peer closed its write side. Return false (the default) and the transport closes itself;
   * true keeps it open for writing (a half-closed connection). Over TLS the answer is ignored.
   */
  default boolean eofReceived() {
    return false;
  }
}
