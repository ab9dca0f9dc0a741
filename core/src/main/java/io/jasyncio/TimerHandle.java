package io.jasyncio;

/**
 * A callback scheduled for a time by {@link EventLoop#callLater} or {@link EventLoop#callAt}.
 * Timers run by deadline; equal deadlines run in the order they were scheduled. Loop-bound, like
 * {@link Handle}.
 *
 * {@snippet class=io.jasyncio.AsyncioSnippetsTest region=timerHandle}
 */
public interface TimerHandle extends Handle {
  /** When the callback is due, in {@link EventLoop#time()} seconds. */
  double when();
}
