package io.jasyncio.streams;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.TestBase;
import io.jasyncio.transports.Server;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The virtual clock with sockets open: time does not jump past I/O that arrives while a timer
 * is pending (the rule is in docs/io.md).
 */
@Timeout(60)
class VirtualClockIoTest extends TestBase {
  @Test
  void dataArrivingBeforeATimerIsSeenBeforeTheClockJumps() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    int[] port = new int[1];
    CountDownLatch listening = new CountDownLatch(1);
    Thread peer = Thread.ofPlatform().start(() -> {
      try {
        listening.await();
        try (Socket s = new Socket("127.0.0.1", port[0])) {
          go.await();
          OutputStream out = s.getOutputStream();
          out.write("hello\n".getBytes(US_ASCII));
          out.flush();
          s.getInputStream().read(); // until the server closes
        }
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    double[] times = Asyncio.runVirtual(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      Future<Double> readAt = loop.createFuture();
      boolean[] timerFired = {false};
      Server server = Streams.startServer((r, w) -> {
        r.readline();
        readAt.setResult(loop.time());
      }, "127.0.0.1", 0);
      port[0] = server.port();
      loop.callLater(3600, () -> timerFired[0] = true); // an hour, virtually
      listening.countDown();
      go.countDown();
      double at = Asyncio.await(readAt);
      assertFalse(timerFired[0], "the clock jumped over I/O that was arriving");
      server.close();
      server.closeClients();
      server.waitClosed();
      // Nothing is registered any more: the clock may jump again.
      Asyncio.sleep(7200);
      return new double[] {at, loop.time()};
    });
    peer.join();
    assertTrue(times[0] < 3600, "read at " + times[0]);
    assertEquals(times[0] + 7200, times[1], 1e-6);
  }
}
