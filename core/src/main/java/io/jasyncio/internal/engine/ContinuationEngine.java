package io.jasyncio.internal.engine;

import io.jasyncio.internal.util.Sneaky;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The fast engine: each fiber is a {@code jdk.internal.vm.Continuation}.
 *
 * <p>The class is reached through method handles resolved once, so compiling needs no flag; the
 * JVM must run with {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED} (on the module
 * path: {@code =io.jasyncio}). Task fibers and generator fibers use two continuation scopes, so a task suspension issued inside a generator
 * unmounts the generator's continuation together with the task's.
 *
 * <p>Which fiber runs on a thread is kept in a per-thread {@link Carrier}; a fiber may be resumed
 * by a different thread each time (never by two at once).
 */
final class ContinuationEngine implements Engine {
  private static final MethodHandle NEW_CONTINUATION;
  private static final MethodHandle RUN;
  private static final MethodHandle YIELD;
  private static final MethodHandle IS_DONE;
  private static final MethodHandle STACK_TRACE;
  private static final Object TASK_SCOPE;
  private static final Object GENERATOR_SCOPE;
  private static final Throwable UNAVAILABLE;

  static {
    MethodHandle ctor = null, run = null, yield = null, isDone = null, stack = null;
    Object taskScope = null, generatorScope = null;
    Throwable failure = null;
    try {
      Class<?> contClass = Class.forName("jdk.internal.vm.Continuation");
      Class<?> scopeClass = Class.forName("jdk.internal.vm.ContinuationScope");
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      MethodHandle newScope =
          lookup.findConstructor(scopeClass, MethodType.methodType(void.class, String.class));
      taskScope = newScope.invoke("jasyncio-task");
      generatorScope = newScope.invoke("jasyncio-generator");
      ctor =
          lookup
              .findConstructor(
                  contClass, MethodType.methodType(void.class, scopeClass, Runnable.class))
              .asType(MethodType.methodType(Object.class, Object.class, Runnable.class));
      run =
          lookup
              .findVirtual(contClass, "run", MethodType.methodType(void.class))
              .asType(MethodType.methodType(void.class, Object.class));
      yield =
          lookup
              .findStatic(
                  contClass, "yield", MethodType.methodType(boolean.class, scopeClass))
              .asType(MethodType.methodType(boolean.class, Object.class));
      isDone =
          lookup
              .findVirtual(contClass, "isDone", MethodType.methodType(boolean.class))
              .asType(MethodType.methodType(boolean.class, Object.class));
      stack =
          lookup
              .findVirtual(
                  contClass, "getStackTrace", MethodType.methodType(StackTraceElement[].class))
              .asType(MethodType.methodType(StackTraceElement[].class, Object.class));
      // A first round trip proves the VM lets us mount continuations here.
      Object probe = ctor.invokeExact(taskScope, (Runnable) () -> {});
      run.invokeExact(probe);
    } catch (Throwable t) {
      failure = t;
    }
    NEW_CONTINUATION = ctor;
    RUN = run;
    YIELD = yield;
    IS_DONE = isDone;
    STACK_TRACE = stack;
    TASK_SCOPE = taskScope;
    GENERATOR_SCOPE = generatorScope;
    UNAVAILABLE = failure;
  }

  /** Null when the engine can be used, else why not (typically the missing export). */
  static Throwable unavailability() {
    return UNAVAILABLE;
  }

  /** Which fiber runs on a thread now. */
  private static final class Carrier {
    final Thread thread = Thread.currentThread();
    Fiber current;
  }

  private static final ThreadLocal<Carrier> CARRIER = ThreadLocal.withInitial(Carrier::new);

  @Override
  public Fiber create(Fiber.Kind kind, Object owner, Runnable body) {
    return new ContinuationFiber(kind, owner, body);
  }

  @Override
  public Fiber current() {
    return CARRIER.get().current;
  }

