package io.jasyncio.streams;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.TestBase;
import io.jasyncio.transports.Server;
import java.io.IOException;
import java.net.BindException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Unix-domain socket streams and servers. */
@Timeout(120)
class UnixStreamsTest extends TestBase {
  @TempDir Path dir;

  static byte[] b(String s) {
    return s.getBytes(US_ASCII);
  }

  static final ClientHandler ECHO = (r, w) -> {
    byte[] line;
    while ((line = r.readline()).length > 0) {
      w.write(line);
      w.drain();
    }
  };

  @Test
  void echoOverUnixSocket() {
    Path path = dir.resolve("echo.sock");
    String got = Asyncio.run(() -> {
      Server server = Streams.startUnixServer(ECHO, path);
      assertTrue(Files.exists(path));
      assertEquals(List.of(UnixDomainSocketAddress.of(path)), server.sockets());
      assertThrows(IllegalStateException.class, server::port);
      Connection c = Streams.openUnixConnection(path);
      assertInstanceOf(UnixDomainSocketAddress.class, c.writer().getExtraInfo("peername"));
      assertEquals(path, ((UnixDomainSocketAddress) c.writer().getExtraInfo("peername")).getPath());
      c.writer().write(b("over unix\n"));
      String line = new String(c.reader().readline(), US_ASCII);
      c.writer().writeEof(); // half-close works on Unix sockets too
      assertEquals(0, c.reader().read(-1).length);
      c.writer().close();
      c.writer().waitClosed();
      server.close();
      server.waitClosed();
      return line;
    });
    assertEquals("over unix\n", got);
    assertFalse(Files.exists(path), "closing the server removes its socket file");
  }

  @Test
  void staleSocketFileIsReplaced() throws IOException {
    Path path = dir.resolve("stale.sock");
    ServerSocketChannel old = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX);
    old.bind(UnixDomainSocketAddress.of(path));
    old.close(); // leaves the file behind
    assertTrue(Files.exists(path));
    Asyncio.run(() -> {
      Server server = Streams.startUnixServer(ECHO, path);
      Connection c = Streams.openUnixConnection(path);
      c.writer().write(b("x\n"));
      assertEquals("x\n", new String(c.reader().readline(), US_ASCII));
      c.writer().close();
      server.close();
      return null;
    });
  }

  @Test
  void regularFileInTheWayIsABindError() throws IOException {
    Path path = dir.resolve("file.sock");
    Files.writeString(path, "not a socket");
    BindException e = assertThrows(BindException.class,
        () -> Asyncio.run(() -> Streams.startUnixServer(ECHO, path)));
    assertTrue(e.getMessage().contains("not a socket"), e.getMessage());
    assertEquals("not a socket", Files.readString(path));
  }

  @Test
  void connectingToNothingFails() {
    Path path = dir.resolve("nobody.sock");
    assertThrows(IOException.class,
        () -> Asyncio.run(() -> Streams.openUnixConnection(path)));
  }

  @Test
  void manyClientsOnOneUnixServer() {
    Path path = dir.resolve("many.sock");
    int n = Asyncio.run(() -> {
      Server server = Streams.startUnixServer(ECHO, path);
      List<io.jasyncio.Task<Boolean>> tasks = new java.util.ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String msg = "m" + i + "\n";
        tasks.add(Asyncio.createTask(() -> {
          Connection c = Streams.openUnixConnection(path);
          c.writer().write(b(msg));
          boolean same = msg.equals(new String(c.reader().readline(), US_ASCII));
          c.writer().close();
          return same;
        }));
      }
      int ok = 0;
      for (io.jasyncio.Task<Boolean> t : tasks) {
        ok += Asyncio.await(t) ? 1 : 0;
      }
      server.close();
      server.waitClosed();
      return ok;
    });
    assertEquals(200, n);
  }
}
