package io.jasyncio.streams;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.TestBase;
import io.jasyncio.transports.Server;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Cancellation inside read/readline/drain/openConnection, on real sockets. */
@Timeout(120)
class StreamCancellationTest extends TestBase {
  static final String HOST = "127.0.0.1";

  static byte[] b(String s) {
    return s.getBytes(US_ASCII);
  }

  @Test
  void cancelledReadlineKeepsTheBytesForTheNextRead() {
    String line = Asyncio.run(() -> {
      Future<StreamWriter> serverWriter = Asyncio.getRunningLoop().createFuture();
      Future<Void> stop = Asyncio.getRunningLoop().createFuture();
      Server server = Streams.startServer((r, w) -> {
        serverWriter.setResult(w);
        Asyncio.await(stop);
      }, HOST, 0);
      Connection c = Streams.openConnection(HOST, server.port());
      StreamWriter sw = Asyncio.await(serverWriter);
      sw.write(b("half a "));
      while (c.reader().buffered().length < 7) {
        Asyncio.sleep(0.001);
      }
      Task<byte[]> t = Asyncio.createTask(() -> c.reader().readline());
      Asyncio.sleep(0);
      assertFalse(t.done());
      t.cancel();
      assertThrows(CancelledError.class, () -> Asyncio.await(t));
      assertTrue(t.cancelled());
      sw.write(b("line\n"));
      String got = new String(c.reader().readline(), US_ASCII);
      stop.setResult(null);
      c.writer().close();
      server.close();
      server.waitClosed();
      return got;
    });
    assertEquals("half a line\n", line);
  }

  @Test
  void cancelledReadAndReadexactly() {
    Asyncio.run(() -> {
      Future<StreamWriter> serverWriter = Asyncio.getRunningLoop().createFuture();
      Server server = Streams.startServer((r, w) -> {
        serverWriter.setResult(w);
        r.read(-1);
      }, HOST, 0);
      Connection c = Streams.openConnection(HOST, server.port());
      Task<byte[]> read = Asyncio.createTask(() -> c.reader().read(10));
      Asyncio.sleep(0);
      read.cancel();
      assertThrows(CancelledError.class, () -> Asyncio.await(read));
      StreamWriter sw = Asyncio.await(serverWriter);
      sw.write(b("abc"));
      Task<byte[]> exact = Asyncio.createTask(() -> c.reader().readexactly(6));
      while (c.reader().buffered().length < 3) {
        Asyncio.sleep(0.001);
      }
      exact.cancel();
      assertThrows(CancelledError.class, () -> Asyncio.await(exact));
      sw.write(b("def"));
      assertEquals("abcdef", new String(c.reader().readexactly(6), US_ASCII));
      c.writer().close();
      server.close();
      server.waitClosed();
      return null;
    });
  }

  @Test
  void cancelledDrainThenDrainAgain() {
    Asyncio.run(() -> {
      Future<StreamReader> serverReader = Asyncio.getRunningLoop().createFuture();
      Future<Void> stop = Asyncio.getRunningLoop().createFuture();
      Server server = Streams.startServer((r, w) -> {
        serverReader.setResult(r);
        Asyncio.await(stop);
        r.read(-1);
      }, HOST, 0);
      Connection c = Streams.openConnection(HOST, server.port());
      StreamWriter w = c.writer();
      // The server does not read: past what the kernel can ever hold, our buffer cannot fall
      // to the low-water mark, so the drain stays suspended however fast the machine is.
      long certain = SocketBuffers.bound() + 64 * 1024;
      byte[] chunk = new byte[1 << 20];
      while (w.getWriteBufferSize() <= certain) {
        w.write(chunk);
      }
      Task<Void> d = Asyncio.createTask(() -> { w.drain(); return null; });
      Asyncio.sleep(0);
      Asyncio.sleep(0);
      assertFalse(d.done());
      assertTrue(w.getWriteBufferSize() > 64 * 1024);
      d.cancel();
      assertThrows(CancelledError.class, () -> Asyncio.await(d));
      stop.setResult(null); // the server reads again
      w.drain();
      assertTrue(w.getWriteBufferSize() <= 16 * 1024);
      w.close();
      w.waitClosed();
      server.close();
      server.waitClosed();
      return null;
    });
  }

