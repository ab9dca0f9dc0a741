package io.jasyncio.streams;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.TestBase;
import io.jasyncio.subprocess.AsyncProcess;
import io.jasyncio.subprocess.Output;
import io.jasyncio.subprocess.Redirect;
import io.jasyncio.subprocess.Subprocess;
import io.jasyncio.transports.Server;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Opening and closing many connections and processes leaves no descriptor behind. */
@Timeout(300)
class DescriptorLeakTest extends TestBase {
  static final String HOST = "127.0.0.1";

  /** {@code total} connections, {@code parallel} at a time, each a full request and answer. */
  static int connections(int total, int parallel) {
    return Asyncio.run(() -> {
      // The server closes first: TIME_WAIT stays on the server's port, not on client ports.
      Server server = Streams.startServer((r, w) -> {
        w.write(r.readline());
      }, HOST, 0);
      int ok = 0;
      for (int done = 0; done < total; done += parallel) {
        List<Task<Boolean>> batch = new ArrayList<>();
        for (int i = 0; i < parallel && done + i < total; i++) {
          String msg = "c" + (done + i) + "\n";
          batch.add(Asyncio.createTask(() -> {
            Connection c = Streams.openConnection(HOST, server.port());
            c.writer().write(msg.getBytes(US_ASCII));
            boolean same = msg.equals(new String(c.reader().read(-1), US_ASCII));
            c.writer().close();
            c.writer().waitClosed();
            return same;
          }));
        }
        for (Task<Boolean> t : batch) {
          ok += Asyncio.await(t) ? 1 : 0;
        }
      }
      server.close();
      server.waitClosed();
      return ok;
    });
  }

  static int processes(int total, int parallel) {
    return Asyncio.run(() -> {
      int ok = 0;
      for (int done = 0; done < total; done += parallel) {
        List<Task<Boolean>> batch = new ArrayList<>();
        for (int i = 0; i < parallel && done + i < total; i++) {
          batch.add(Asyncio.createTask(() -> {
            AsyncProcess p = Subprocess.createSubprocessExec(
                List.of("cat"), Redirect.PIPE, Redirect.PIPE, Redirect.PIPE);
            Output out = p.communicate("x".getBytes(US_ASCII));
            return p.returncode() == 0 && "x".equals(new String(out.stdout(), US_ASCII));
          }));
        }
        for (Task<Boolean> t : batch) {
          ok += Asyncio.await(t) ? 1 : 0;
        }
      }
      return ok;
    });
  }

  @Test
  void tenThousandConnections() {
    connections(200, 50); // warm up: classes, selector caches, executor threads
    int before = Fds.count();
    assertEquals(10_000, connections(10_000, 100));
    assertEquals(before, Fds.count(), "descriptors leaked by 10,000 connections");
  }

  @Test
  void thousandSubprocesses() throws Exception {
    processes(20, 10); // warm up
    int before = Fds.count();
    assertEquals(1_000, processes(1_000, 20));
    // The JDK closes a child's pipes on its reaper thread right after exit: give it a moment.
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (Fds.count() > before && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(before, Fds.count(), "descriptors leaked by 1,000 subprocesses");
  }
}
