package io.jasyncio.internal.process;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * In a child JVM: its one connection to the parent's broker. Carries the calls of a pool worker
 * (or a Process's target) and the child's shared-object requests, answered by id. When the end of
 * the connection is read, the parent is gone or has let this child go: the child ends at once (its
 * stdin, watched by {@link ChildMain}, ends at the same time).
 */
public final class ParentLink {
  private static volatile ParentLink current;

  private final String address;
  private final Connection connection;
  private final AtomicLong ids = new AtomicLong();
  /** Guards everything below; {@link #changed} is signalled after every frame read. */
  private final ReentrantLock state = new ReentrantLock();
  private final Condition changed = state.newCondition();
  /** Whether a thread is reading the connection now (the reader role). */
  private boolean reading;
  /** The end of the connection was read. */
  private boolean ended;
  /** Requests awaiting their reply, and the replies read and not yet taken. */
  private final HashMap<Long, Wire.Reply> replies = new HashMap<>();
  private final Set<Long> waiting = new HashSet<>();
  private final ArrayDeque<Connection.Frame> work = new ArrayDeque<>();
  /** Per queue: items this process got and has not yet marked done. */
  private final ConcurrentHashMap<Long, AtomicLong> held = new ConcurrentHashMap<>();
  /** Queues for which a task done sent as a note was one too many, not yet reported. */
  private final Set<Long> lateTooManyDone = ConcurrentHashMap.newKeySet();
  /** Taken around every write, so that deferred frames go out before any later frame. */
  private final ReentrantLock sendLock = new ReentrantLock();
  /** Guards the deferred frames and the flusher's state below. */
  private final Object pendingLock = new Object();
  /** Deferred bytes past which the deferring thread writes them itself. */
  private static final int PENDING_FLUSH = 32 * 1024;
  /** The longest a deferred frame waits for a send to take it along before the flusher writes it. */
  static final long FLUSH_NANOS = 1_000_000;
  /** Quiet ticks after which the flusher parks until the next deferred frame. */
  private static final int IDLE_TICKS = 100;
  /** Frames deferred and not yet written, in order, and their payloads' bytes. */
  private ArrayList<Connection.Frame> pending = new ArrayList<>();
  private int pendingBytes;
  private boolean deferredSinceTick;
  private boolean flusherParked;
  private Thread flusher;

  private ParentLink(String address, Connection connection) {
    this.address = address;
    this.connection = connection;
  }

  /** The link of this child JVM, or null in a JVM that jasyncio did not start. */
  public static ParentLink current() {
    return current;
  }

  /**
   * Connects to the parent and proves this child with its key. No thread reads the connection on
   * its own: a thread that waits for something (the worker for its next call, a thread for the
   * reply to its request) reads while no other does, and hands what is not its own to the thread
   * that waits for it; so a call or a reply reaches the thread that needs it without a hand-off in
   * the common case. The child's end when its parent dies is its stdin's business ({@link
   * ChildMain}).
   */
  static ParentLink open(String address, String hexKey) throws IOException {
    Connection c = Connection.uninterruptible(Broker.connect(address));
    byte[] key = HexFormat.of().parseHex(hexKey);
    ByteBuffer hello = ByteBuffer.allocate(Wire.KEY_BYTES + 8);
    hello.put(key).putLong(ChildMain.pid());
    c.send(Wire.HELLO, 0, hello.array());
    ParentLink link = new ParentLink(address, c);
    current = link;
    // What was deferred goes out before this JVM ends (System.exit, SIGTERM, a target's end).
    Runtime.getRuntime().addShutdownHook(new Thread(link::flush, "jasyncio-flush-at-exit"));
    return link;
  }

  /** The parent broker's address. */
  public String address() {
    return address;
  }

  /** Supplies what a thread waits for, or null while it is not there; called under the lock. */
  private interface Ready<T> {
    T poll();
  }

  /**
   * Waits until {@code ready} gives a value, reading frames while no other thread reads. When the
   * thread is interrupted, {@code onInterrupt} (may be null) runs once and the wait goes on; with
   * {@code keepInterrupt} the interrupt status is set again at the end, else it is cleared.
   */
  private <T> T await(Ready<T> ready, Connection.OnInterrupt onInterrupt, boolean keepInterrupt) {
    boolean[] interrupted = {false};
    Connection.OnInterrupt once =
        () -> {
          if (!interrupted[0]) {
            interrupted[0] = true;
            if (onInterrupt != null) {
              onInterrupt.interrupted();
            }
          }
        };
    state.lock();
    try {
      while (true) {
        T t = ready.poll();
        if (t != null) {
          return t;
        }
        if (ended) {
          throw new IllegalStateException("the parent process is gone");
        }
        if (!reading) {
          reading = true;
          Connection.Frame f = null;
          state.unlock();
          try {
            f = connection.read(once);
          } catch (IOException | RuntimeException e) {
            f = null;
          } finally {
            if (Thread.interrupted()) {
              once.interrupted();
            }
            state.lock();
            reading = false;
          }
          if (f == null) {
            ended = true;
            changed.signalAll();
            state.unlock();
            try {
              ChildMain.parentGone();
            } finally {
              state.lock();
            }
            continue;
          }
          deliver(f);
          changed.signalAll();
        } else {
          try {
            changed.await();
          } catch (InterruptedException e) {
            once.interrupted();
          }
        }
      }
    } finally {
      state.unlock();
      if (interrupted[0] && keepInterrupt) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Files a frame read for the thread that waits for it; under the lock. */
  private void deliver(Connection.Frame f) {
    if (f.type() == Wire.REPLY) {
      if (waiting.contains(f.id())) {
        replies.put(f.id(), Wire.reply(f.payload()));
      }
    } else if (f.type() == Wire.LATE_TOO_MANY_DONE) {
      lateTooManyDone.add(f.id());
    } else {
      work.addLast(f);
    }
  }

  /**
   * The next call or target frame from the parent (blocks). A stray interrupt left by the previous
   * call is cleared: it does not reach the next one.
   */
  Connection.Frame nextWork() {
    Thread.interrupted();
    return await(work::pollFirst, null, false);
  }

  /**
   * Sends a frame to the parent, after the deferred ones, in one write; a parent that is gone ends
   * this child.
   */
  void send(byte type, long id, byte[] payload) {
    write(true, type, id, payload);
  }

  /** Writes the deferred frames now, if any (the flusher, and this JVM's exit). */
  void flush() {
    write(false, (byte) 0, 0, null);
  }

  /**
   * Writes the deferred frames, then the given frame when {@code withFrame}, in one write; nothing
   * when there is neither. No frame object is made when nothing is deferred.
   */
  private void write(boolean withFrame, byte type, long id, byte[] payload) {
    sendLock.lock();
    try {
      ArrayList<Connection.Frame> out = null;
      synchronized (pendingLock) {
        if (!pending.isEmpty()) {
          out = takePending();
        }
      }
      if (out == null) {
        if (withFrame) {
          connection.send(type, id, payload);
        }
        return;
      }
      if (withFrame) {
        out.add(new Connection.Frame(type, id, payload));
      }
      connection.send(out);
    } catch (IOException e) {
      ChildMain.parentGone();
    } finally {
      sendLock.unlock();
    }
  }

  /** The deferred frames, leaving none; under {@link #pendingLock}. */
  private ArrayList<Connection.Frame> takePending() {
    ArrayList<Connection.Frame> out = pending;
    pending = new ArrayList<>();
    pendingBytes = 0;
    return out;
  }

  /**
   * Defers {@code frame}: it goes out with the next frame this process sends (in the same write),
   * or from the flusher thread within about {@link #FLUSH_NANOS}, whichever comes first.
   */
  private void defer(Connection.Frame frame) {
    boolean wake;
    boolean full;
    Thread f;
    synchronized (pendingLock) {
      pending.add(frame);
      pendingBytes += frame.payload().length;
      full = pendingBytes >= PENDING_FLUSH;
      deferredSinceTick = true;
      wake = flusherParked;
      flusherParked = false;
      f = flusher;
      if (f == null) {
        f = flusher = Thread.ofPlatform().daemon().name("jasyncio-flusher").unstarted(this::flushLoop);
        f.start();
        wake = false;
      }
    }
    if (wake) {
      LockSupport.unpark(f);
    }
    if (full) {
      flush(); // a producer well ahead of the flusher: several frames in one write, now
    }
  }

  /**
   * The flusher: ticks every {@link #FLUSH_NANOS} while frames are being deferred, writing what no
   * other send took along; parks for good after {@link #IDLE_TICKS} quiet ticks, until the next
   * deferred frame wakes it.
   */
  private void flushLoop() {
    int quiet = 0;
    while (true) {
      LockSupport.parkNanos(FLUSH_NANOS);
      boolean active;
      synchronized (pendingLock) {
        active = deferredSinceTick || !pending.isEmpty();
        deferredSinceTick = false;
      }
      if (active) {
        quiet = 0;
        flush();
        continue;
      }
      if (++quiet < IDLE_TICKS) {
        continue;
      }
      synchronized (pendingLock) {
        if (deferredSinceTick || !pending.isEmpty()) {
          continue;
        }
        flusherParked = true;
      }
      while (true) {
        LockSupport.park(this);
        synchronized (pendingLock) {
          if (!flusherParked) {
            break;
          }
        }
      }
      quiet = 0;
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
    state.lock();
    try {
      waiting.add(id);
    } finally {
      state.unlock();
    }
    Wire.Reply answer;
    try {
      send(Wire.REQUEST, id, Wire.request(r));
      answer = await(() -> replies.remove(id), () -> send(Wire.CANCEL, id, null), true);
    } finally {
      state.lock();
      try {
        waiting.remove(id);
        replies.remove(id);
      } finally {
        state.unlock();
      }
    }
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
   * reported by the next call on the same queue. The frame is deferred: it goes out with this
   * process's next frame, in the same write (so a producer's puts travel several to a write), or
   * from the flusher within about {@link #FLUSH_NANOS}, and before this JVM exits.
   */
  void note(Wire.Request r) {
    defer(new Connection.Frame(Wire.NOTE, 0, Wire.request(r)));
  }

  /**
   * Sends a task done for queue {@code object} without awaiting the reply when this process holds
   * an item of that queue it got and has not marked done; false otherwise (the caller then asks
   * and waits, so that one too many is reported at once). The task done is deferred: it goes out
   * in the same write as this process's next frame (in a consumer's loop, the next {@code get}),
   * or from the flusher within about a millisecond, and before this JVM exits.
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
