package io.jasyncio.internal.io;

import io.jasyncio.EventLoop;
import io.jasyncio.internal.util.Coroutines;
import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;

/**
 * What the I/O packages need from the event loop beyond its public API: channel registration
 * with the loop's selector, and the accounting of work done in other threads.
 *
 * <p>Every method is loop-bound: call it on the loop's thread only. I/O code reaches it through
 * {@link #require(String)} (suspending methods) or {@link #of(EventLoop)}, the one place that
 * turns an event loop into its I/O side. Non-sealed only because {@link EventLoop} is sealed and
 * this package is not exported: nothing outside the module can implement it.
 */
public non-sealed interface IoLoop extends EventLoop {
  /**
   * The running task's loop, seen from the I/O side; {@link IllegalStateException} naming {@code
   * method} when not called from a coroutine.
   */
  static IoLoop require(String method) {
    return of(Coroutines.require(method).getLoop());
  }

  /** The I/O side of {@code loop}. */
  static IoLoop of(EventLoop loop) {
    if (loop instanceof IoLoop io) {
      return io;
    }
    throw new IllegalArgumentException("not a jasyncio event loop: " + loop);
  }

  /** Work that I/O readiness triggers; runs on the loop thread, queued with the ready callbacks. */
  @FunctionalInterface
  interface Handler {
    void ready(SelectionKey key);
  }

  /**
   * Puts {@code channel} in non-blocking mode and registers it with the loop's selector for
   * {@code ops}; {@code handler} runs on the loop when the channel is ready. Change the interest
   * set through the returned key; cancel the key (and close the channel) to unregister.
   */
  SelectionKey registerChannel(SelectableChannel channel, int ops, Handler handler)
      throws IOException;

  /**
   * Marks that work in another thread will report back through {@link #callSoonThreadsafe}: a
   * virtual clock does not jump while it runs. Pair each call with one {@link #endExternal()}.
   */
  void beginExternal();

  /** Ends what {@link #beginExternal()} began; call it on the loop thread. */
  void endExternal();

  /**
   * From any thread: as {@link #callSoonThreadsafe}, but a closed loop is no error. Returns false
   * when the loop is closed (nobody can observe its futures any more, so outside work reporting
   * back has nothing left to do), true when {@code callback} was queued.
   */
  boolean trySoonThreadsafe(Runnable callback);

  /**
   * Runs {@code hook} when the loop closes, before it closes the channels still registered (in
   * the order added): a transport reports there what it still held. Loop-bound.
   */
  void addCloseHook(Runnable hook);

  /** Takes back what {@link #addCloseHook} added (a transport that closed on its own). */
  void removeCloseHook(Runnable hook);
}
