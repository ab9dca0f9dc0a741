package io.jasyncio.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Response bodies framed by the end of the connection, and bodies cut short, against {@link
 * MemoryServer} on a virtual clock.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClientBodyTest {
  private static final String URL = "http://a.test/";

  /** Answers {@code head}, then the pieces one second apart, then closes. */
  private static MemoryServer untilClose(String head, String... pieces) {
    return new MemoryServer(ex -> {
      ex.send(head);
      for (int i = 0; i < pieces.length; i++) {
        ex.sendLater(i, pieces[i]);
      }
      ex.closeLater(pieces.length);
    });
  }

  @Test
  void anHttp10BodyWithoutLengthIsReadUntilTheCloseAndItsConnectionIsNotPooled() {
    Asyncio.runVirtual(() -> {
      MemoryServer server = untilClose("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n",
          "first,", "second,", "third");
      try (ClientSession s = ClientSession.builder().dialer(server.dialer()).build()) {
        ClientResponse r = s.get(URL + "1");
        assertEquals(200, r.status());
        assertEquals("first,second,third", r.text());
        assertEquals(3.0, Asyncio.getRunningLoop().time(), 1e-9);
        assertEquals(0, s.idleConnectionCount());
        assertEquals(0, s.connectionCount());
        assertEquals("first,second,third", s.get(URL + "2").text());
        assertEquals(List.of("#1 GET /1", "#2 GET /2"), server.requests());
      }
      return null;
    });
  }

  @Test
  void aBodyWithoutFramingIsReadUntilTheCloseEvenWhenTheHeadSaysKeepAlive() {
    Asyncio.runVirtual(() -> {
      // HTTP/1.1 with neither Content-Length nor chunked: the close is the only end there is
      MemoryServer server = untilClose(
          "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\n\r\n", "abc", "defgh");
      try (ClientSession s = ClientSession.builder().dialer(server.dialer()).build()) {
        ClientResponse r = s.get(URL + "1");
        StringBuilder b = new StringBuilder();
        for (byte[] c = r.readChunk(2); c.length > 0; c = r.readChunk(2)) {
          assertTrue(c.length <= 2);
          b.append(new String(c, StandardCharsets.US_ASCII));
        }
        assertEquals("abcdefgh", b.toString());
        assertEquals(0, r.readChunk(2).length);
        r.close();
        assertEquals(0, s.connectionCount());
        assertEquals(1, server.opened());
      }
      return null;
    });
  }

  @Test
  void aTruncatedLengthOrChunkedBodyIsAPayloadErrorAndItsConnectionIsClosed() {
    List<String> cut = List.of(
        "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n");
    for (String raw : cut) {
      Asyncio.runVirtual(() -> {
        MemoryServer server = new MemoryServer(ex -> {
          ex.send(raw);
          ex.closeLater(1);
        });
        try (ClientSession s = ClientSession.builder().dialer(server.dialer()).build()) {
          ClientResponse r = s.get(URL);
          assertEquals(200, r.status());
          ClientPayloadError e = assertThrows(ClientPayloadError.class, r::read, raw);
          assertTrue(e.getMessage().startsWith("Response payload is not completed"),
              e.getMessage());
          assertEquals(0, s.connectionCount(), raw);
          assertEquals(0, s.idleConnectionCount(), raw);
        }
        return null;
      });
    }
  }

  @Test
  void aWholeChunkedBodyFromAServerThatThenClosesIsNotAnError() {
    Asyncio.runVirtual(() -> {
      MemoryServer server = new MemoryServer(ex -> {
        ex.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
        ex.sendLater(1, "0\r\n\r\n");
        ex.closeLater(2);
      });
      try (ClientSession s = ClientSession.builder().dialer(server.dialer()).build()) {
        assertEquals("hello", s.get(URL).text());
        assertEquals(1, s.idleConnectionCount(), "pooled until the close arrives");
        Asyncio.sleep(2);
        assertEquals(0, s.connectionCount());
      }
      return null;
    });
  }
}
