package io.jasyncio.bench.echo;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The loopback floor of the echo benchmark: a plain blocking Java NIO echo server, one platform
 * thread per connection, each reading exactly one message of {@code --size} bytes into a direct
 * buffer and writing it back. No event loop, no copy into the heap: what the kernel's loopback and
 * two system calls per message cost. The other servers' figures are reported against it.
 *
 * <p>Prints the port it listens on (one line on standard output), then serves until it is killed.
 *
 * {@snippet lang=sh :
 * java -cp "$CP" io.jasyncio.bench.echo.FloorServer --size 1024 --port 0
 * }
 *
 * <p>The calling thread accepts; every connection gets a daemon thread of its own.
 */
public final class FloorServer {
  private FloorServer() {}

  public static void main(String[] argv) throws IOException {
    Args args = new Args(argv, "FloorServer [--size BYTES] [--host 127.0.0.1] [--port 0]");
    int size = args.positiveInt("size", 1024);
    String host = args.string("host", "127.0.0.1");
    int port = args.port("port", 0);
    try (ServerSocketChannel listener = listen(host, port)) {
      System.out.println(((InetSocketAddress) listener.getLocalAddress()).getPort());
      System.out.flush();
      acceptForever(listener, size);
    }
  }

  /** A blocking listener on {@code host:port} (0: any free port). */
  static ServerSocketChannel listen(String host, int port) throws IOException {
    ServerSocketChannel listener = ServerSocketChannel.open();
    try {
      listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      listener.bind(new InetSocketAddress(host, port), 1024);
      return listener;
    } catch (IOException | RuntimeException e) {
      listener.close();
      throw e;
    }
  }

  /** Serves every connection {@code listener} accepts, until it is closed (then it throws). */
  static void acceptForever(ServerSocketChannel listener, int size) throws IOException {
    while (true) {
      SocketChannel ch = listener.accept();
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      Thread t = new Thread(() -> serve(ch, size), "floor-" + ch.getRemoteAddress());
      t.setDaemon(true);
      t.start();
    }
  }

  private static void serve(SocketChannel ch, int size) {
    ByteBuffer buf = ByteBuffer.allocateDirect(size);
    try (ch) {
      while (true) {
        buf.clear();
        if (!readFully(ch, buf)) {
          return;
        }
        buf.flip();
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
      }
    } catch (IOException e) {
      // The client may reset its connections when a run ends; anything else is reported.
      if (!(e.getMessage() != null && e.getMessage().contains("reset"))) {
        System.err.println("FloorServer: " + e);
      }
    }
  }

  /** Fills {@code buf}; false on EOF before the first byte, EOFException on EOF after it. */
  static boolean readFully(SocketChannel ch, ByteBuffer buf) throws IOException {
    while (buf.hasRemaining()) {
      if (ch.read(buf) < 0) {
        if (buf.position() == 0) {
          return false;
        }
        throw new EOFException("EOF after " + buf.position() + " of " + buf.limit() + " bytes");
      }
    }
    return true;
  }
}
