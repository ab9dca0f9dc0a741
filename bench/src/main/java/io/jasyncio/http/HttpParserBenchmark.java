package io.jasyncio.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The HTTP parser on a typical GET with six headers (as a browser or the JDK client sends it):
 * one complete parse per operation, head and end of message, on a parser reused across requests
 * as a keep-alive connection reuses it. Score: parses per second (goal: 2 million per core).
 *
 * {@snippet lang=shell :
 * flock /tmp/jasyncio-bench.lock ./jasyncio bench HttpParserBenchmark
 * }
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HttpParserBenchmark {
  static final byte[] GET = ("GET /api/items/42?sort=name&page=2 HTTP/1.1\r\n"
      + "Host: example.com:8080\r\n"
      + "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0\r\n"
      + "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
      + "Accept-Language: en-US,en;q=0.5\r\n"
      + "Accept-Encoding: gzip, deflate\r\n"
      + "Connection: keep-alive\r\n"
      + "\r\n").getBytes(StandardCharsets.ISO_8859_1);

  private HttpParser parser;
  private ByteBuffer buffer;

  @Setup
  public void setup() {
    parser = HttpParser.requests(Limits.DEFAULT);
    buffer = ByteBuffer.wrap(GET);
  }

  @Benchmark
  public MessageHead parseGet() throws HttpParseException {
    buffer.clear();
    if (parser.next(buffer) != ParseEvent.HEAD) {
      throw new IllegalStateException("no head");
    }
    MessageHead h = parser.head();
    if (parser.next(buffer) != ParseEvent.END) {
      throw new IllegalStateException("no end");
    }
    return h;
  }
}
