package io.jasyncio.bench.echo;

import io.jasyncio.Asyncio;
import io.jasyncio.transports.BufferedProtocol;
import io.jasyncio.transports.Server;
import io.jasyncio.transports.Transport;
import io.jasyncio.transports.Transports;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The protocol-mode jasyncio side of the TCP echo benchmark (uvloop's "protocol" mode is its
 * peer): a {@link BufferedProtocol} whose transport reads straight into the protocol's own 64 KiB
 * buffer, and which writes every read back at once, with no task and no stream buffer in between.
 * Echoing the bytes as they come keeps the message framing of {@link EchoClient} intact.
 *
 * <p>Prints the port it listens on (one line on standard output), then serves until it is killed.
 *
 * {@snippet lang=sh :
 * java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED \
 *     -cp "$CP" io.jasyncio.bench.echo.ProtocolEchoServer --port 0
 * }
 *
 * <p>Runs everything on the thread that calls {@code main} (the event loop's thread).
 */
public final class ProtocolEchoServer {
  static final String USAGE = "ProtocolEchoServer [--size BYTES (ignored)] [--host 127.0.0.1] [--port 0]";

  private ProtocolEchoServer() {}

  /** One connection: every read is written back from the protocol's own buffer. */
  static final class Echo implements BufferedProtocol {
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private Transport transport;

    @Override
    public void connectionMade(Transport t) {
      transport = t;
    }

    @Override
    public ByteBuffer getBuffer(int sizeHint) {
      return buffer.clear();
    }

    @Override
    public void bufferUpdated(int nbytes) {
      transport.write(buffer.limit(nbytes)); // consumed at once; the rest is copied by the transport
    }
  }

  public static void main(String[] argv) {
    Args args = new Args(argv, USAGE);
    args.positiveInt("size", 1024);
    String host = args.string("host", "127.0.0.1");
    int port = args.port("port", 0);
    System.err.println("ProtocolEchoServer: engine "
        + System.getProperty("jasyncio.engine", "default"));
    Asyncio.run(
        () -> {
          Server server = start(host, port);
          System.out.println(server.port());
          System.out.flush();
          server.serveForever();
          return null;
        });
  }

  /** Suspends: starts the protocol echo server on {@code host:port} (0: any free port). */
  static Server start(String host, int port) throws IOException {
    return Transports.createServer(Echo::new, host, port);
  }
}
