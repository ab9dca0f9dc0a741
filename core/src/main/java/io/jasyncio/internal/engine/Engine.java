package io.jasyncio.internal.engine;

/**
 * How coroutines are created, resumed and suspended. One engine serves the whole JVM (see
 * {@link Engines#get()}).
 */
public interface Engine {
  /**
   * A new fiber that will run {@code body} when first resumed. An exception escaping the body
   * ends the fiber and is thrown by the {@link Fiber#resume()} call that was running it.
   */
  Fiber create(Fiber.Kind kind, Object owner, Runnable body);

  /** The innermost fiber running on the calling thread, or null in plain code. */
  Fiber current();

  /**
   * Suspends {@code target}, which must be the current fiber or one of its ancestors: control
   * returns to whoever resumed {@code target}. Returns when {@code target} is resumed again.
   *
   * @throws IllegalStateException if {@code target} is not running on this thread, if a fiber of
   *     the same kind runs inside it (that one's suspension comes first), or if the
   *     suspension is impossible here (the stack is pinned by a native frame on the
   *     continuation engine; a {@code synchronized} block does not pin on JDK 25)
   */
  void suspend(Fiber target);

  /** A short name for logs and diagnostics: "continuation" or "virtual". */
  String name();

  /**
   * Whether an event loop should run on a virtual thread: the virtual-thread engine hands the
   * baton between virtual threads several times faster than between a platform thread and a
   * virtual one (see docs/PERFORMANCE.md).
   */
  default boolean prefersVirtualLoopThread() {
    return false;
  }
}
