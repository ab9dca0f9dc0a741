package io.jasyncio.streams;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.TestBase;
import io.jasyncio.subprocess.AsyncProcess;
import io.jasyncio.subprocess.Redirect;
import io.jasyncio.subprocess.Subprocess;
import io.jasyncio.transports.Server;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The examples of docs/io.md, compiled and run. */
@Timeout(120)
class IoExamplesTest extends TestBase {
  // @start region="echo"
  static void handleEcho(StreamReader reader, StreamWriter writer) throws Exception {
    byte[] data = reader.read(100);
    String message = new String(data, UTF_8);
    System.out.println("Received " + message + " from " + writer.getExtraInfo("peername"));
    writer.write(data);
    writer.drain();
    writer.close();
    writer.waitClosed();
  }

  static String tcpEchoClient(String message, int port) throws Exception {
    Connection c = Streams.openConnection("127.0.0.1", port);
    c.writer().write(message.getBytes(UTF_8));
    c.writer().drain();
    String answer = new String(c.reader().read(100), UTF_8);
    c.writer().close();
    c.writer().waitClosed();
    return answer;
  }
  // @end

  @Test
  void echoServerAndClient() {
    String answer = Asyncio.run(() -> {
      try (Server server = Streams.startServer(IoExamplesTest::handleEcho, "127.0.0.1", 0)) {
        return tcpEchoClient("Hello World!", server.port());
      }
    });
    assertEquals("Hello World!", answer);
  }

  // @start region="fanout"
  /** Fetches every request over its own connection, at most {@code limit} at a time. */
  static List<String> fanOut(int port, List<String> requests, int limit) throws Exception {
    String[] answers = new String[requests.size()];
    Iterator<Integer> next = IntStream.range(0, requests.size()).iterator();
    List<Task<Void>> workers = new ArrayList<>();
    for (int w = 0; w < limit; w++) {
      workers.add(Asyncio.createTask(() -> {
        while (next.hasNext()) {           // tasks share the iterator: no lock needed
          int i = next.next();
          Connection c = Streams.openConnection("127.0.0.1", port);
          c.writer().write((requests.get(i) + "\n").getBytes(UTF_8));
          answers[i] = new String(c.reader().readline(), UTF_8).strip();
          c.writer().close();
        }
        return null;
      }));
    }
    for (Task<Void> t : workers) {
      Asyncio.await(t);
    }
    return List.of(answers);
  }
  // @end

  @Test
  void boundedFanOutOfAThousandConnections() {
    List<String> requests = IntStream.range(0, 1000).mapToObj(i -> "req" + i).toList();
    List<String> answers = Asyncio.run(() -> {
      Server server = Streams.startServer((r, w) -> {
        w.write(("re:" + new String(r.readline(), UTF_8)).getBytes(UTF_8));
      }, "127.0.0.1", 0);
      List<String> out = fanOut(server.port(), requests, 100);
      server.close();
      server.waitClosed();
      return out;
    });
    assertEquals(1000, answers.size());
    for (int i = 0; i < 1000; i++) {
      assertEquals("re:req" + i, answers.get(i));
    }
  }

  // @start region="pipeline"
  /** {@code printf ... | sort | uniq -c}, three children wired by coroutines. */
  static String pipeline(String input) throws Exception {
    AsyncProcess sort = Subprocess.createSubprocessExec(
        List.of("sort"), Redirect.PIPE, Redirect.PIPE, Redirect.INHERIT);
    AsyncProcess uniq = Subprocess.createSubprocessExec(
        List.of("uniq", "-c"), Redirect.PIPE, Redirect.PIPE, Redirect.INHERIT);
    Task<Void> pump = Asyncio.createTask(() -> {   // sort's output into uniq's input
      byte[] chunk;
      while ((chunk = sort.stdout().read(65536)).length > 0) {
        uniq.stdin().write(chunk);
        uniq.stdin().drain();
      }
      uniq.stdin().close();
      return null;
    });
    sort.stdin().write(input.getBytes(UTF_8));
    sort.stdin().close();
    String result = new String(uniq.stdout().read(-1), UTF_8);
    Asyncio.await(pump);
    sort.waitFor();
    uniq.waitFor();
    return result;
  }
  // @end

  @Test
  void subprocessPipeline() {
    String out = Asyncio.run(() -> pipeline("b\na\nb\nc\nb\n"));
    List<String> lines = out.lines().map(String::strip).toList();
    assertEquals(List.of("1 a", "3 b", "1 c"), lines);
  }
}
