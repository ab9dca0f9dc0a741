package io.jasyncio.transports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A socket transport still open with unsent bytes when Asyncio.run's teardown closes the loop is
 * reported to the loop's exception handler (debug mode off), naming the peer and the byte count; a
 * transport left open with nothing unsent is not.
 */
@Timeout(60)
class TeardownReportTest {

  /** A peer that never reads: what is written to it piles up in the writer's buffer. */
  static final class Deaf implements Protocol {
    @Override
    public void connectionMade(Transport t) {
      t.pauseReading();
    }

    @Override
    public void dataReceived(ByteBuffer data) {}
  }

  @Test
  void unsentBytesAtTeardownAreReportedWithPeerAndCount() {
    List<Map<String, Object>> reports = new ArrayList<>();
    Object[] peerAndUnsent = new Object[2];
    Asyncio.run(() -> {
      Asyncio.getRunningLoop().setExceptionHandler((loop, context) -> reports.add(context));
      Server server = Transports.createServer(Deaf::new, "127.0.0.1", 0);
      TransportAndProtocol<Deaf> tp =
          Transports.createConnection(Deaf::new, "127.0.0.1", server.port());
      tp.transport().write(new byte[32 << 20]);   // far more than the socket buffers hold
      Asyncio.sleep(0.05);
      peerAndUnsent[0] = tp.transport().getExtraInfo("peername");
      peerAndUnsent[1] = tp.transport().getWriteBufferSize();
      server.close();
      return null;                                // returns without closing the transport
    });
    assertTrue((int) peerAndUnsent[1] > 0, "bytes were left unsent");
    assertEquals(1, reports.size(), reports.toString());
    Map<String, Object> r = reports.get(0);
    assertEquals(peerAndUnsent[0], r.get("peer"));
    assertEquals(peerAndUnsent[1], r.get("unsent"));
    assertEquals(
        "transport to "
            + peerAndUnsent[0]
            + " closed with the event loop (Asyncio.run's teardown) while "
            + peerAndUnsent[1]
            + " bytes were still unsent: close it and await drain() or waitClosed() before the"
            + " main coroutine returns",
        r.get("message"));
  }

  @Test
  void aTransportLeftOpenWithNothingUnsentIsNotReported() {
    List<Map<String, Object>> reports = new ArrayList<>();
    Asyncio.run(() -> {
      Asyncio.getRunningLoop().setExceptionHandler((loop, context) -> reports.add(context));
      Server server = Transports.createServer(Deaf::new, "127.0.0.1", 0);
      TransportAndProtocol<Deaf> tp =
          Transports.createConnection(Deaf::new, "127.0.0.1", server.port());
      tp.transport().write(new byte[10]);
      while (tp.transport().getWriteBufferSize() > 0) {
        Asyncio.sleep(0.01);
      }
      server.close();
      return null;
    });
    assertEquals(List.of(), reports);
  }
}
