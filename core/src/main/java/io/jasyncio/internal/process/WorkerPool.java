package io.jasyncio.internal.process;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Worker JVMs and the dispatch of calls to them, shared by the process pool executor and the
 * multiprocessing pool.
 *
 * <p>Dispatch keeps at most two calls per worker: one running and one prefetched (Python's small
 * call queue). A call still in {@link #pending} can be cancelled; a sent one cannot. A worker runs
 * its calls in the order sent, so when it dies, the oldest call it has not answered is the one it
 * was running and the others never started.
 *
 * <p>When a worker dies unexpectedly: with {@code replaceDeadWorkers} (the Pool) only the call it
 * was running fails, the calls it held but had not started go back to the head of the line, and a
 * new worker takes its place; otherwise (the executor) the pool is broken: every pending and
 * running call fails, the other workers are stopped, and later submits are refused. A worker that
 * dies before it is ready (bad JVM options, a failing initializer) breaks the pool either way:
 * replacing it would fail the same way forever.
 *
 * <p>Workers are started all at once (their JVMs boot in parallel) on the first submit. Invariant
 * under {@link #lock}: a call is in {@code pending} (state PENDING) or in exactly one worker's
 * {@code inflight} (SENT), or done.
 *
 * <p><b>Threads.</b> No thread of its own dispatches: the thread that frees a worker's slot (the
 * connection's reader, on a result) or adds a call (the submitter) gives the worker its next call,
 * and the reader completes the call's future itself. A call is assigned under {@link #lock} and
 * its frames are queued in the worker's outbox in the same order as its {@code inflight} list; the
 * frames are written after the lock is released ({@link #flush}), so that no thread waits for the
 * lock while another is in a system call, and frames queued together (a shape, its call, a
 * prefetched call) leave in one write.
 */
public final class WorkerPool {
  /** How the owner presents failures (the public exception types live above this package). */
  public interface Presenter {
    /** An exception thrown by a task, as received from the worker. */
    Throwable remote(Throwable received);

    /** A task's exception that could not be serialized: its class name, message and stack. */
    Throwable unportable(String className, String message, String trace);

    /** The worker running a call died (only with replaceDeadWorkers). */
    Throwable workerLost(long pid, String howItEnded);

    /** The pool is broken: every pending and running call fails with this. */
    Throwable broken(String message, Throwable causeOrNull);
  }

  /** The settings of a pool. */
  public record Config(
      String namePrefix,
      int workers,
      int maxTasksPerChild,
      byte[] initializerOrNull,
      List<String> jvmOptions,
      boolean replaceDeadWorkers) {}

  private enum State { PENDING, SENT, DONE }

  /** One call: its encoded task and where its outcome goes. */
  public static final class Call {
    final long id;
    final byte[] payload;
    final long[] shapes;
    final CompletableFuture<Object> result;
    State state = State.PENDING;

    Call(long id, CallCodec.Encoded task, CompletableFuture<Object> result) {
      this.id = id;
      this.payload = task.bytes();
      this.shapes = task.shapes();
      this.result = result;
    }

    /** Where the outcome goes. */
    public CompletableFuture<Object> result() {
      return result;
    }
  }

  private static final AtomicLong WORKER_NUMBERS = new AtomicLong();

  private final Config config;
  private final Presenter presenter;
  private final Broker broker = Broker.get();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Call> pending = new ArrayDeque<>();
  private final List<Worker> workers = new ArrayList<>();
  private final AtomicLong callIds = new AtomicLong();
  private boolean started;
  private boolean shutdown;
  private boolean terminated;
  private Throwable broken;
  private Throwable initFailure;

  public WorkerPool(Config config, Presenter presenter) {
    this.config = config;
    this.presenter = presenter;
  }

  /**
   * Queues a call; its outcome completes {@code result}. Throws the pool's broken exception when it
   * is broken, {@link IllegalStateException} after shutdown.
   */
  public Call submit(CallCodec.Encoded task, CompletableFuture<Object> result) {
    List<Runnable> after = null;
    List<Worker> sent;
    Call c;
    lock.lock();
    try {
      if (broken != null) {
        throw sneaky(broken);
      }
      if (shutdown) {
        throw new IllegalStateException("the pool is shut down");
      }
      c = new Call(callIds.incrementAndGet(), task, result);
      pending.addLast(c);
      if (!started) {
        started = true;
        after = new ArrayList<>();
        for (int i = 0; i < config.workers(); i++) {
          startWorker(after);
        }
      }
      sent = dispatch();
    } finally {
      lock.unlock();
    }
    if (after != null) {
      after.forEach(Runnable::run);
    }
    flush(sent);
    return c;
  }

  /** Starts every worker now (a pool that starts its processes up front). */
  public void startAll() {
    List<Runnable> after = new ArrayList<>();
    lock.lock();
    try {
      if (!started && !shutdown) {
        started = true;
        for (int i = 0; i < config.workers(); i++) {
          startWorker(after);
        }
      }
    } finally {
      lock.unlock();
    }
    after.forEach(Runnable::run);
  }

  /** Cancels {@code c} if no worker has it yet; true when it was cancelled. */
  public boolean cancel(Call c) {
    lock.lock();
    try {
      if (c.state != State.PENDING) {
        return false;
      }
      c.state = State.DONE;
      pending.remove(c);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Whether the call is still waiting for a worker. */
  public boolean isPending(Call c) {
    lock.lock();
    try {
      return c.state == State.PENDING;
    } finally {
      lock.unlock();
    }
  }

  /**
   * No more submits; the workers leave once every queued call is done. With {@code cancelPending}
   * the calls not yet sent to a worker are cancelled first (their futures get a
   * CancellationException).
   */
  public List<Call> shutdown(boolean cancelPending) {
    List<Call> cancelled = new ArrayList<>();
    lock.lock();
    try {
      shutdown = true;
      if (cancelPending) {
        for (Call c; (c = pending.pollFirst()) != null; ) {
          if (c.state == State.PENDING) {
            c.state = State.DONE;
            cancelled.add(c);
          }
        }
      }
      retireIdle();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    for (Call c : cancelled) {
      c.result.completeExceptionally(new CancellationException("cancelled by shutdown"));
    }
    return cancelled;
  }

  /** Stops every worker at once; unfinished calls fail with CancellationException. */
  public void terminate() {
    List<Call> failed = new ArrayList<>();
    lock.lock();
    try {
      shutdown = true;
      terminated = true;
      drainAll(failed);
      for (Worker w : workers) {
        w.retiring = true;
        w.process.destroyForcibly();
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    for (Call c : failed) {
      c.result.completeExceptionally(new CancellationException("the pool was terminated"));
    }
  }

  /** Waits until every worker has exited (after shutdown or terminate); false on timeout. */
  public boolean awaitTermination(long nanos) throws InterruptedException {
    lock.lock();
    try {
      while (!(shutdown && workers.isEmpty())) {
        if (nanos <= 0) {
          return false;
        }
        nanos = changed.awaitNanos(nanos);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Whether shutdown or terminate was called. */
  public boolean isShutdown() {
    lock.lock();
    try {
      return shutdown;
    } finally {
      lock.unlock();
    }
  }

  /** Whether the pool is shut down and every worker has exited. */
  public boolean isTerminated() {
    lock.lock();
    try {
      return shutdown && workers.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  /** The exception a broken pool fails calls with, or null. */
  public Throwable broken() {
    lock.lock();
    try {
      return broken;
    } finally {
      lock.unlock();
    }
  }

  /** The pids of the live workers. */
  public List<Long> pids() {
    lock.lock();
    try {
      List<Long> out = new ArrayList<>();
      for (Worker w : workers) {
        out.add(w.process.pid());
      }
      return out;
    } finally {
      lock.unlock();
    }
  }

  // ---- workers ----

  private final class Worker implements Broker.Endpoint {
    final String name;
    byte[] key;
    Process process;
    volatile Connection conn;
    boolean ready;
    boolean retiring;
    boolean exited;
    int assigned;
    int completed;
    final ArrayDeque<Call> inflight = new ArrayDeque<>(2);
    /** The lambda shapes this worker was sent. */
    final java.util.Set<Long> shapes = new java.util.HashSet<>();
    final CompletableFuture<Void> eof = new CompletableFuture<>();
    /**
     * Frames of calls assigned to this worker and not yet written, in assignment order; guarded by
     * itself (added to under {@link #lock}, taken by {@link #flush} without it).
     */
    final ArrayDeque<Connection.Frame> outbox = new ArrayDeque<>();
    /** Held by the thread writing the outbox out, so that its frames leave in order. */
    final ReentrantLock sending = new ReentrantLock();

    /** The frames queued so far (emptied), or an empty list. */
    List<Connection.Frame> takeOutbox() {
      synchronized (outbox) {
        if (outbox.isEmpty()) {
          return List.of();
        }
        List<Connection.Frame> out = new ArrayList<>(outbox);
        outbox.clear();
        return out;
      }
    }

    boolean hasOutbox() {
      synchronized (outbox) {
        return !outbox.isEmpty();
      }
    }

    Worker(String name) {
      this.name = name;
    }

    @Override
    public void connected(Connection c, long pid) {
      lock.lock();
      try {
        if (exited || retiring) {
          c.close();
          return;
        }
        conn = c;
      } finally {
        lock.unlock();
      }
      byte[] init = config.initializerOrNull() == null ? new byte[0] : config.initializerOrNull();
      try {
        c.send(Wire.TARGET, 0, init);
      } catch (IOException e) {
        c.close();
      }
    }

    @Override
    public void frame(Connection.Frame f) {
      switch (f.type()) {
        case Wire.READY -> ready(this);
        case Wire.RESULT, Wire.ERROR, Wire.UNPORTABLE -> answered(this, f);
        case Wire.INIT_FAILED -> initFailed(f);
        default -> {
          // unknown frame: ignore
        }
      }
    }

    @Override
    public void closed() {
      eof.complete(null);
    }

    long pid() {
      return process.pid();
    }

    boolean canTake() {
      return ready
          && !retiring
          && !exited
          && inflight.size() < 2
          && (config.maxTasksPerChild() <= 0 || assigned < config.maxTasksPerChild());
    }

    /** Lets the worker go: closing its stdin ends it. Under the lock. */
    void retire() {
      if (!retiring) {
        retiring = true;
        try {
          process.getOutputStream().close();
        } catch (IOException ignored) {
          // it is ending anyway
        }
        if (conn != null) {
          conn.close();
        }
      }
    }
  }

  /** Starts one worker; under the lock. Failures to start break the pool after the lock. */
  private void startWorker(List<Runnable> after) {
    Worker w = new Worker(config.namePrefix() + "-" + WORKER_NUMBERS.incrementAndGet());
    w.key = broker.register(w);
    try {
      w.process = ChildJvm.start("worker", w.name, broker, w.key, config.jvmOptions());
    } catch (IOException e) {
      broker.unregister(w.key);
      after.add(() -> breakPool(presenter.broken("cannot start a worker JVM: " + e, e)));
      return;
    }
    workers.add(w);
    w.process
        .onExit()
        .thenRun(
            () -> {
              lock.lock();
              try {
                w.exited = true;
                if (w.conn == null) {
                  broker.unregister(w.key);
                  w.eof.complete(null);
                }
              } finally {
                lock.unlock();
              }
            })
        .thenCompose(x -> w.eof)
        .thenRun(() -> died(w));
  }

  private void ready(Worker w) {
    List<Worker> sent;
    lock.lock();
    try {
      w.ready = true;
      sent = dispatch();
    } finally {
      lock.unlock();
    }
    flush(sent);
  }

  /**
   * Hands pending calls to workers: idle workers first, then one prefetched call each. Under the
   * lock; the frames go to the workers' outboxes, and the workers given any are returned for
   * {@link #flush} to write after the lock is released.
   */
  private List<Worker> dispatch() {
    if (terminated || broken != null) {
      return List.of();
    }
    if (pending.isEmpty()) {
      if (shutdown) {
        retireIdle();
      }
      return List.of();
    }
    List<Worker> sent = new ArrayList<>(2);
    rounds:
    for (int round = 1; round <= 2 && !pending.isEmpty(); round++) {
      for (Worker w : workers) {
        while (w.canTake() && w.inflight.size() < round) {
          Call c = pending.pollFirst();
          if (c == null) {
            break rounds;
          }
          c.state = State.SENT;
          w.inflight.addLast(c);
          w.assigned++;
          synchronized (w.outbox) {
            for (long shape : c.shapes) {
              if (w.shapes.add(shape)) {
                w.outbox.addLast(
                    new Connection.Frame(Wire.DEFINE, shape, CallCodec.shapeDefinition(shape)));
              }
            }
            w.outbox.addLast(new Connection.Frame(Wire.CALL, c.id, c.payload));
          }
          if (!sent.contains(w)) {
            sent.add(w);
          }
        }
      }
    }
    if (shutdown) {
      retireIdle();
    }
    return sent;
  }

  /**
   * Writes out the outboxes of the workers {@link #dispatch} gave frames to; without the lock.
   * Frames leave in the order they were queued: one thread at a time writes a worker's outbox, and
   * a thread that finds another writing leaves its frames to it (the writer looks at the outbox
   * again after it lets go). A write that fails is a worker dying: its death is handled when it is
   * seen, and its calls are in its inflight list.
   */
  private static void flush(List<Worker> sent) {
    for (int i = 0; i < sent.size(); i++) {
      Worker w = sent.get(i);
      do {
        if (!w.sending.tryLock()) {
          break; // the writer sees these frames when it looks again
        }
        try {
          for (List<Connection.Frame> frames; !(frames = w.takeOutbox()).isEmpty(); ) {
            try {
              w.conn.send(frames);
            } catch (IOException dying) {
              // handled when its end is seen
            }
          }
        } finally {
          w.sending.unlock();
        }
      } while (w.hasOutbox());
    }
  }

  /** After shutdown with nothing left to send: lets every idle worker go. */
  private void retireIdle() {
    if (!pending.isEmpty()) {
      return;
    }
    for (Worker w : workers) {
      if (w.inflight.isEmpty()) {
        w.retire();
      }
    }
  }

  private void answered(Worker w, Connection.Frame f) {
    Call c = null;
    List<Runnable> after = null;
    List<Worker> sent;
    lock.lock();
    try {
      for (Call x : w.inflight) {
        if (x.id == f.id()) {
          c = x;
          break;
        }
      }
      if (c == null) {
        return; // terminated meanwhile
      }
      w.inflight.remove(c);
      c.state = State.DONE;
      w.completed++;
      if (config.maxTasksPerChild() > 0 && w.completed >= config.maxTasksPerChild()) {
        w.retire();
        if (!shutdown || !pending.isEmpty()) {
          after = new ArrayList<>();
          startWorker(after);
        }
      }
      sent = dispatch();
    } finally {
      lock.unlock();
    }
    if (after != null) {
      after.forEach(Runnable::run);
    }
    flush(sent); // the worker's next call first, then the future
    complete(c, f);
  }

  private void complete(Call c, Connection.Frame f) {
    try {
      switch (f.type()) {
        case Wire.RESULT -> c.result.complete(CallCodec.decodeValue(f.payload()));
        case Wire.ERROR ->
            c.result.completeExceptionally(
                presenter.remote((Throwable) Serial.deserialize(f.payload())));
        default -> {
          String[] u = (String[]) Serial.deserialize(f.payload());
          c.result.completeExceptionally(presenter.unportable(u[0], u[1], u[2]));
        }
      }
    } catch (Serial.Rejected e) {
      c.result.completeExceptionally(
          new IllegalArgumentException("the result cannot be read: " + e.getMessage(), e));
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      c.result.completeExceptionally(
          new IllegalArgumentException("the result cannot be read: " + e, e));
    }
  }

  private void initFailed(Connection.Frame f) {
    Throwable cause;
    try {
      cause = presenter.remote((Throwable) Serial.deserialize(f.payload()));
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      cause = e;
    }
    lock.lock();
    try {
      if (initFailure == null) {
        initFailure = cause;
      }
    } finally {
      lock.unlock();
    }
  }

  private void died(Worker w) {
    int code = w.process.exitValue();
    String how = exitDescription(code);
    List<Runnable> after = new ArrayList<>();
    Call lost = null;
    boolean breakIt = false;
    Throwable cause = null;
    List<Worker> sent = List.of();
    lock.lock();
    try {
      workers.remove(w);
      if (w.retiring || terminated) {
        // expected
      } else if (broken != null) {
        // already failed
      } else if (!config.replaceDeadWorkers() || !w.ready) {
        breakIt = true;
        cause = initFailure;
        workers.add(w); // so that breakPool fails the calls it held
      } else {
        lost = w.inflight.pollFirst();
        if (lost != null) {
          lost.state = State.DONE;
        }
        for (Call c; (c = w.inflight.pollLast()) != null; ) {
          c.state = State.PENDING;
          pending.addFirst(c);
        }
        if (!shutdown || !pending.isEmpty()) {
          startWorker(after);
        }
        sent = dispatch();
      }
      if (!breakIt) {
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
    after.forEach(Runnable::run);
    flush(sent);
    if (breakIt) {
      String msg =
          cause != null
              ? "a worker's initializer failed (worker " + w.pid() + " " + how + ")"
              : "a worker process terminated abruptly (worker " + w.pid() + " " + how
                  + "): the pool is not usable any more";
      breakPool(presenter.broken(msg, cause));
    } else if (lost != null) {
      lost.result.completeExceptionally(presenter.workerLost(w.pid(), how));
    }
  }

  /** "exited with code 3", "was killed by signal 9 (exit code 137)". */
  public static String exitDescription(int code) {
    if (code > 128 && code < 128 + 65) {
      return "was killed by signal " + (code - 128) + " (exit code " + code + ")";
    }
    return "exited with code " + code;
  }

  private void breakPool(Throwable ex) {
    List<Call> failed = new ArrayList<>();
    lock.lock();
    try {
      if (broken != null) {
        workers.removeIf(w -> w.exited && w.eof.isDone());
        changed.signalAll();
        return;
      }
      broken = ex;
      shutdown = true;
      drainAll(failed);
      for (Worker w : workers) {
        w.retiring = true;
        w.process.destroyForcibly();
      }
      workers.removeIf(w -> w.exited && w.eof.isDone());
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    for (Call c : failed) {
      c.result.completeExceptionally(ex);
    }
  }

  private void drainAll(List<Call> into) {
    for (Call c; (c = pending.pollFirst()) != null; ) {
      if (c.state == State.PENDING) {
        c.state = State.DONE;
        into.add(c);
      }
    }
    for (Worker w : workers) {
      for (Call c; (c = w.inflight.pollFirst()) != null; ) {
        c.state = State.DONE;
        into.add(c);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <X extends Throwable> RuntimeException sneaky(Throwable t) throws X {
    throw (X) t;
  }
}
