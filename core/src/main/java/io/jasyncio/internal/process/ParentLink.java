package io.jasyncio.internal.process;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Set;
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
  /** Per queue: items this process got and has not yet marked done. */
  private final ConcurrentHashMap<Long, AtomicLong> held = new ConcurrentHashMap<>();
  /** Queues for which a task done sent as a note was one too many, not yet reported. */
  private final Set<Long> lateTooManyDone = ConcurrentHashMap.newKeySet();

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
        } else if (f.type() == Wire.LATE_TOO_MANY_DONE) {
          lateTooManyDone.add(f.id());
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
    if (lateTooManyDone.remove(r.object())) {
      return new Wire.Reply(Wire.TOO_MANY_DONE, 0, new byte[0]);
    }
    long id = ids.incrementAndGet();
    CompletableFuture<Wire.Reply> reply = new CompletableFuture<>();
    waiting.put(id, reply);
    send(Wire.REQUEST, id, Wire.request(r));
    Wire.Reply answer = SharedRef.await(reply, () -> send(Wire.CANCEL, id, null));
    if (r.op() == Wire.OP_GET && answer.status() == Wire.OK) {
      held.computeIfAbsent(r.object(), k -> new AtomicLong()).incrementAndGet();
    } else if ((r.op() == Wire.OP_QSIZE || r.op() == Wire.OP_JOIN)
        && lateTooManyDone.remove(r.object())) {
      // read before this reply: the one task done too many came first; these answers can go
      return new Wire.Reply(Wire.TOO_MANY_DONE, 0, new byte[0]);
    }
    return answer;
  }

  /**
   * Sends {@code r} with no reply awaited (the broker handles it in order with this connection's
   * other frames). Only for requests that cannot wait nor fail but by a task done too many, which is
   * reported by the next call on the same queue.
   */
  void note(Wire.Request r) {
    send(Wire.NOTE, 0, Wire.request(r));
  }

  /**
   * Sends a task done for queue {@code object} without awaiting the reply when this process holds
   * an item of that queue it got and has not marked done; false otherwise (the caller then asks
   * and waits, so that one too many is reported at once).
   */
  boolean noteTaskDone(long object) {
    if (lateTooManyDone.contains(object)) {
      return false;
    }
    AtomicLong h = held.get(object);
    if (h == null) {
      return false;
    }
    for (long n = h.get(); n > 0; n = h.get()) {
      if (h.compareAndSet(n, n - 1)) {
        note(new Wire.Request(object, Wire.OP_TASK_DONE, false, 0, null));
        return true;
      }
    }
    return false;
  }

}
