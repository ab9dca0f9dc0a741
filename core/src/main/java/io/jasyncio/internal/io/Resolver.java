package io.jasyncio.internal.io;

import io.jasyncio.Asyncio;
import io.jasyncio.Future;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;

/** Name resolution for the I/O packages, off the loop thread. */
public final class Resolver {
  private Resolver() {}

  /**
   * Resolves {@code host}: a literal address at once, a name in the loop's default executor (as
   * asyncio's getaddrinfo), never on the loop thread. Suspends.
   */
  public static List<InetAddress> resolve(String host) throws IOException {
    try {
      return List.of(InetAddress.ofLiteral(host));
    } catch (IllegalArgumentException notALiteral) {
      // a name: look it up off the loop
    }
    Future<InetAddress[]> f = Asyncio.toThread(() -> InetAddress.getAllByName(host));
    return List.of(Asyncio.await(f));
  }
}
