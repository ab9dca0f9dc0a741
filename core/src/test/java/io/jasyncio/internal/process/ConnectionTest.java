package io.jasyncio.internal.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Frames through a socket pair: the writer's own buffer, gathered frames, frames larger than it. */
@Timeout(60)
@EnabledIfSystemProperty(named = "jasyncio.engine", matches = "continuation")
class ConnectionTest {
  /** A connected pair of channels through a Unix-domain socket. */
  static SocketChannel[] pair() throws Exception {
    java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("jasyncio-conn-test");
    java.nio.file.Path path = dir.resolve("s");
    try (java.nio.channels.ServerSocketChannel server =
        java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(java.net.UnixDomainSocketAddress.of(path));
      SocketChannel a = SocketChannel.open(java.net.UnixDomainSocketAddress.of(path));
      SocketChannel b = server.accept();
      return new SocketChannel[] {a, b};
    } finally {
      java.nio.file.Files.deleteIfExists(path);
      java.nio.file.Files.deleteIfExists(dir);
    }
  }

  static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + seed);
    }
    return b;
  }

  @Test
  void framesGivenTogetherArriveInOrderWhateverTheirSize() throws Exception {
    for (boolean uninterruptibleWriter : new boolean[] {false, true}) {
      SocketChannel[] q = pair();
      try (Connection writer =
              uninterruptibleWriter ? Connection.uninterruptible(q[0]) : new Connection(q[0]);
          Connection reader = new Connection(q[1])) {
        List<Connection.Frame> sent =
            List.of(
                new Connection.Frame(Wire.CALL, 3, bytes(65_536 - 13, 3)), // fills it exactly
                new Connection.Frame(Wire.DEFINE, 7, bytes(40, 1)),
                new Connection.Frame(Wire.CALL, 1, null),
                new Connection.Frame(Wire.CALL, 2, bytes(200_000, 2)), // larger than the buffer
                new Connection.Frame(Wire.RESULT, 4, bytes(1, 4)));
        CompletableFuture<List<Connection.Frame>> got =
            CompletableFuture.supplyAsync(
                () -> {
                  List<Connection.Frame> out = new ArrayList<>();
                  try {
                    for (int i = 0; i < sent.size() + 1; i++) {
                      out.add(reader.read());
                    }
                  } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                  return out;
                });
        writer.send(sent);
        writer.send(Wire.READY, 9, bytes(100_000, 5)); // one frame alone, larger than the buffer
        List<Connection.Frame> frames = got.get(30, TimeUnit.SECONDS);
        for (int i = 0; i < sent.size(); i++) {
          Connection.Frame s = sent.get(i);
          Connection.Frame r = frames.get(i);
          assertEquals(s.type(), r.type());
          assertEquals(s.id(), r.id());
          assertArrayEquals(s.payload() == null ? new byte[0] : s.payload(), r.payload());
        }
        Connection.Frame last = frames.get(sent.size());
        assertEquals(Wire.READY, last.type());
        assertArrayEquals(bytes(100_000, 5), last.payload());
        writer.close();
        assertNull(reader.read(), "the end of the stream after the last frame");
      }
    }
  }
}
