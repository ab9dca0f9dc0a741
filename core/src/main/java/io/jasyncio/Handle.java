package io.jasyncio;

/**
 * A callback scheduled on a loop by {@link EventLoop#callSoon}; cancel it and it never runs.
 *
 * <p>Loop-bound: cancel it on the loop's thread (a handle from {@link
 * EventLoop#callSoonThreadsafe} too: send the cancellation with another callSoonThreadsafe).
 *
 * {@snippet class=io.jasyncio.AsyncioSnippetsTest region=handle}
 */
public interface Handle {
  /** Keeps the callback from running; no effect if it already ran. */
  void cancel();

  boolean cancelled();
}
