package io.jasyncio.locks;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.internal.util.LoopBinding;
import java.util.ArrayDeque;

/**
 * A flag that tasks can wait for: asyncio's {@code Event}. {@link #set()} wakes every waiting task
 * at once; tasks that call {@link #await()} while the flag is set do not suspend at all. A waiter
 * woken by {@code set()} returns even when the flag was cleared again before it ran.
 *
 * <p><b>Threads.</b> Loop-bound and not thread-safe: call it only on the thread of the loop it is
 * bound to (the loop of the first coroutine that awaits it). To set it from another thread, use
 * {@code loop.callSoonThreadsafe(event::set)}. For threads alone, use {@link
 * java.util.concurrent.CountDownLatch} or a {@link java.util.concurrent.CompletableFuture}.
 *
 * {@snippet class=io.jasyncio.locks.LocksSnippetsTest region=event}
 */
public final class Event {
  private final ArrayDeque<Future<Boolean>> waiters = new ArrayDeque<>();
  private boolean value;
  private EventLoop loop;

  /** A cleared event, not yet bound to a loop. */
  public Event() {}

  /** True while the flag is set. */
  public boolean isSet() {
    return value;
  }

  /** Sets the flag and wakes every waiting task (in the order they started waiting). */
  public void set() {
    LoopBinding.checkThread(loop, this, "set");
    if (!value) {
      value = true;
      for (Future<Boolean> fut : waiters) {
        if (!fut.done()) {
          fut.setResult(true);
        }
      }
    }
  }

  /** Clears the flag: later calls of {@link #await()} suspend until the next {@link #set()}. */
  public void clear() {
    LoopBinding.checkThread(loop, this, "clear");
    value = false;
  }

  /**
   * Returns at once if the flag is set; else suspends until {@link #set()} is called (Python's
   * {@code wait()}). A task cancelled while waiting leaves no trace.
   */
  public void await() {
    EventLoop l = LoopBinding.check(this, loop, "await");
    loop = l;
    if (value) {
      return;
    }
    Future<Boolean> fut = l.createFuture();
    waiters.addLast(fut);
    try {
      Asyncio.await(fut);
    } finally {
      waiters.remove(fut);
    }
  }

  /** State for diagnostics: {@code Event[unset, waiters=2]}. */
  @Override
  public String toString() {
    String s = value ? "set" : "unset";
    return "Event[" + s + (waiters.isEmpty() ? "" : ", waiters=" + waiters.size()) + "]";
  }
}
