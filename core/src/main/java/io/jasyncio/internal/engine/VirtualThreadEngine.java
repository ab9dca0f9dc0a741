package io.jasyncio.internal.engine;

import io.jasyncio.internal.util.Sneaky;
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
    VirtualFiber running = OWN.get();
    Fiber.checkRunningChain(running, target);
    Baton me = BATON.get();
    if (running == fiber) {
      fiber.continueAt = null;
      fiber.innermost = null;
    } else {
      fiber.continueAt = me;
      fiber.innermost = running;
    }
    Baton back = fiber.resumer;
    fiber.resumer = null;
    handOff(me, back);
  }

  @Override
  public String name() {
    return "virtual";
  }

  @Override
  public boolean prefersVirtualLoopThread() {
    return true;
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
    /** What the body threw, handed to the resumer. */
    private Throwable failure;

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
      } else {
        Baton target = continueAt != null ? continueAt : own;
        continueAt = null;
        assert inner == null || target != own;
        handOff(me, target);
      }
      Throwable t = failure;
      if (t != null) {
        failure = null;
        throw Sneaky.rethrow(t);
      }
    }

    private void runBody() {
      BATON.set(own);
      OWN.set(this);
      awaitBaton(own);
      try {
        body.run();
      } catch (Throwable t) {
        failure = t;
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
      if (continueAt == null || !(innermost instanceof VirtualFiber inner)) {
        return own.thread.getStackTrace();
      }
      // Suspended from inside nested fibers: their threads' stacks, innermost first, then ours.
      java.util.ArrayList<StackTraceElement> all = new java.util.ArrayList<>();
      for (Fiber f = inner; f instanceof VirtualFiber v && v != this; f = f.parent) {
        all.addAll(java.util.List.of(v.own.thread.getStackTrace()));
      }
      all.addAll(java.util.List.of(own.thread.getStackTrace()));
      return all.toArray(new StackTraceElement[0]);
    }

    @Override
    public String toString() {
      return "VirtualFiber[" + kind() + ", started=" + started + ", done=" + done + "]";
    }
  }
}
