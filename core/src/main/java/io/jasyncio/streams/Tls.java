package io.jasyncio.streams;

import io.jasyncio.internal.io.IoLoop;
import io.jasyncio.internal.io.Protocol;
import io.jasyncio.internal.io.StreamProtocol;
import java.io.IOException;

/** TLS set-up for clients and servers. */
final class Tls {
  private Tls() {}

  static Connection clientHandshake(
      IoLoop loop,
      Connector.Connected c,
      StreamOptions options,
      String host,
      int port,
      StreamReader reader,
      StreamProtocol app)
      throws IOException {
    throw new UnsupportedOperationException("TLS is not available yet");
  }

  static Protocol serverProtocol(IoLoop loop, StreamOptions options, Protocol app) {
    throw new UnsupportedOperationException("TLS is not available yet");
  }
}
