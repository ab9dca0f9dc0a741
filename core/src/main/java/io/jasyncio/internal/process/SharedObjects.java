package io.jasyncio.internal.process;

import io.jasyncio.internal.util.ThreadSide;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The queues and events this process created and shares with its children (the broker side). Items
 * are kept as serialized bytes: the broker never deserializes them. Every operation answers through
 * a {@link Sink}, at once or later (a blocked get, put, join or wait); a waiter gives up on its
 * timeout here, in one place, so an item is either handed to a waiter or the waiter times out,
 * never both. Waiters of a child that disconnects are dropped; an item whose reply cannot be
 * delivered goes back to the head of its queue.
 */
public final class SharedObjects {
  private SharedObjects() {}

  /** Where a reply goes; returns false when it could not be delivered (the requester is gone). */
  public interface Sink {
    boolean reply(Wire.Reply r);
  }

  private static final ConcurrentHashMap<Long, Shared> OBJECTS = new ConcurrentHashMap<>();
  private static final AtomicLong IDS = new AtomicLong();
  private static volatile ScheduledExecutorService timers;

  private static final byte[] NONE = new byte[0];

  /** A new queue; maxsize {@code <= 0} is unbounded. Returns its id. */
  public static long newQueue(int maxsize) {
    long id = IDS.incrementAndGet();
    OBJECTS.put(id, new SharedQueue(maxsize));
    return id;
  }

  /** A new event (clear). Returns its id. */
  public static long newEvent() {
    long id = IDS.incrementAndGet();
    OBJECTS.put(id, new SharedEvent());
    return id;
  }

  /** Performs request {@code requestId} of {@code owner}; the answer goes to {@code sink}. */
  public static void handle(Object owner, long requestId, Wire.Request r, Sink sink) {
    Shared s = OBJECTS.get(r.object());
    if (s == null) {
      sink.reply(new Wire.Reply(Wire.NO_OBJECT, 0, NONE));
      return;
    }
    s.handle(new Waiter(owner, requestId, sink), r);
  }

  /** Gives up request {@code requestId} of {@code owner} if it still waits (replies CANCELLED). */
  public static void cancel(Object owner, long requestId) {
    for (Shared s : OBJECTS.values()) {
      if (s.cancel(owner, requestId)) {
        return;
      }
    }
  }

  /** Drops every waiter of {@code owner}, without replies (the owner is gone). */
  public static void dropOwner(Object owner) {
    for (Shared s : OBJECTS.values()) {
      s.drop(owner);
    }
  }

  private static ScheduledExecutorService timers() {
    ScheduledExecutorService t = timers;
    if (t == null) {
      synchronized (SharedObjects.class) {
        t = timers;
        if (t == null) {
          ScheduledThreadPoolExecutor ex =
              new ScheduledThreadPoolExecutor(
                  1,
                  r -> {
                    Thread th = new Thread(r, "jasyncio-shared-timers");
                    th.setDaemon(true);
                    return th;
                  });
          ex.setRemoveOnCancelPolicy(true);
          timers = t = ex;
        }
      }
    }
    return t;
  }

  static final class Waiter {
    final Object owner;
    final long request;
    final Sink sink;
    byte[] item;
    ScheduledFuture<?> timer;

    Waiter(Object owner, long request, Sink sink) {
      this.owner = owner;
      this.request = request;
      this.sink = sink;
    }

    boolean is(Object owner, long request) {
      return this.owner == owner && this.request == request;
    }
  }

  private abstract static class Shared {
    abstract void handle(Waiter w, Wire.Request r);

    /** Every list of waiters, for cancel and drop. */
    abstract List<ArrayDeque<Waiter>> waiterLists();

    synchronized boolean cancel(Object owner, long request) {
      for (ArrayDeque<Waiter> list : waiterLists()) {
        for (Iterator<Waiter> it = list.iterator(); it.hasNext(); ) {
          Waiter w = it.next();
          if (w.is(owner, request)) {
            it.remove();
            stopTimer(w);
            w.sink.reply(new Wire.Reply(Wire.CANCELLED, 0, NONE));
            return true;
          }
        }
      }
      return false;
    }

    synchronized void drop(Object owner) {
      for (ArrayDeque<Waiter> list : waiterLists()) {
        for (Iterator<Waiter> it = list.iterator(); it.hasNext(); ) {
          Waiter w = it.next();
          if (w.owner == owner) {
            it.remove();
            stopTimer(w);
          }
        }
      }
      afterDrop();
    }

    void afterDrop() {}

    static void stopTimer(Waiter w) {
      if (w.timer != null) {
        w.timer.cancel(false);
        w.timer = null;
      }
    }

    /** Arms {@code w}'s timeout: when it fires while w still waits in list, reply {@code r}. */
    void arm(Waiter w, ArrayDeque<Waiter> list, double timeout, Wire.Reply r) {
      if (Double.isNaN(timeout)) {
        return;
      }
      long nanos = ThreadSide.toNanos(timeout);
      w.timer =
          timers()
              .schedule(
                  () -> {
                    synchronized (this) {
                      if (list.remove(w)) {
                        w.timer = null;
                        w.sink.reply(r);
                        afterDrop();
                      }
                    }
                  },
                  nanos,
                  TimeUnit.NANOSECONDS);
    }
  }

