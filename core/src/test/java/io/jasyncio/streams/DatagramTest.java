package io.jasyncio.streams;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.TestBase;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** UDP: protocol-style endpoints and the suspending DatagramStream. */
@Timeout(120)
class DatagramTest extends TestBase {
  static final String HOST = "127.0.0.1";

  static byte[] b(String s) {
    return s.getBytes(US_ASCII);
  }

  static String s(byte[] b) {
    return new String(b, US_ASCII);
  }

  /** Echoes every datagram and records the callbacks. */
  static final class Echo implements DatagramProtocol {
    final List<String> events = new ArrayList<>();
    DatagramTransport transport;

    @Override
    public void connectionMade(DatagramTransport t) {
      transport = t;
      events.add("made");
    }

    @Override
    public void datagramReceived(byte[] data, SocketAddress addr) {
      events.add("got " + s(data));
      transport.sendto(data, addr);
    }

    @Override
    public void connectionLost(Exception exc) {
      events.add("lost " + exc);
    }
  }

  @Test
  void protocolEndpointEchoesToAStream() {
    List<String> events = Asyncio.run(() -> {
      DatagramEndpoint<Echo> server = Datagrams.createDatagramEndpoint(
          Echo::new, new InetSocketAddress(HOST, 0), null);
      InetSocketAddress at = (InetSocketAddress) server.transport().getExtraInfo("sockname");
      assertNull(server.transport().getExtraInfo("peername"));
      DatagramStream client = DatagramStream.connect(HOST, at.getPort());
      assertEquals(at, client.remoteAddress());
      client.send(b("one"));
      client.send(b("two"));
      Datagram d1 = client.recv();
      Datagram d2 = client.recv();
      assertEquals("one", s(d1.data()));
      assertEquals("two", s(d2.data()));
      assertEquals(at, d1.address());
      client.close();
      server.transport().close();
      Asyncio.sleep(0); // connectionLost runs in the next iteration
      Asyncio.sleep(0);
      assertThrows(IllegalStateException.class, () -> server.transport().sendto(b("x"), at));
      return server.protocol().events;
    });
    assertEquals(List.of("made", "got one", "got two", "lost null"), events);
  }

  @Test
  void unconnectedStreamsTalkBothWays() {
    Asyncio.run(() -> {
      DatagramStream a = DatagramStream.bind(HOST, 0);
      DatagramStream b = DatagramStream.bind(HOST, 0);
      a.send(b("to b"), b.localAddress());
      Datagram got = b.recv();
      assertEquals("to b", s(got.data()));
      assertEquals(a.localAddress(), got.address());
      b.send(b("to a"), got.address());
      assertEquals("to b".length(), a.recv().data().length);
      assertNull(a.remoteAddress());
      a.close();
      b.close();
      return null;
    });
  }

  @Test
  void manyDatagramsArriveInOrder() {
    List<String> got = Asyncio.run(() -> {
      DatagramStream server = DatagramStream.bind(HOST, 0);
      DatagramStream client = DatagramStream.connect(HOST, server.localAddress().getPort());
      for (int i = 0; i < 200; i++) {
        client.send(b("d" + i));
      }
      List<String> out = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        out.add(s(server.recv().data()));
      }
      client.close();
      server.close();
      return out;
    });
    for (int i = 0; i < 200; i++) {
      assertEquals("d" + i, got.get(i));
    }
  }

  @Test
  void portUnreachableIsRaisedByRecv() throws Exception {
    int port;
    try (DatagramSocket tmp = new DatagramSocket(0, java.net.InetAddress.getByName(HOST))) {
      port = tmp.getLocalPort();
    }
    Asyncio.run(() -> {
      DatagramStream s = DatagramStream.connect(HOST, port);
      s.send(b("anyone?"));
      assertInstanceOf(PortUnreachableException.class,
          assertThrows(java.io.IOException.class, s::recv));
      s.close();
      return null;
    });
  }

  @Test
  void cancelledRecvLosesNothingAndCloseEndsRecv() {
    Asyncio.run(() -> {
      DatagramStream server = DatagramStream.bind(HOST, 0);
      Task<Datagram> t = Asyncio.createTask(server::recv);
      Asyncio.sleep(0);
      t.cancel();
      assertThrows(CancelledError.class, () -> Asyncio.await(t));
      DatagramStream client = DatagramStream.connect(HOST, server.localAddress().getPort());
      client.send(b("kept"));
      assertEquals("kept", s(server.recv().data()));

      Task<Datagram> pending = Asyncio.createTask(server::recv);
      Asyncio.sleep(0);
      server.close();
      assertThrows(ClosedChannelException.class, () -> Asyncio.await(pending));
      assertThrows(ClosedChannelException.class, server::recv);
      client.close();
      return null;
    });
  }

  @Test
  void fullQueuePausesReadingAndResumes() {
    Asyncio.run(() -> {
      DatagramStream server = DatagramStream.open(new InetSocketAddress(HOST, 0), null, 4);
      DatagramStream client = DatagramStream.connect(HOST, server.localAddress().getPort());
      for (int i = 0; i < 10; i++) {
        client.send(b("q" + i));
      }
      // All ten fit in the kernel's buffer; four at a time in the stream's queue.
      for (int i = 0; i < 10; i++) {
        assertEquals("q" + i, s(server.recv().data()));
      }
      client.close();
      server.close();
      return null;
    });
  }

  @Test
  void badArguments() {
    Asyncio.run(() -> {
      DatagramEndpoint<Echo> ep = Datagrams.createDatagramEndpoint(
          Echo::new, new InetSocketAddress(HOST, 0), null);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> ep.transport().sendto(b("x")));
      assertTrue(e.getMessage().contains("not connected"), e.getMessage());
      assertThrows(IllegalArgumentException.class,
          () -> Datagrams.createDatagramEndpoint(Echo::new, null, null));
      assertThrows(IllegalArgumentException.class,
          () -> DatagramStream.open(new InetSocketAddress(HOST, 0), null, 0));
      DatagramStream c = DatagramStream.connect(HOST, 9);
      assertThrows(IllegalArgumentException.class,
          () -> c.send(b("x"), new InetSocketAddress(HOST, 10)));
      c.close();
      ep.transport().close();
      return null;
    });
    assertThrows(IllegalStateException.class, () -> DatagramStream.bind(HOST, 0));
  }

  @Test
  void unresolvedNamesAreLookedUpOffTheLoop() {
    Asyncio.run(() -> {
      Future<String> got = Asyncio.getRunningLoop().createFuture();
      DatagramEndpoint<DatagramProtocol> ep = Datagrams.createDatagramEndpoint(
          () -> (data, addr) -> got.setResult(s(data)),
          InetSocketAddress.createUnresolved("localhost", 0), null);
      InetSocketAddress at = (InetSocketAddress) ep.transport().getExtraInfo("sockname");
      DatagramStream c = DatagramStream.open(null,
          new InetSocketAddress(at.getAddress(), at.getPort()), 16);
      c.send(b("named"));
      assertEquals("named", Asyncio.await(got));
      c.close();
      ep.transport().close();
      return null;
    });
  }
}
