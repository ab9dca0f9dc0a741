package io.jasyncio;

/**
 * A callback scheduled on a loop by {@link EventLoop#callSoon}; cancel it and it never runs.
 *
 * {@snippet :
 * Handle h = loop.callSoon(() -> System.out.println("never printed"));
 * h.cancel();
 * }
 */
public interface Handle {
  /** Keeps the callback from running; no effect if it already ran. */
  void cancel();

  boolean cancelled();
}
