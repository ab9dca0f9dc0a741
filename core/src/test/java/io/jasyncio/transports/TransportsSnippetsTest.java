package io.jasyncio.transports;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Clock;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Printed;
import io.jasyncio.Task;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The examples of the transports package's javadoc ({@code {@snippet class=... region=...}}):
 * each region compiles here, and runs (on loopback sockets or in memory), and what it prints is
 * what its comments say.
 */
@Timeout(60)
class TransportsSnippetsTest {

  // @start region="baseProtocol"
  class Counting implements Protocol {
    Transport transport;
    long received;
    public void connectionMade(Transport t) { transport = t; }
    public void dataReceived(ByteBuffer data) { received += data.remaining(); }
    public void connectionLost(Throwable exc) { System.out.println(received + " bytes"); }
  }
  // @end

  // @start region="bufferedProtocol"
  class BufferedEchoProtocol implements BufferedProtocol {
    final ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    Transport transport;
    public void connectionMade(Transport t) { transport = t; }
    public ByteBuffer getBuffer(int sizeHint) { return buf.clear(); }
    public void bufferUpdated(int nbytes) { transport.write(buf.slice(0, nbytes)); }
  }
  // @end

  /** Keeps what it receives; {@code done} when the connection is lost. */
  static final class Collector implements Protocol {
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final Future<Void> done = Asyncio.getRunningLoop().createFuture();

    @Override
    public void dataReceived(ByteBuffer data) {
      byte[] b = new byte[data.remaining()];
      data.get(b);
      received.writeBytes(b);
    }

    @Override
    public void connectionLost(Throwable exc) {
      done.setResult(null);
    }

    String text() {
      return received.toString(US_ASCII);
    }
  }

  /** The protocol of the client examples. */
  static final class MyProtocol implements Protocol {
    @Override
    public void dataReceived(ByteBuffer data) {}
  }

  @Test
  void baseProtocol() throws Exception {
    assertEquals(List.of("5 bytes"), Printed.by(() -> Asyncio.runVirtual(() -> {
      MemoryTransport.Pair p = MemoryTransport.pair(Asyncio.getRunningLoop());
      p.left().start(new Counting());
      p.right().start(new MyProtocol());
      p.right().write("hello".getBytes(US_ASCII));
      p.right().close();
      Asyncio.sleep(0.1);
      return null;
    })));
  }

  @Test
  void bufferedProtocol() {
    String echoed = Asyncio.runVirtual(() -> {
      MemoryTransport.Pair p = MemoryTransport.pair(Asyncio.getRunningLoop());
      p.left().start(new BufferedEchoProtocol());
      Collector c = new Collector();
      p.right().start(c);
      p.right().write("ping".getBytes(US_ASCII));
      Asyncio.sleep(0.1);
      p.right().close();
      return c.text();
    });
    assertEquals("ping", echoed);
  }

  @Test
  void memoryTransport() {
    String got;
    // @start region="memoryTransport"
    EventLoop loop = EventLoop.create(Clock.virtual());
    got = loop.runUntilComplete(() -> {
      MemoryTransport.Pair p = MemoryTransport.pair(Asyncio.getRunningLoop());
      p.left().setChunkSize(1);                 // one byte per iteration
      Collector server = new Collector();
      p.left().start(new MyProtocol());
      p.right().start(server);
      p.left().write("hi".getBytes(StandardCharsets.US_ASCII));
      p.left().close();
      Asyncio.await(server.done);
      return server.text();                     // "hi"
    });
    loop.close();
    // @end
    assertEquals("hi", got);
  }

  @Test
  void protocolAndTransports() {
    String got = Asyncio.run(() -> {
      // @start region="transports"
      class Echo implements Protocol {
        Transport transport;
        public void connectionMade(Transport t) { transport = t; }
        public void dataReceived(ByteBuffer data) { transport.write(data); }
      }
      Server server = Transports.createServer(Echo::new, "127.0.0.1", 0);
      TransportAndProtocol<Collector> tp =
          Transports.createConnection(Collector::new, "127.0.0.1", server.port());
      tp.transport().write("ping".getBytes(StandardCharsets.US_ASCII));
      // @end
      while (tp.protocol().received.size() < 4) {
        Asyncio.sleep(0.01);
      }
      tp.transport().close();
      server.close();
      server.waitClosed();
      return tp.protocol().text();
    });
    assertEquals("ping", got);
  }

  @Test
  void protocol() {
    int port = Asyncio.run(() -> {
      // @start region="protocol"
      class Echo implements Protocol {
        Transport transport;
        public void connectionMade(Transport t) { transport = t; }
        public void dataReceived(ByteBuffer data) { transport.write(data); }
      }
      Server server = Transports.createServer(Echo::new, "127.0.0.1", 0);
      // @end
      int p = server.port();
      server.close();
      server.waitClosed();
      return p;
    });
    assertTrue(port > 0);
  }

  @Test
  void readTransport() {
    List<Boolean> reading = Asyncio.runVirtual(() -> {
      MemoryTransport.Pair p = MemoryTransport.pair(Asyncio.getRunningLoop());
      p.left().start(new MyProtocol());
      p.right().start(new MyProtocol());
      ReadTransport transport = p.left();
      // @start region="readTransport"
      transport.pauseReading();      // nothing more is read until...
      boolean paused = !transport.isReading();
      transport.resumeReading();     // ...reading resumes
      // @end
      return List.of(paused, transport.isReading());
    });
    assertEquals(List.of(true, true), reading);
  }

  /** Echoes what it receives. */
  static final class Echo implements Protocol {
    Transport transport;

    @Override
    public void connectionMade(Transport t) {
      transport = t;
    }

    @Override
    public void dataReceived(ByteBuffer data) {
      transport.write(data);
    }
  }

  @Test
  void server() throws Exception {
    List<String> printed = Printed.by(() -> Asyncio.run(() -> {
      Task<Void> serving = Asyncio.createTask(() -> {
        // @start region="server"
        try (Server server = Transports.createServer(Echo::new, "127.0.0.1", 0)) {
          System.out.println("listening on " + server.port());
          server.serveForever();
        }
        // @end
        return null;
      });
      Asyncio.sleep(0.1);
      serving.cancel();
      try {
        Asyncio.await(serving);
      } catch (CancelledError expected) {
        // serveForever ends by a cancellation
      }
      return null;
    }));
    assertEquals(1, printed.size());
    assertTrue(printed.get(0).matches("listening on \\d+"), printed.get(0));
  }

  @Test
  void transportAndTransportAndProtocol() {
    String got = Asyncio.run(() -> {
      Collector peer = new Collector();
      Server server = Transports.createServer(() -> peer, "127.0.0.1", 0);
      int port = server.port();
      // @start region="transport"
      TransportAndProtocol<MyProtocol> tp =
          Transports.createConnection(MyProtocol::new, "127.0.0.1", port);
      tp.transport().write("hello\n".getBytes(StandardCharsets.US_ASCII));
      tp.transport().close();        // after "hello\n" is sent
      // @end
      Asyncio.await(peer.done);
      TransportAndProtocol<MyProtocol> tp2 = tp;
      // @start region="transportAndProtocol"
      MyProtocol p = tp2.protocol();
      // @end
      assertTrue(p != null);
      server.close();
      server.waitClosed();
      return peer.text();
    });
    assertEquals("hello\n", got);
  }
}
