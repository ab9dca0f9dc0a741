package io.jasyncio.sched;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.DoubleConsumer;
import java.util.function.DoubleSupplier;

/**
 * A general-purpose event scheduler: Python's {@code sched.scheduler}. Events are entered with a
 * time (absolute with {@link #enterabs}, relative with {@link #enter}) and a priority, and {@link
 * #run} executes them in the order of time, then priority (lower first), then insertion.
 *
 * <p><b>Threads.</b> Every method may be called from any thread. {@link #run} runs the actions in
 * the calling thread, without holding the scheduler's lock, so actions may enter and cancel events
 * (also the event currently due). While {@code run(true)} waits for the next event in one thread,
 * others may {@link #enter} or {@link #cancel} events:
 *
 * <ul>
 *   <li>with the built-in clock ({@link #Scheduler()} or {@link #Scheduler(DoubleSupplier)}), the
 *       wait is a {@link Condition} wait that is woken as soon as the earliest event changes, so an
 *       event entered before the one being waited for runs on time;
 *   <li>with a custom {@code delayfunc} ({@link #Scheduler(DoubleSupplier, DoubleConsumer)}), the
 *       wait is a call to {@code delayfunc}, exactly as in Python: it cannot be woken, and an
 *       earlier event entered meanwhile runs once that call returns.
 * </ul>
 *
 * <p><b>Failures.</b> An event is removed from the queue before its action runs. An action that
 * throws ends {@code run} with that exception, unchanged; the other events stay queued and run on
 * the next call of {@code run}.
 *
 * <p><b>Interruption.</b> A thread interrupted while {@code run(true)} waits on the built-in clock
 * leaves {@code run} with a {@link CancellationException}; its interrupt status stays set and the
 * queue is unchanged.
 *
 * {@snippet class=io.jasyncio.sched.SchedSnippetsTest region=scheduler}
 */
public final class Scheduler {
  private static final Comparator<ScheduledEvent> ORDER =
      Comparator.comparingDouble(ScheduledEvent::time)
          .thenComparingInt(ScheduledEvent::priority)
          .thenComparingLong(ScheduledEvent::sequence);

  private final DoubleSupplier timefunc;

  /** Null: wait on {@link #headChanged} (the built-in, wakeable delay). */
  private final DoubleConsumer delayfunc;

  private final ReentrantLock lock = new ReentrantLock();

  /** Signalled (under {@link #lock}) whenever the earliest event changes. */
  private final Condition headChanged = lock.newCondition();

  /** Guarded by {@link #lock}. */
  private final PriorityQueue<ScheduledEvent> queue = new PriorityQueue<>(ORDER);

  /** Guarded by {@link #lock}. */
  private long nextSequence;

  /** A scheduler on the monotonic clock, in seconds, that waits in real time (wakeable). */
  public Scheduler() {
    this(() -> System.nanoTime() / 1e9);
  }

  /**
   * A scheduler on {@code timefunc}, which must count seconds (it is waited on in real time), with
   * the wakeable built-in wait.
   */
  public Scheduler(DoubleSupplier timefunc) {
    this.timefunc = Objects.requireNonNull(timefunc, "timefunc");
    this.delayfunc = null;
  }

  /**
   * A scheduler on any clock: {@code timefunc} gives the current time, and {@code delayfunc} is
   * called to let that much time pass (with 0 after each action, to let other threads run), as in
   * Python. Both run in the thread that calls {@link #run}; {@code timefunc} is also called by
   * {@link #enter}.
   */
  public Scheduler(DoubleSupplier timefunc, DoubleConsumer delayfunc) {
    this.timefunc = Objects.requireNonNull(timefunc, "timefunc");
    this.delayfunc = Objects.requireNonNull(delayfunc, "delayfunc");
  }

  /** Schedules {@code action} at time {@code time} of this scheduler's clock. */
  public ScheduledEvent enterabs(double time, int priority, Runnable action) {
    if (Double.isNaN(time)) {
      throw new IllegalArgumentException("time must be a number, not NaN");
    }
    Objects.requireNonNull(action, "action");
    lock.lock();
    try {
      ScheduledEvent e = new ScheduledEvent(time, priority, nextSequence++, action);
      queue.add(e);
      if (queue.peek() == e) {
        headChanged.signalAll();
      }
      return e;
    } finally {
      lock.unlock();
    }
  }

  /** Schedules {@code action} {@code delay} seconds (clock units) from now. */
  public ScheduledEvent enter(double delay, int priority, Runnable action) {
    if (Double.isNaN(delay)) {
      throw new IllegalArgumentException("delay must be a number, not NaN");
    }
    return enterabs(timefunc.getAsDouble() + delay, priority, action);
  }

  /**
   * Removes exactly {@code e} (the instance {@code enter}/{@code enterabs} returned) from the
   * queue; {@link IllegalArgumentException} if it is not queued (already run, already cancelled, or
   * from another scheduler).
   */
  public void cancel(ScheduledEvent e) {
    Objects.requireNonNull(e, "event");
    lock.lock();
    try {
      boolean wasHead = queue.peek() == e;
      if (!queue.removeIf(x -> x == e)) {
        throw new IllegalArgumentException("event is not in the queue: " + e);
      }
      if (wasHead) {
        headChanged.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** True if no event is queued. */
  public boolean empty() {
    lock.lock();
    try {
      return queue.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  /** A snapshot of the queued events, in the order they will run. */
  public List<ScheduledEvent> queue() {
    lock.lock();
    try {
      List<ScheduledEvent> list = new ArrayList<>(queue);
      list.sort(ORDER);
      return List.copyOf(list);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs the events that are due, in order. With {@code blocking}, waits for each next event until
   * the queue is empty, then returns null. Without, runs only what is due now and returns the delay
   * until the next event, or null if the queue is empty.
   */
  public Double run(boolean blocking) {
    while (true) {
      ScheduledEvent due;
      double delay;
      lock.lock();
      try {
        ScheduledEvent head = queue.peek();
        if (head == null) {
          return null;
        }
        double now = timefunc.getAsDouble();
        if (head.time() > now) {
          delay = head.time() - now;
          if (!blocking) {
            return delay;
          }
          if (delayfunc == null) {
            awaitHeadChange(delay);
            continue;
          }
          due = null;
        } else {
          queue.poll();
          due = head;
          delay = 0;
        }
      } finally {
        lock.unlock();
      }
      if (due == null) {
        delayfunc.accept(delay);
      } else {
        due.action().run();
        if (delayfunc != null) {
          delayfunc.accept(0);
        } else {
          Thread.yield();
        }
      }
    }
  }

  /** Same as {@code run(true)}. */
  public void run() {
    run(true);
  }

  /** Waits (lock held) up to {@code seconds}, or until the earliest event changes. */
  private void awaitHeadChange(double seconds) {
    double nanos = seconds * 1e9;
    long n = nanos >= Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(1, (long) Math.ceil(nanos));
    try {
      headChanged.awaitNanos(n);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      CancellationException ce =
          new CancellationException("interrupted while run() waited for the next event");
      ce.initCause(e);
      throw ce;
    }
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "Scheduler[" + queue.size() + " events]";
    } finally {
      lock.unlock();
    }
  }
}
