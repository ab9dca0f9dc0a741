package io.jasyncio.bench.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.transports.Server;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The echo benchmark's programs, briefly, on loopback: each server answers the one client. */
@Timeout(120)
class EchoBenchTest {
  private static final double WARMUP = 0.3;
  private static final double DURATION = 0.7;

  private static long ownPid() {
    return ProcessHandle.current().pid();
  }

  private static void assertReport(EchoClient client, String report, String mode, int size) {
    assertTrue(client.measuredRequests() > 0, report);
    assertTrue(report.contains("client_mode: " + mode + "\n"), report);
    assertTrue(report.contains("size: " + size + "\n"), report);
    assertTrue(report.contains("requests: " + client.measuredRequests() + "\n"), report);
    assertTrue(report.matches("(?s).*requests_per_s: [0-9]+\\.[0-9]\n.*"), report);
    // The "server" is this process: it was busy, so its CPU time is known and not negative.
    assertTrue(client.serverTicks() >= 0, report);
    assertTrue(report.contains("server_cpu_s_per_1k: "), report);
  }

  @Test
  void floorServerAnswersTheClientInBothModes() throws Exception {
    try (ServerSocketChannel listener = FloorServer.listen("127.0.0.1", 0)) {
      Thread t = new Thread(() -> acceptQuietly(listener, 100));
      t.setDaemon(true);
      t.start();
      InetSocketAddress at = (InetSocketAddress) listener.getLocalAddress();
      EchoClient one = new EchoClient(at, 100, 1, WARMUP, 100, DURATION, ownPid(), 100);
      assertReport(one, one.run("auto"), "blocking", 100);
      EchoClient three = new EchoClient(at, 100, 3, WARMUP, 100, DURATION, ownPid(), 100);
      assertReport(three, three.run("auto"), "selector", 100);
      EchoClient forced = new EchoClient(at, 100, 2, WARMUP, 100, DURATION, -1, 100);
      String report = forced.run("blocking");
      assertTrue(forced.measuredRequests() > 0, report);
      assertEquals(-1, forced.serverTicks());
      assertTrue(!report.contains("server_cpu"), report);
    }
  }

  private static void acceptQuietly(ServerSocketChannel listener, int size) {
    try {
      FloorServer.acceptForever(listener, size);
    } catch (IOException e) {
      // The test closed the listener.
    }
  }

  @Test
  void jasyncioServerEchoesEverySize() {
    // 5 bytes: shorter than the sequence number the client puts in each message.
    int[][] cases = {{1024, 1}, {10240, 4}, {5, 2}};
    Asyncio.run(
        () -> {
          for (int[] c : cases) {
            int size = c[0];
            int conns = c[1];
            Server server = EchoServer.start("127.0.0.1", 0, size);
            InetSocketAddress at = new InetSocketAddress("127.0.0.1", server.port());
            EchoClient client =
                new EchoClient(at, size, conns, WARMUP, 100, DURATION, ownPid(), 100);
            String report = Asyncio.await(Asyncio.toThread(() -> client.run("auto")));
            assertReport(client, report, conns == 1 ? "blocking" : "selector", size);
            server.close();
            server.waitClosed(); // every handler saw the client close and ended
          }
          return null;
        });
  }

  @Test
  void protocolServerEchoesEverySize() {
    int[][] cases = {{1024, 1}, {10240, 4}, {5, 2}};
    Asyncio.run(
        () -> {
          Server server = ProtocolEchoServer.start("127.0.0.1", 0);
          for (int[] c : cases) {
            int size = c[0];
            int conns = c[1];
            InetSocketAddress at = new InetSocketAddress("127.0.0.1", server.port());
            EchoClient client =
                new EchoClient(at, size, conns, WARMUP, 100, DURATION, ownPid(), 100);
            String report = Asyncio.await(Asyncio.toThread(() -> client.run("auto")));
            assertReport(client, report, conns == 1 ? "blocking" : "selector", size);
          }
          server.close();
          server.waitClosed(); // every connection saw the client close and ended
          return null;
        });
  }

  @Test
  void aWrongEchoFailsTheRun() throws Exception {
    for (String mode : new String[] {"blocking", "selector"}) {
      try (ServerSocketChannel listener = ServerSocketChannel.open()) {
        listener.bind(new InetSocketAddress("127.0.0.1", 0));
        Thread t = new Thread(() -> corruptingEcho(listener, 64));
        t.setDaemon(true);
        t.start();
        EchoClient client =
            new EchoClient(
                (InetSocketAddress) listener.getLocalAddress(),
                64,
                1,
                WARMUP,
                100,
                DURATION,
                -1,
                100);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> client.run(mode));
        assertTrue(e.getMessage().contains("wrong echo for request 1 of 64 bytes"), e.getMessage());
      }
    }
  }

  /** Echoes one connection's messages with their last byte changed. */
  private static void corruptingEcho(ServerSocketChannel listener, int size) {
    try (SocketChannel ch = listener.accept()) {
      ByteBuffer buf = ByteBuffer.allocate(size);
      while (FloorServer.readFully(ch, buf.clear())) {
        buf.put(size - 1, (byte) (buf.get(size - 1) + 1)).flip();
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
      }
    } catch (IOException e) {
      // The client gave up on the connection.
    }
  }

  @Test
  void argumentsAreChecked() {
    Args args = new Args(new String[] {"--size", "0", "--port", "70000", "--warmup", "x"}, "u");
    assertEquals(
        "--size must be > 0, not 0",
        assertThrows(IllegalArgumentException.class, () -> args.positiveInt("size", 1))
            .getMessage());
    assertEquals(
        "--port must be in 0..65535, not 70000",
        assertThrows(IllegalArgumentException.class, () -> args.port("port", 0)).getMessage());
    assertEquals(
        "--warmup must be a number, not 'x'",
        assertThrows(IllegalArgumentException.class, () -> args.positiveSeconds("warmup", 1))
            .getMessage());
    assertEquals(7, args.positiveInt("connections", 7));
    assertEquals(
        "bad argument 'size'; usage: u",
        assertThrows(IllegalArgumentException.class, () -> new Args(new String[] {"size"}, "u"))
            .getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new EchoClient(new InetSocketAddress("127.0.0.1", 0), 1, 1, 1, 1, 1, -1, 100));
  }
}