  private static final class SharedQueue extends Shared {
    private final int maxsize;
    private final ArrayDeque<byte[]> items = new ArrayDeque<>();
    private final ArrayDeque<Waiter> getters = new ArrayDeque<>();
    private final ArrayDeque<Waiter> putters = new ArrayDeque<>();
    private final ArrayDeque<Waiter> joiners = new ArrayDeque<>();
    private long unfinished;

    SharedQueue(int maxsize) {
      this.maxsize = maxsize;
    }

    @Override
    List<ArrayDeque<Waiter>> waiterLists() {
      return List.of(getters, putters, joiners);
    }

    private boolean room() {
      return maxsize <= 0 || items.size() < maxsize;
    }

    @Override
    synchronized void handle(Waiter w, Wire.Request r) {
      boolean mayWait = r.block() && (Double.isNaN(r.timeout()) || r.timeout() > 0);
      switch (r.op()) {
        case Wire.OP_PUT -> {
          if (putters.isEmpty() && room()) {
            items.addLast(r.item());
            unfinished++;
            w.sink.reply(new Wire.Reply(Wire.OK, 0, NONE));
            serve();
          } else if (!mayWait) {
            w.sink.reply(new Wire.Reply(Wire.FULL, 0, NONE));
          } else {
            w.item = r.item();
            putters.addLast(w);
            arm(w, putters, r.timeout(), new Wire.Reply(Wire.FULL, 0, NONE));
          }
        }
        case Wire.OP_GET -> {
          if (getters.isEmpty() && !items.isEmpty()) {
            byte[] item = items.pollFirst();
            if (!w.sink.reply(new Wire.Reply(Wire.OK, 0, item))) {
              items.addFirst(item);
            }
            serve();
          } else if (!mayWait) {
            w.sink.reply(new Wire.Reply(Wire.EMPTY, 0, NONE));
          } else {
            getters.addLast(w);
            arm(w, getters, r.timeout(), new Wire.Reply(Wire.EMPTY, 0, NONE));
          }
        }
        case Wire.OP_QSIZE -> w.sink.reply(new Wire.Reply(Wire.OK, items.size(), NONE));
        case Wire.OP_TASK_DONE -> {
          if (unfinished <= 0) {
            w.sink.reply(new Wire.Reply(Wire.TOO_MANY_DONE, 0, NONE));
          } else {
            unfinished--;
            w.sink.reply(new Wire.Reply(Wire.OK, 0, NONE));
            if (unfinished == 0) {
              for (Waiter j; (j = joiners.pollFirst()) != null; ) {
                j.sink.reply(new Wire.Reply(Wire.OK, 1, NONE));
              }
            }
          }
        }
        case Wire.OP_JOIN -> {
          if (unfinished == 0) {
            w.sink.reply(new Wire.Reply(Wire.OK, 1, NONE));
          } else if (!mayWait) {
            w.sink.reply(new Wire.Reply(Wire.OK, 0, NONE));
          } else {
            joiners.addLast(w);
            arm(w, joiners, r.timeout(), new Wire.Reply(Wire.OK, 0, NONE));
          }
        }
        default -> w.sink.reply(new Wire.Reply(Wire.NO_OBJECT, 0, NONE));
      }
    }

    @Override
    void afterDrop() {
      serve();
    }

    /** Admits waiting putters while there is room, and hands items to waiting getters, FIFO. */
    private void serve() {
      boolean progress = true;
      while (progress) {
        progress = false;
        while (!putters.isEmpty() && room()) {
          Waiter p = putters.pollFirst();
          stopTimer(p);
          items.addLast(p.item);
          unfinished++;
          p.item = null;
          p.sink.reply(new Wire.Reply(Wire.OK, 0, NONE));
          progress = true;
        }
        while (!getters.isEmpty() && !items.isEmpty()) {
          Waiter g = getters.pollFirst();
          stopTimer(g);
          byte[] item = items.pollFirst();
          if (!g.sink.reply(new Wire.Reply(Wire.OK, 0, item))) {
            items.addFirst(item);
          }
          progress = true;
        }
      }
    }
  }

  private static final class SharedEvent extends Shared {
    private boolean flag;
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

    @Override
    List<ArrayDeque<Waiter>> waiterLists() {
      return List.of(waiters);
    }

    @Override
    synchronized void handle(Waiter w, Wire.Request r) {
      switch (r.op()) {
        case Wire.OP_SET -> {
          flag = true;
          List<Waiter> all = new ArrayList<>(waiters);
          waiters.clear();
          for (Waiter x : all) {
            stopTimer(x);
            x.sink.reply(new Wire.Reply(Wire.OK, 1, NONE));
          }
          w.sink.reply(new Wire.Reply(Wire.OK, 1, NONE));
        }
        case Wire.OP_CLEAR -> {
          flag = false;
          w.sink.reply(new Wire.Reply(Wire.OK, 0, NONE));
        }
        case Wire.OP_IS_SET -> w.sink.reply(new Wire.Reply(Wire.OK, flag ? 1 : 0, NONE));
        case Wire.OP_WAIT -> {
          if (flag) {
            w.sink.reply(new Wire.Reply(Wire.OK, 1, NONE));
          } else if (!Double.isNaN(r.timeout()) && r.timeout() <= 0) {
            w.sink.reply(new Wire.Reply(Wire.OK, 0, NONE));
          } else {
            waiters.addLast(w);
            arm(w, waiters, r.timeout(), new Wire.Reply(Wire.OK, 0, NONE));
          }
        }
        default -> w.sink.reply(new Wire.Reply(Wire.NO_OBJECT, 0, NONE));
      }
    }
  }
}
