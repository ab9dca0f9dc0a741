package io.jasyncio.internal.engine;

/**
 * One coroutine's execution state, as an engine sees it.
 *
 * <p>A fiber is resumed by some thread (its <em>resumer</em>), runs until it suspends or its
 * body ends, and control then returns to the resumer. Fibers form a dynamic chain: {@link
 * #parent()} is the fiber that was running on the resuming thread when this one was last
 * resumed (null when it was resumed from plain code). Not thread-safe: one thread at a time
 * resumes a fiber, and the engine gives happens-before between hand-offs.
 */
public abstract class Fiber {
  /** What the fiber is; suspending a {@link Kind#TASK} fiber passes through generator fibers. */
  public enum Kind {
    TASK,
    GENERATOR
  }

  /** The kind, as a flag: a parked fiber is one of a million, so it stays small. */
  private final boolean task;
  /** The object this fiber runs for (a Task or a Generator). */
  private final Object owner;

  Fiber parent;
  /** While suspended from inside a nested fiber: that innermost fiber, which continues first. */
  Fiber innermost;

  Fiber(Kind kind, Object owner) {
    this.task = kind == Kind.TASK;
    this.owner = owner;
  }

  public final Kind kind() {
    return task ? Kind.TASK : Kind.GENERATOR;
  }

  public final Object owner() {
    return owner;
  }

  /** The fiber that resumed this one, or null. Meaningful while this fiber runs. */
  public final Fiber parent() {
    return parent;
  }

  /**
   * Runs the fiber until it suspends or its body returns. An exception thrown by the body ends the
   * fiber and propagates out of this call, unchanged.
   *
   * @throws IllegalStateException if the fiber has finished
   */
  public abstract void resume();

  /** True once the body has returned, normally or by an exception. */
  public abstract boolean isDone();

  /** True once the fiber has been resumed at least once. */
  public abstract boolean isStarted();

  /**
   * {@link IllegalStateException} unless {@code target} is {@code running} or one of its parents,
   * with no fiber of the same kind in between (a suspension belongs to the innermost fiber of its
   * kind: a generator's yield to its own generator, a task's await to its task).
   */
  static void checkRunningChain(Fiber running, Fiber target) {
    for (Fiber f = running; f != null; f = f.parent) {
      if (f == target) {
        return;
      }
      if (f.task == target.task) {
        throw new IllegalStateException(
            "cannot suspend " + target + " from inside " + f + ", a nested fiber of the same kind");
      }
    }
    throw new IllegalStateException("cannot suspend " + target + ": it is not running on this thread");
  }

  /** Where the suspended fiber waits now (innermost frame first); empty when not suspended. */
  public abstract StackTraceElement[] stackTrace();
}
