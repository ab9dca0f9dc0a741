package io.jasyncio.internal.process;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * In a child JVM: its one connection to the parent's broker. Carries the calls of a pool worker
 * (or a Process's target) and the child's shared-object requests, answered by id. When the
 * connection ends, the parent is gone or has let this child go: the child ends at once.
 */
public final class ParentLink {
  private static volatile ParentLink current;

  private final String address;
  private final Connection connection;
  private final AtomicLong ids = new AtomicLong();
  private final ConcurrentHashMap<Long, CompletableFuture<Wire.Reply>> waiting =
      new ConcurrentHashMap<>();
  private final BlockingQueue<Connection.Frame> work = new LinkedBlockingQueue<>();

  private ParentLink(String address, Connection connection) {
    this.address = address;
    this.connection = connection;
  }

  /** The link of this child JVM, or null in a JVM that jasyncio did not start. */
  public static ParentLink current() {
    return current;
  }

  /** Connects to the parent and proves this child with its key; starts the reader thread. */
  static ParentLink open(String address, String hexKey) throws IOException {
    Connection c = new Connection(Broker.connect(address));
    byte[] key = HexFormat.of().parseHex(hexKey);
    ByteBuffer hello = ByteBuffer.allocate(Wire.KEY_BYTES + 8);
    hello.put(key).putLong(ProcessHandle.current().pid());
    c.send(Wire.HELLO, 0, hello.array());
    ParentLink link = new ParentLink(address, c);
    current = link;
    Thread reader = new Thread(link::readLoop, "jasyncio-parent-link");
    reader.setDaemon(true);
    reader.start();
    return link;
  }

  /** The parent broker's address. */
  public String address() {
    return address;
  }

  private void readLoop() {
    try {
      for (Connection.Frame f; (f = connection.read()) != null; ) {
        if (f.type() == Wire.REPLY) {
          CompletableFuture<Wire.Reply> w = waiting.remove(f.id());
          if (w != null) {
            w.complete(Wire.reply(f.payload()));
          }
        } else {
          work.add(f);
        }
      }
    } catch (IOException | RuntimeException e) {
      // the parent is gone
    }
    ChildMain.parentGone();
  }

  /** The next call or target frame from the parent (blocks). */
  Connection.Frame nextWork() throws InterruptedException {
    return work.take();
  }

  /** Sends a frame to the parent; a parent that is gone ends this child. */
  void send(byte type, long id, byte[] payload) {
    try {
      connection.send(type, id, payload);
    } catch (IOException e) {
      ChildMain.parentGone();
    }
  }

  /**
   * Sends a shared-object request and blocks for the reply. An interrupted thread gives the request
   * up (the broker answers CANCELLED unless the reply was already on its way, which is then
   * returned); its interrupt status stays set.
   */
  public Wire.Reply call(Wire.Request r) {
    long id = ids.incrementAndGet();
    CompletableFuture<Wire.Reply> reply = new CompletableFuture<>();
    waiting.put(id, reply);
    send(Wire.REQUEST, id, Wire.request(r));
    return SharedRef.await(reply, () -> send(Wire.CANCEL, id, null));
  }

}
