package io.jasyncio.sched;

import java.util.Objects;

/**
 * One event of a {@link Scheduler}: Python's {@code sched.Event}. Events run in the order of {@code
 * time}, then {@code priority} (lower first), then {@code sequence} (the order in which they were
 * entered into their scheduler).
 *
 * <p>An immutable value, safe to share between threads. {@link Scheduler#cancel} removes exactly
 * the event it is given (the instance that {@code enter}/{@code enterabs} returned).
 *
 * {@snippet class=io.jasyncio.sched.SchedSnippetsTest region=event}
 *
 * @param time when the event is due, on the scheduler's clock
 * @param priority breaks ties between events due at the same time; lower runs first
 * @param sequence the scheduler-wide insertion number; breaks ties of time and priority
 * @param action what runs when the event is due
 */
public record ScheduledEvent(double time, int priority, long sequence, Runnable action) {
  public ScheduledEvent {
    if (Double.isNaN(time)) {
      throw new IllegalArgumentException("time must be a number, not NaN");
    }
    Objects.requireNonNull(action, "action");
  }
}
