package io.jasyncio.streams;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.Clock;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.TestBase;
import io.jasyncio.transports.MemoryTransport;
import io.jasyncio.transports.Protocol;
import java.net.SocketException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Streams over an in-memory transport pair, on a virtual clock: the stream protocol alone. */
@Timeout(60)
class StreamReaderProtocolTest extends TestBase {
  static <T> T run(Coroutine<T> c) {
    try (EventLoop loop = EventLoop.create(Clock.virtual())) {
      return loop.runUntilComplete(c);
    }
  }

  /** A reader and writer over each end of a fresh pair. */
  static Connection[] streams(MemoryTransport.Pair p) {
    Connection[] out = new Connection[2];
    MemoryTransport[] ends = {p.left(), p.right()};
    for (int i = 0; i < 2; i++) {
      ends[i].start((Protocol) data -> {});
      StreamReader r = new StreamReader(1024);
      out[i] = new Connection(r, new StreamWriter(ends[i], r));
    }
    return out;
  }

  @Test
  void readlineOverOneByteChunksAndDrainAtTheWaterMarks() {
    run(() -> {
      MemoryTransport.Pair p = MemoryTransport.pair(Asyncio.getRunningLoop());
      p.left().setChunkSize(1);
      Connection[] c = streams(p);
      c[0].writer().write("a line\n".getBytes(US_ASCII));
      assertArrayEquals("a line\n".getBytes(US_ASCII), c[1].reader().readline());

      c[0].writer().setWriteBufferLimits(8, 2);
      c[0].writer().write(new byte[64]);
      double start = Asyncio.getRunningLoop().time();
      c[0].writer().drain();                   // returns once the buffer drained to 2 bytes
      assertTrue(c[0].writer().getWriteBufferSize() <= 2, "drained to the low mark");
      assertEquals(start, Asyncio.getRunningLoop().time(), "no time passes on the virtual clock");
      assertEquals(64, c[1].reader().readexactly(64).length);
      c[0].writer().close();
      assertEquals(0, c[1].reader().read(-1).length);  // EOF
      c[0].writer().waitClosed();
      return null;
    });
  }

  @Test
  void aResetBecomesAConnectionResetException() {
    run(() -> {
      MemoryTransport.Pair p = MemoryTransport.pair(Asyncio.getRunningLoop());
      Connection[] c = streams(p);
      p.left().injectReset();
      ConnectionResetException e =
          assertThrows(ConnectionResetException.class, () -> c[0].reader().read(1));
      assertTrue(e.getCause() instanceof SocketException, "the JDK's exception is the cause");
      assertThrows(ConnectionResetException.class, () -> c[0].writer().drain());
      assertThrows(ConnectionResetException.class, () -> c[1].writer().waitClosed());
      return null;
    });
  }
}
