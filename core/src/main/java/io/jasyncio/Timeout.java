package io.jasyncio;

import io.jasyncio.internal.util.Sneaky;
import java.util.Objects;

/**
 * A deadline around a block of code: asyncio's {@code Timeout} ({@code asyncio.timeout()} and
 * {@code asyncio.timeout_at()}).
 *
 * <p>When the deadline passes while the block runs, the task running it is {@linkplain
 * Task#cancel() cancelled}: the block sees a {@link CancelledError} at its suspension point. When
 * that cancellation leaves the block, the timeout takes it back ({@link Task#uncancel()}) and
 * throws a {@link TimeoutError} whose cause is that {@link CancelledError}. The task itself is not
 * left cancelled: it may catch the {@link TimeoutError} and go on awaiting. A cancellation that
 * came from elsewhere (the task's cancel count is still above what it was on entry) passes through
 * unchanged, so of two nested timeouts with the same deadline only the outermost raises {@link
 * TimeoutError}.
 *
 * <p>States: created → active (running the block) → expiring (deadline passed, cancellation on its
 * way) → expired, or created → active → finished. {@link #reschedule} works only while active.
 *
 * <p>Loop-bound: use it only from the task that runs the block.
 *
 * {@snippet class=io.jasyncio.AsyncioSnippetsTest region=timeout}
 */
public final class Timeout {
  /** The body of a timeout block; it gets the {@link Timeout} to read or move the deadline. */
  @FunctionalInterface
  public interface Body<T> {
    T run(Timeout t) throws Exception;
  }

  private enum State {
    CREATED("created"),
    ENTERED("active"),
    EXPIRING("expiring"),
    EXPIRED("expired"),
    EXITED("finished");

    final String text;

    State(String text) {
      this.text = text;
    }
  }

  private State state = State.CREATED;
  private Double when;
  private Task<?> task;

  /** The task's cancel count on entry: a higher count on exit is someone else's request. */
  private int cancellingOnEntry;

  private Handle handler;

  private Timeout(Double when) {
    this.when = when;
  }

  /**
   * A timeout, not yet entered, with a deadline of {@code whenOrNull} in {@link EventLoop#time()}
   * seconds; null for none (asyncio.timeout_at). Any thread may create one.
   */
  public static Timeout at(Double whenOrNull) {
    checkNumber(whenOrNull, "when");
    return new Timeout(whenOrNull);
  }

  /**
   * A timeout, not yet entered, whose deadline is {@code delayOrNull} seconds from now on the
   * running loop; null for none (asyncio.timeout). Needs a running loop.
   */
  public static Timeout after(Double delayOrNull) {
    checkNumber(delayOrNull, "delay");
    SelectorEventLoop loop = Asyncio.runningLoopOrNull();
    if (loop == null) {
      throw new IllegalStateException("Timeout.after() needs a running event loop");
    }
    return new Timeout(delayOrNull == null ? null : loop.time() + delayOrNull);
  }

  /** The deadline in {@link EventLoop#time()} seconds, or null if there is none. */
  public Double when() {
    return when;
  }

  /**
   * Moves the deadline to {@code whenOrNull} (null: none). Only while the block runs: otherwise
   * {@link IllegalStateException} ("has not been entered", or "Cannot change state of
   * finished/expiring/expired Timeout"). A deadline already past fires in the next iteration.
   */
  public void reschedule(Double whenOrNull) {
    checkNumber(whenOrNull, "when");
    if (state != State.ENTERED) {
      if (state == State.CREATED) {
        throw new IllegalStateException("Timeout has not been entered");
      }
      throw new IllegalStateException("Cannot change state of " + state.text + " Timeout");
    }
    when = whenOrNull;
    if (handler != null) {
      handler.cancel();
      handler = null;
    }
    if (whenOrNull != null) {
      SelectorEventLoop loop = task.loop;
      handler =
          whenOrNull <= loop.time()
              ? loop.callSoon(this::onTimeout)
              : loop.callAt(whenOrNull, this::onTimeout);
    }
  }

  /** Whether the deadline passed while the block ran (true from then on). */
  public boolean expired() {
    return state == State.EXPIRING || state == State.EXPIRED;
  }

  /**
   * Suspends: runs {@code body} under this deadline in the current task and returns its result. At
   * the deadline the body is cancelled and this throws {@link TimeoutError}; any other exception
   * passes through unchanged. A timeout can be entered once: a second call throws {@link
   * IllegalStateException} "Timeout has already been entered".
   */
  public <T> T run(Body<T> body) {
    Objects.requireNonNull(body, "body");
    Task<?> current = Task.require("timeout");
    if (state != State.CREATED) {
      throw new IllegalStateException("Timeout has already been entered");
    }
    state = State.ENTERED;
    task = current;
    cancellingOnEntry = current.cancelling();
    reschedule(when);
    T result;
    try {
      result = body.run(this);
    } catch (Throwable t) {
      throw Sneaky.rethrow(exit(t));
    }
    exit(null);
    return result;
  }

  /** Leaves the block; returns what the block should throw (null when it returned). */
  private Throwable exit(Throwable thrown) {
    if (handler != null) {
      handler.cancel();
      handler = null;
    }
    if (state == State.EXPIRING) {
      state = State.EXPIRED;
      // Take back our own cancellation; if no other request is pending, this one was ours.
      if (task.uncancel() <= cancellingOnEntry && thrown instanceof CancelledError ce) {
        return new TimeoutError("timed out", ce);
      }
    } else if (state == State.ENTERED) {
      state = State.EXITED;
    }
    return thrown;
  }

  private void onTimeout() {
    handler = null;
    if (state != State.ENTERED) {
      return;
    }
    task.cancel();
    state = State.EXPIRING;
  }

  private static void checkNumber(Double d, String name) {
    if (d != null && d.isNaN()) {
      throw new IllegalArgumentException(name + " must be a number of seconds or null, not NaN");
    }
  }

  @Override
  public String toString() {
    return "Timeout[" + state.text + (when == null ? "" : ", when=" + when) + "]";
  }

  // ---- the Asyncio entry points ---------------------------------------------------------------

  static <T> T timeout(double seconds, Coroutine<T> body) {
    Objects.requireNonNull(body, "body");
    Task.require("timeout");
    return after(seconds).run(t -> body.run());
  }

  static <T> T timeout(Double delayOrNull, Body<T> body) {
    Objects.requireNonNull(body, "body");
    Task.require("timeout");
    return after(delayOrNull).run(body);
  }

  static <T> T timeoutAt(Double whenOrNull, Body<T> body) {
    Objects.requireNonNull(body, "body");
    Task.require("timeoutAt");
    return at(whenOrNull).run(body);
  }
}
