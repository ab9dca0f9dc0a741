package io.jasyncio.internal.engine;

import java.util.concurrent.locks.LockSupport;

/**
 * The portable engine: each fiber's body runs on its own virtual thread, and a baton passes
 * between threads so that exactly one of the threads taking part runs at a time.
 *
 * <p>Hand-off: the giver sets the receiver's {@code go} flag (a volatile write), unparks it, and
 * parks until its own flag is set. Everything a thread wrote before giving the baton is visible
 * to the thread that receives it (happens-before through the volatile flag).
 *
 * <p>A fiber that is abandoned while suspended keeps its parked virtual thread; run loops to
 * completion (as {@code Asyncio.run} does) so that no fiber is left suspended.
 */
final class VirtualThreadEngine implements Engine {
  /** A thread that takes part in hand-offs, with its wake-up flag. */
  private static final class Baton {
    final Thread thread;
    volatile boolean go;

    Baton(Thread thread) {
      this.thread = thread;
    }
  }

  private static final ThreadLocal<Baton> BATON =
      ThreadLocal.withInitial(() -> new Baton(Thread.currentThread()));
  /** The fiber whose body runs on this thread (null on threads that only resume fibers). */
  private static final ThreadLocal<VirtualFiber> OWN = new ThreadLocal<>();

  private static final Thread.Builder THREADS = Thread.ofVirtual().name("jasyncio-fiber-", 1);

  @Override
  public Fiber create(Fiber.Kind kind, Object owner, Runnable body) {
    return new VirtualFiber(kind, owner, body);
  }

  @Override
  public Fiber current() {
    return OWN.get();
  }

  @Override
  public void suspend(Fiber target) {
    VirtualFiber fiber = (VirtualFiber) target;
    Baton me = BATON.get();
    if (fiber.resumer == null) {
      throw new IllegalStateException("cannot suspend a fiber that is not running");
    }
    fiber.continueAt = OWN.get() == fiber ? null : me;
    Baton back = fiber.resumer;
    fiber.resumer = null;
    handOff(me, back);
  }

  @Override
  public String name() {
    return "virtual";
  }

  private static void handOff(Baton me, Baton to) {
    to.go = true;
    LockSupport.unpark(to.thread);
    awaitBaton(me);
  }

  private static void awaitBaton(Baton me) {
    while (!me.go) {
      LockSupport.park(me);
    }
    me.go = false;
  }

  private static final class VirtualFiber extends Fiber {
    private final Runnable body;
    private Baton own;
    /** The thread to hand back to when this fiber suspends or ends. */
    private Baton resumer;
    /** Where to continue on resume when this fiber was suspended from inside a nested one. */
    private Baton continueAt;
    private volatile boolean done;
    private boolean started;

    VirtualFiber(Kind kind, Object owner, Runnable body) {
      super(kind, owner);
      this.body = body;
    }

    @Override
    public void resume() {
      if (done) {
        throw new IllegalStateException("fiber has finished");
      }
      Baton me = BATON.get();
      parent = OWN.get();
      resumer = me;
      Fiber inner = innermost;
      innermost = null;
      if (!started) {
        started = true;
        Thread thread = THREADS.unstarted(this::runBody);
        own = new Baton(thread);
        own.go = true;
        thread.start();
        awaitBaton(me);
        return;
      }
      Baton target = continueAt != null ? continueAt : own;
      continueAt = null;
      assert inner == null || target != own;
      handOff(me, target);
    }

    private void runBody() {
      BATON.set(own);
      OWN.set(this);
      awaitBaton(own);
      try {
        body.run();
      } finally {
        done = true;
        Baton back = resumer;
        resumer = null;
        back.go = true;
        LockSupport.unpark(back.thread);
      }
    }

    @Override
    public boolean isDone() {
      return done;
    }

    @Override
    public boolean isStarted() {
      return started;
    }

    @Override
    public StackTraceElement[] stackTrace() {
      if (!started || done || resumer != null) {
        return new StackTraceElement[0];
      }
      Baton where = continueAt != null ? continueAt : own;
      return where.thread.getStackTrace();
    }

    @Override
    public String toString() {
      return "VirtualFiber[" + kind + ", started=" + started + ", done=" + done + "]";
    }
  }
}
