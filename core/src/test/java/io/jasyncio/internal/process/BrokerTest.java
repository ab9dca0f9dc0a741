package io.jasyncio.internal.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

@Timeout(60)
@EnabledIfSystemProperty(named = "jasyncio.engine", matches = "continuation")
class BrokerTest {
  static ByteBuffer hello(byte[] key) {
    return ByteBuffer.allocate(Wire.KEY_BYTES + 8).put(key).putLong(ProcessHandle.current().pid());
  }

  @Test
  void aConnectionWithoutTheKeyIsRefused() throws Exception {
    Broker broker = Broker.get();
    CompletableFuture<Long> connected = new CompletableFuture<>();
    byte[] key =
        broker.register(
            new Broker.Endpoint() {
              @Override
              public void connected(Connection c, long pid) {
                connected.complete(pid);
              }

              @Override
              public void frame(Connection.Frame f) {}

              @Override
              public void closed() {}
            });
    try (Connection wrong = new Connection(Broker.connect(broker.address()))) {
      wrong.send(Wire.HELLO, 0, hello(new byte[Wire.KEY_BYTES]).array());
      assertNull(wrong.read(), "closed without a word");
    }
    try (Connection silent = new Connection(Broker.connect(broker.address()))) {
      silent.send(Wire.REQUEST, 1, Wire.request(new Wire.Request(1, Wire.OP_QSIZE, false, 0, null)));
      assertNull(silent.read(), "a request before the key is refused too");
    }
    try (Connection right = new Connection(Broker.connect(broker.address()))) {
      right.send(Wire.HELLO, 0, hello(key).array());
      assertEquals(ProcessHandle.current().pid(), connected.get(30, TimeUnit.SECONDS));
    }
    try (Connection again = new Connection(Broker.connect(broker.address()))) {
      again.send(Wire.HELLO, 0, hello(key).array());
      assertNull(again.read(), "a key works once");
    }
  }

  @Test
  void theSocketLivesInAPrivateDirectory() throws Exception {
    String address = Broker.get().address();
    if (address.startsWith("unix:")) {
      Path dir = Path.of(address.substring(5)).getParent();
      assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    } else {
      assertTrue(address.startsWith("tcp:127.0.0.1:"), address);
    }
  }
}
