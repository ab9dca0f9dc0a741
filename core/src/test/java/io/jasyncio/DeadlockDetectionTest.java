package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.locks.Lock;
import io.jasyncio.streams.Connection;
import io.jasyncio.streams.Streams;
import io.jasyncio.subprocess.AsyncProcess;
import io.jasyncio.subprocess.Redirect;
import io.jasyncio.subprocess.Subprocess;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A loop on the virtual clock that can never make progress fails the run at once and says where
 * each task waits; a loop that waits for outside work (a thread, a stage, a child process, a
 * socket) is left waiting. The outside work in the second half is slow on purpose (a short real
 * delay before it reports back), so that the loop is idle with nothing but that work pending.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeadlockDetectionTest extends TestBase {
  /** Outside work that takes a little real time, so the loop goes idle before it reports. */
  private static void slowWork() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aFutureNobodyCompletesIsADeadlockNamingTheTask() {
    expect(1);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                Asyncio.runVirtual(
                    () -> {
                      expect(2);
                      Future<Void> never = Asyncio.getRunningLoop().createFuture();
                      Asyncio.currentTask().setName("stuck-main");
                      Asyncio.await(never);
                      expect(-1);
                      return null;
                    }));
    expect(3);
    String msg = e.getMessage();
    assertTrue(msg.startsWith("deadlock: no task can make progress"), msg);
    assertTrue(msg.contains("stuck-main"), msg);
    assertTrue(msg.contains("aFutureNobodyCompletesIsADeadlockNamingTheTask"), msg);
    finish(4);
  }

  @Test
  void twoTasksTakingTwoLocksInOppositeOrderAreBothListed() {
    EventLoop loop = EventLoop.create(Clock.virtual());
    try {
      Lock a = new Lock();
      Lock b = new Lock();
      Task<Void> first =
          loop.createTask(
              () -> {
                a.acquire();
                Asyncio.sleep(1);
                b.acquire();
                return null;
              },
              "takes-a-then-b");
      Task<Void> second =
          loop.createTask(
              () -> {
                b.acquire();
                Asyncio.sleep(1);
                a.acquire();
                return null;
              },
              "takes-b-then-a");
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () -> loop.runUntilComplete(Asyncio.gather(List.of(first, second))));
      String msg = e.getMessage();
      assertTrue(msg.contains("2 pending tasks"), msg);
      assertTrue(msg.contains("takes-a-then-b"), msg);
      assertTrue(msg.contains("takes-b-then-a"), msg);
      assertTrue(msg.contains("Lock.acquire"), msg);
      assertEquals(1.0, loop.time(), "the clock ran up to the last timer, no further");
      assertFalse(first.done());
      first.cancel();
      second.cancel();
      assertThrows(CancelledError.class, () -> loop.runUntilComplete(first));
      assertThrows(CancelledError.class, () -> loop.runUntilComplete(second));
    } finally {
      loop.close();
    }
  }

  @Test
  void theLoopCanRunAgainAfterADeadlockWasReported() {
    EventLoop loop = EventLoop.create(Clock.virtual());
    try {
      Future<String> f = loop.createFuture();
      assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(f));
      expect(1);
      loop.callSoon(() -> f.setResult("late"));
      assertEquals("late", loop.runUntilComplete(f));
      finish(2);
    } finally {
      loop.close();
    }
  }

  @Test
  void aThreadStillRunningKeepsTheLoopWaiting() {
    String r =
        Asyncio.runVirtual(
            () -> {
              expect(1);
              String s =
                  Asyncio.await(
                      Asyncio.toThread(
                          () -> {
                            slowWork();
                            return "from a thread";
                          }));
              expect(2);
              return s;
            });
    assertEquals("from a thread", r);
    finish(3);
  }

  @Test
  void anAwaitedStageKeepsTheLoopWaiting() {
    String r =
        Asyncio.runVirtual(
            () -> {
              expect(1);
              CompletableFuture<String> stage =
                  CompletableFuture.supplyAsync(
                      () -> {
                        slowWork();
                        return "from a stage";
                      });
              String s = Asyncio.await(stage);
              expect(2);
              return s;
            });
    assertEquals("from a stage", r);
    finish(3);
  }

  @Test
  void aChildProcessKeepsTheLoopWaiting() {
    int code =
        Asyncio.runVirtual(
            () -> {
              expect(1);
              AsyncProcess p =
                  Subprocess.createSubprocessExec(
                      List.of("sh", "-c", "sleep 0.05; exit 3"),
                      Redirect.DEVNULL,
                      Redirect.DEVNULL,
                      Redirect.DEVNULL);
              int c = p.waitFor();
              expect(2);
              return c;
            });
    assertEquals(3, code);
    finish(3);
  }

  @Test
  void aSocketKeepsTheLoopWaiting() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread peer =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try (Socket s = server.accept()) {
                      slowWork();
                      OutputStream out = s.getOutputStream();
                      out.write("late".getBytes(StandardCharsets.US_ASCII));
                      out.flush();
                    } catch (Exception e) {
                      throw new RuntimeException(e);
                    }
                  });
      String got =
          Asyncio.runVirtual(
              () -> {
                expect(1);
                Connection c =
                    Streams.openConnection(
                        server.getInetAddress().getHostAddress(), server.getLocalPort());
                byte[] b = c.reader().readexactly(4);
                expect(2);
                c.writer().close();
                return new String(b, StandardCharsets.US_ASCII);
              });
      peer.join();
      assertEquals("late", got);
    }
    finish(3);
  }

  @Test
  void aCallbackAlreadySentFromAThreadIsNotADeadlock() {
    EventLoop loop = EventLoop.create(Clock.virtual());
    try {
      Future<String> f = loop.createFuture();
      Thread t = Thread.ofPlatform().start(() -> loop.callSoonThreadsafe(() -> f.setResult("sent")));
      try {
        t.join();
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      assertEquals("sent", loop.runUntilComplete(f));
    } finally {
      loop.close();
    }
  }
}