  @Test
  void cancelledOpenConnectionClosesItsSocket() throws IOException {
    try (ServerSocketChannel target = ServerSocketChannel.open()) {
      target.bind(new InetSocketAddress(HOST, 0));
      int port = ((InetSocketAddress) target.getLocalAddress()).getPort();
      int before = Fds.count();
      Asyncio.run(() -> {
        for (int i = 0; i < 50; i++) {
          Task<Connection> t = Asyncio.createTask(() -> Streams.openConnection(HOST, port));
          Asyncio.sleep(0); // the task starts connecting and waits for the selector
          t.cancel();
          assertThrows(CancelledError.class, () -> Asyncio.await(t));
        }
        Asyncio.sleep(0); // one more select: cancelled keys are released
        return null;
      });
      assertEquals(before, Fds.count());
    }
  }

  @Test
  void connectTimeoutThroughLoopTimerLeavesNoSocket() throws IOException {
    // A listener with a full accept queue drops further SYNs: connecting hangs.
    try (ServerSocketChannel target = ServerSocketChannel.open()) {
      target.bind(new InetSocketAddress(HOST, 0), 1);
      int port = ((InetSocketAddress) target.getLocalAddress()).getPort();
      List<Socket> fillers = new ArrayList<>();
      try {
        boolean full = false;
        for (int i = 0; i < 16 && !full; i++) {
          Socket s = new Socket();
          fillers.add(s);
          try {
            s.connect(new InetSocketAddress(HOST, port), 300);
          } catch (SocketTimeoutException e) {
            full = true;
          }
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(full, "accept queue never filled");
        int before = Fds.count();
        Asyncio.run(() -> {
          EventLoop loop = Asyncio.getRunningLoop();
          Task<Connection> t = Asyncio.createTask(() -> Streams.openConnection(HOST, port));
          loop.callLater(0.3, t::cancel); // the connect timeout
          assertThrows(CancelledError.class, () -> Asyncio.await(t));
          Asyncio.sleep(0);
          return null;
        });
        assertEquals(before, Fds.count());
      } finally {
        for (Socket s : fillers) {
          s.close();
        }
      }
    }
  }

  @Test
  void cancelledHandlerClosesItsConnection() {
    Asyncio.run(() -> {
      Future<Task<?>> handlerTask = Asyncio.getRunningLoop().createFuture();
      Server server = Streams.startServer((r, w) -> {
        handlerTask.setResult(Asyncio.currentTask());
        r.read(-1);
      }, HOST, 0);
      Connection c = Streams.openConnection(HOST, server.port());
      Asyncio.await(handlerTask).cancel();
      assertArrayEquals(new byte[0], c.reader().read(-1)); // EOF: the server side closed
      c.writer().close();
      server.close();
      server.waitClosed();
      assertEquals(0, server.activeConnections());
      return null;
    });
  }

  @Test
  void drainOutsideCoroutine() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () ->
        Asyncio.run(() -> {
          Server server = Streams.startServer((r, w) -> r.read(-1), HOST, 0);
          Connection c = Streams.openConnection(HOST, server.port());
          try {
            Asyncio.getRunningLoop().callSoon(() -> {});
            // Called from a plain callback (not a coroutine):
            Future<Throwable> f = Asyncio.getRunningLoop().createFuture();
            Asyncio.getRunningLoop().callSoon(() -> {
              try {
                c.writer().drain();
                f.setResult(null);
              } catch (Throwable t) {
                f.setResult(t);
              }
            });
            Throwable t = Asyncio.await(f);
            throw (IllegalStateException) t;
          } finally {
            c.writer().close();
            server.close();
          }
        }));
    assertEquals("drain() must be called from a coroutine running on an event loop",
        e.getMessage());
  }
}