  @Override
  public void suspend(Fiber target) {
    // A task fiber is outermost on its thread and mounted by its own latest resume(), so its
    // carrier is at hand without a thread-local lookup. A generator fiber may have been carried
    // to another thread inside its task since it was resumed: look it up.
    Carrier carrier = target.kind() == Fiber.Kind.TASK ? ((ContinuationFiber) target).carrier : null;
    if (carrier == null || carrier.thread != Thread.currentThread()) {
      carrier = CARRIER.get();
    }
    Fiber running = carrier.current;
    Fiber.checkRunningChain(running, target);
    target.innermost = running == target ? null : running;
    boolean yielded;
    try {
      yielded = (boolean) YIELD.invokeExact(scopeOf(target));
    } catch (IllegalStateException e) {
      target.innermost = null;
      throw new IllegalStateException(
          "cannot suspend here: the coroutine's stack is pinned ("
              + e.getMessage()
              + "); a suspending call must not run inside a native frame or a class initializer",
          e);
    } catch (Throwable t) {
      throw Sneaky.rethrow(t);
    }
    if (!yielded) {
      target.innermost = null;
      throw new IllegalStateException("cannot suspend here: the coroutine's stack is pinned");
    }
  }

  @Override
  public String name() {
    return "continuation";
  }

  /** Task fibers and generator fibers have a continuation scope each. */
  private static Object scopeOf(Fiber f) {
    return f.kind() == Fiber.Kind.TASK ? TASK_SCOPE : GENERATOR_SCOPE;
  }

  private static final class ContinuationFiber extends Fiber {
    private final Object continuation;
    /** The carrier of the thread that last resumed this fiber; null until it first runs. */
    private Carrier carrier;

    ContinuationFiber(Kind kind, Object owner, Runnable body) {
      super(kind, owner);
      try {
        this.continuation = (Object) NEW_CONTINUATION.invokeExact(scopeOf(this), body);
      } catch (Throwable t) {
        throw Sneaky.rethrow(t);
      }
    }

    @Override
    public void resume() {
      // A finished fiber is refused by the continuation itself; the message is made the same as
      // the virtual-thread engine's below, off the hot path.
      Carrier carrier = CARRIER.get();
      this.carrier = carrier;
      Fiber previous = carrier.current;
      parent = previous;
      Fiber inner = innermost;
      innermost = null;
      carrier.current = inner != null ? inner : this;
      try {
        RUN.invokeExact(continuation);
      } catch (IllegalStateException e) {
        if ("Continuation terminated".equals(e.getMessage()) && isDone()) {
          throw new IllegalStateException("fiber has finished", e);
        }
        throw e;
      } catch (Throwable t) {
        throw Sneaky.rethrow(t);
      } finally {
        // A nested fiber may come back on another thread (its task moved meanwhile).
        (carrier.thread == Thread.currentThread() ? carrier : CARRIER.get()).current = previous;
      }
    }

    @Override
    public boolean isDone() {
      try {
        return (boolean) IS_DONE.invokeExact(continuation);
      } catch (Throwable t) {
        throw Sneaky.rethrow(t);
      }
    }

    @Override
    public boolean isStarted() {
      return carrier != null;
    }

    @Override
    public StackTraceElement[] stackTrace() {
      if (carrier == null || isDone() || CARRIER.get().current == this) {
        return new StackTraceElement[0];
      }
      try {
        // A continuation's trace runs from where it yielded (inside nested fibers, when the
        // suspension came from one) down to its entry: the nested frames are included.
        return (StackTraceElement[]) STACK_TRACE.invokeExact(continuation);
      } catch (IllegalStateException mounted) {
        return new StackTraceElement[0];
      } catch (Throwable t) {
        throw Sneaky.rethrow(t);
      }
    }

    @Override
    public String toString() {
      return "ContinuationFiber[" + kind() + ", started=" + (carrier != null) + "]";
    }
  }
}
