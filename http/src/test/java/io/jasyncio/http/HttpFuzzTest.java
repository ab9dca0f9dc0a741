package io.jasyncio.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Fuzz targets of the request parser, the response parser and the chunked decoder. Under {@code
 * ./jasyncio test} they run in regression mode over the inputs in {@code
 * src/test/resources/io/jasyncio/http/HttpFuzzTestInputs}; with {@code JAZZER_FUZZ=1} they fuzz
 * (docs/http.md gives the campaign command). Invariants: nothing but {@link HttpParseException}
 * escapes, the parser never holds more than its limits allow, and byte-by-byte feeding (and a split
 * at a point the input chooses) gives the same transcript as feeding everything at once.
 */
class HttpFuzzTest {
  /** Small limits so that the fuzzer reaches them quickly. */
  private static final Limits SMALL = new Limits(64, 48, 6, 160);

  @FuzzTest(maxDuration = "20s")
  void requestParser(byte[] data) {
    check(data, true, false, Limits.DEFAULT);
    check(data, true, false, SMALL);
  }

  @FuzzTest(maxDuration = "20s")
  void responseParser(byte[] data) {
    boolean head = data.length > 0 && (data[0] & 1) == 1;
    check(data, false, head, Limits.DEFAULT);
    check(data, false, head, SMALL);
  }

  @FuzzTest(maxDuration = "20s")
  void chunkedDecoder(byte[] data) {
    String whole = chunked(data, data.length == 0 ? 1 : data.length);
    assertEquals(whole, chunked(data, 1), "byte by byte");
    assertEquals(whole, chunked(data, 3), "three at a time");
  }

  private static void check(byte[] data, boolean requests, boolean head, Limits limits) {
    String whole = Transcript.of(parser(requests, head, limits), data, 0, !requests, limits);
    assertEquals(whole, Transcript.of(parser(requests, head, limits), data, 1, !requests, limits),
        "byte by byte");
    assertEquals(whole, Transcript.of(parser(requests, head, limits), data, 7, !requests, limits),
        "seven at a time");
    assertEquals(whole, Transcript.of(parser(requests, head, limits), data, 5, !requests, limits,
        true), "five at a time from direct buffers");
  }

  private static HttpParser parser(boolean requests, boolean head, Limits limits) {
    HttpParser p = requests ? HttpParser.requests(limits) : HttpParser.responses(limits);
    p.expectNoBody(head);
    return p;
  }

  private static String chunked(byte[] data, int step) {
    ChunkedDecoder d = new ChunkedDecoder(SMALL);
    StringBuilder out = new StringBuilder();
    try {
      for (int off = 0; off < data.length; off += step) {
        ByteBuffer in = ByteBuffer.wrap(Arrays.copyOfRange(data, off, Math.min(data.length, off + step)));
        while (in.hasRemaining()) {
          ParseEvent e = d.next(in);
          if (d.retainedBytes() > SMALL.maxFieldSize()) {
            throw new AssertionError("decoder holds " + d.retainedBytes());
          }
          if (e == ParseEvent.BODY) {
            while (d.data().hasRemaining()) {
              out.append((char) (d.data().get() & 0xff));
            }
          } else if (e == ParseEvent.END) {
            return out.append("|END at ").append(off + in.position()).toString();
          } else {
            break;
          }
        }
      }
      return out.append("|MORE").toString();
    } catch (HttpParseException e) {
      return out.append("|ERROR ").append(e.getMessage()).toString();
    }
  }
}
