package io.jasyncio.http;

import io.jasyncio.Asyncio;
import io.jasyncio.streams.Connection;
import io.jasyncio.streams.Streams;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** A raw TCP client for conformance tests: writes bytes as given, reads what comes back. */
final class Raw {
  private Raw() {}

  /** Suspends: sends {@code request} and returns everything the server sends until it closes. */
  static String exchange(int port, String request) throws IOException {
    Connection c = Streams.openConnection("127.0.0.1", port);
    try {
      c.writer().write(request.getBytes(StandardCharsets.ISO_8859_1));
      c.writer().drain();
      byte[] all = Asyncio.timeout(20, () -> c.reader().read(-1));
      return new String(all, StandardCharsets.ISO_8859_1);
    } finally {
      c.writer().close();
    }
  }

  /** The status code of the first response in {@code raw}. */
  static int status(String raw) {
    if (!raw.startsWith("HTTP/1.1 ")) {
      throw new AssertionError("not a response: " + Headers.printable(raw));
    }
    return Integer.parseInt(raw.substring(9, 12));
  }

  /** The body after the first blank line. */
  static String body(String raw) {
    int i = raw.indexOf("\r\n\r\n");
    return i < 0 ? "" : raw.substring(i + 4);
  }
}
