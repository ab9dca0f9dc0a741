package io.jasyncio.bench.echo;

import io.jasyncio.Asyncio;
import io.jasyncio.streams.ConnectionResetException;
import io.jasyncio.streams.IncompleteReadError;
import io.jasyncio.transports.Server;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;
import io.jasyncio.streams.Streams;
import java.io.IOException;

/**
 * The jasyncio side of the TCP echo benchmark: a streams server whose handler, per connection,
 * reads exactly one message of {@code --size} bytes ({@code readexactly}), writes it back and calls
 * {@code drain()}, until the client closes the connection. The same protocol as {@code
 * bench/echo/echo_asyncio.py}; driven by {@link EchoClient}.
 *
 * <p>Prints the port it listens on (one line on standard output), then serves until it is killed.
 * The engine is chosen as usual with {@code -Djasyncio.engine=continuation|virtual}.
 *
 * {@snippet lang=sh :
 * java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -Djasyncio.engine=continuation \
 *     -cp "$CP" io.jasyncio.bench.echo.EchoServer --size 1024 --port 0
 * }
 *
 * <p>Runs everything on the thread that calls {@code main} (the event loop's thread).
 */
public final class EchoServer {
  static final String USAGE = "EchoServer [--size BYTES] [--host 127.0.0.1] [--port 0]";

  private EchoServer() {}

  public static void main(String[] argv) {
    Args args = new Args(argv, USAGE);
    int size = args.positiveInt("size", 1024);
    String host = args.string("host", "127.0.0.1");
    int port = args.port("port", 0);
    System.err.println("EchoServer: engine " + System.getProperty("jasyncio.engine", "default")
        + ", message size " + size);
    Asyncio.run(
        () -> {
          Server server = start(host, port, size);
          System.out.println(server.port());
          System.out.flush();
          server.serveForever();
          return null;
        });
  }

  /** Suspends: starts the echo server on {@code host:port} (0: any free port). */
  static Server start(String host, int port, int size) throws IOException {
    return Streams.startServer((r, w) -> serve(r, w, size), host, port);
  }

  /** One connection: echo messages of {@code size} bytes until the peer closes. */
  private static void serve(StreamReader r, StreamWriter w, int size) throws Exception {
    try {
      while (true) {
        byte[] message;
        try {
          message = r.readexactly(size);
        } catch (IncompleteReadError e) {
          if (e.partial().length == 0) {
            return; // the client closed between two messages: the normal end
          }
          throw e;
        }
        w.write(message);
        w.drain();
      }
    } catch (ConnectionResetException e) {
      // The client may reset its connections when a run ends.
    } finally {
      w.close();
    }
  }
}
