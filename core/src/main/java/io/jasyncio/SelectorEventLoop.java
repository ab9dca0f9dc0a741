package io.jasyncio;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.channels.SelectionKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;

/**
 * The event loop proper (asyncio's base_events): a FIFO ready queue and a thread-safe inbox,
 * driven one iteration at a time, with its parts beside it: the {@link IoMultiplexer} (selector,
 * registrations, wake-up), the {@link TimerQueue}, the {@link TaskRegistry} of unfinished tasks,
 * and the {@link Runner} behind {@link Asyncio#run}.
 *
 * <p>I/O code registers a channel with {@link #register} and an {@link IoMultiplexer.IoCallback};
 * when the channel is ready the loop queues that callback with the ready callbacks of the
 * iteration. Everything here runs on the loop thread except the inbox ({@link
 * #callSoonThreadsafe}), the {@code closed} flag, and the selector wake-up.
 */
final class SelectorEventLoop implements EventLoop, io.jasyncio.internal.io.IoLoop {
  private static final Logger LOG = System.getLogger("io.jasyncio");
  private static final ThreadLocal<SelectorEventLoop> RUNNING = new ThreadLocal<>();
  private static final boolean ON_VIRTUAL_THREAD =
      io.jasyncio.internal.engine.Engines.get().prefersVirtualLoopThread();

  private final Clock clock;
  private final VirtualClock virtualClock;
  private final double clockResolution;
  private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
  private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
  private final TimerQueue timers = new TimerQueue();
  private final IoMultiplexer mux;
  private final TaskRegistry tasks = new TaskRegistry();
  /**
   * The future {@link #runUntilComplete} waits for, or null (not running, or {@link #runForever}):
   * only a run that waits for a future can be found deadlocked.
   */
  private Future<?> awaited;
  /** Whether the last iteration polled the selector (see runOnce). */
  private boolean polledLastIteration;

  private volatile boolean closed;
  private boolean running;
  private boolean stopping;
  /** What runs at close, before the channels close (transports reporting unsent data). */
  private final Set<Runnable> closeHooks = new LinkedHashSet<>();

  /** The thread running the loop; null while it does not run. Read by other threads. */
  private volatile Thread thread;

  /** Work in other threads whose completion will come back through the inbox. */
  private int pendingExternal;
  /**
   * Outside parties that may still wake the loop through the inbox without holding its virtual
   * time (a pending future handed to other threads as a CompletableFuture): while there are any,
   * an idle loop on the virtual clock waits for them instead of reporting a deadlock.
   */
  private int wakers;

  private boolean debug = debugDefault();
  private double slowCallbackDuration = 0.1;
  private ExceptionHandler exceptionHandler;
  private final DefaultExecutor defaultExecutor = new DefaultExecutor();
  private boolean eagerTasks;

  SelectorEventLoop(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.virtualClock = clock instanceof VirtualClock v ? v : null;
    this.clockResolution = virtualClock != null ? 0.0 : 1e-9;
    this.mux = new IoMultiplexer(ready, inbox);
  }

  // ---- running -------------------------------------------------------------------------------

  @Override
  public <T> T runUntilComplete(Future<T> f) {
    Objects.requireNonNull(f, "future");
    checkClosed();
    checkNotRunning();
    if (f.loop != this) {
      throw new IllegalArgumentException("The future belongs to a different loop than this one");
    }
    Stopper stopper = new Stopper();
    f.addDoneCallback(stopper);
    awaited = f;
    try {
      runForever();
    } finally {
      awaited = null;
      // Disarmed: when runForever() ended by an exception, the stopper may already be queued,
      // and must not stop a later run.
      stopper.armed = false;
      f.removeDoneCallback(stopper);
    }
    if (!f.done()) {
      throw new IllegalStateException("Event loop stopped before Future completed");
    }
    return f.result();
  }

  @Override
  public <T> T runUntilComplete(Coroutine<T> c) {
    Objects.requireNonNull(c, "coroutine");
    checkClosed();
    checkNotRunning();
    return runUntilComplete(createTask(c));
  }

  @Override
  public void runForever() {
    checkClosed();
    checkNotRunning();
    if (ON_VIRTUAL_THREAD && !Thread.currentThread().isVirtual()) {
      runOnVirtualThread();
      return;
    }
    running = true;
    // A local, not the volatile field, in the loop below: one load fewer per iteration.
    Thread self = Thread.currentThread();
    thread = self;
    RUNNING.set(this);
    try {
      while (true) {
        runOnce();
        if (stopping) {
          break;
        }
        if (self.isInterrupted()) {
          // A selector returns at once while the interrupt status is set: rather than spin,
          // the loop stops and reports the interrupt, whose status stays set for the caller.
          throw new IllegalStateException(
              "The event loop's thread was interrupted", new InterruptedException());
        }
      }
    } finally {
      stopping = false;
      running = false;
      thread = null;
      RUNNING.remove();
    }
  }

  /**
   * With the virtual-thread engine, the loop itself runs on a virtual thread while the calling
   * platform thread waits: hand-offs between virtual threads cost a fraction of hand-offs between
   * a platform thread and a virtual one. The caller sees the same results and exceptions.
   */
  private void runOnVirtualThread() {
    Throwable[] failure = new Throwable[1];
    Thread loopThread =
        Thread.ofVirtual()
            .name("jasyncio-loop")
            .start(
                () -> {
                  try {
                    runForever();
                  } catch (Throwable t) {
                    failure[0] = t;
                  }
                });
    boolean interrupted = false;
    while (true) {
      try {
        loopThread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
        loopThread.interrupt();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure[0] != null) {
      throw io.jasyncio.internal.util.Sneaky.rethrow(failure[0]);
    }
  }

  /** Stops the loop when the future given to runUntilComplete is done (while armed). */
  private final class Stopper implements java.util.function.Consumer<Future<?>> {
    boolean armed = true;

    @Override
    public void accept(Future<?> f) {
      if (armed) {
        stop();
      }
    }

    @Override
    public String toString() {
      return "runUntilComplete's stop";
    }
  }

  private void checkNotRunning() {
    if (running) {
      throw new IllegalStateException("This event loop is already running");
    }
    if (Asyncio.runningLoopOrNull() != null) {
      throw new IllegalStateException(
          "Cannot run the event loop while another loop is running");
    }
  }

  /** One iteration: wait for I/O or the next timer, queue due timers, run the ready batch. */
  private void runOnce() {
    drainInbox();
    timers.purgeCancelled();
    boolean hasIo = mux.hasIo();
    if (!ready.isEmpty() || stopping) {
      // Callbacks are waiting: poll I/O without blocking, but only every other iteration when
      // the last one polled already. A request/response exchange then costs one readiness
      // syscall, not two, and a task looping on sleep(0) still lets I/O in every second turn.
      if (hasIo && !polledLastIteration) {
        select(0);
        polledLastIteration = true;
      } else {
        polledLastIteration = false;
      }
    } else {
      polledLastIteration = true;
      double nextWhen = timers.nextDeadline();
      boolean noTimer = nextWhen == Double.POSITIVE_INFINITY;
      if (virtualClock == null) {
        select(noTimer ? -1 : Math.max(0, nextWhen - clock.now()));
      } else if (!hasIo && pendingExternal == 0) {
        // Virtual time, nothing in flight: jump to the next timer.
        if (noTimer) {
          if (awaited != null && wakers == 0 && inbox.isEmpty()) {
            // Nothing can ever wake this loop: no callback, timer, channel or outside work.
            throw Deadlock.report(liveTasks());
          }
          select(-1);
        } else {
          virtualClock.advanceTo(nextWhen);
        }
      } else {
        // Virtual time with I/O or threads in flight: wait for them in real time, and jump to
        // the next timer only once that real wait ran out (not on an early wake-up).
        double timeout = noTimer ? -1 : Math.max(0, nextWhen - clock.now());
        long t0 = System.nanoTime();
        int events = select(timeout);
        if (timeout > 0
            && events == 0
            && ready.isEmpty()
            && (System.nanoTime() - t0) / 1e9 >= timeout - 0.001) {
          virtualClock.advanceTo(nextWhen);
        }
      }
    }

    // The clock is read only when a timer may be due: a busy loop with no timers skips it.
    if (!timers.isEmpty()) {
      timers.moveDue(clock.now() + clockResolution, ready);
    }

    for (int n = ready.size(); n > 0; n--) {
      runCallback(ready.poll());
    }
  }

  /** Waits for I/O (timeout in seconds; 0 = poll, negative = no limit), then takes the inbox. */
  private int select(double timeout) {
    int n = mux.select(timeout);
    drainInbox();
    return n;
  }

  private void drainInbox() {
    Runnable r;
    while ((r = inbox.poll()) != null) {
      ready.add(r);
    }
  }

  private void runCallback(Runnable r) {
    if (!debug) {
      try {
        r.run();
      } catch (Throwable t) {
        callbackFailed(r, t);
      }
      return;
    }
    // What a step that finishes its task forgets: what its coroutine is and where it was created.
    Task<?> task = r instanceof Task<?>.Step step ? step.task() : null;
    Coroutine<?> coroutine = task != null ? task.coroutineOrNull() : null;
    Throwable site = task != null ? creationSite(task) : null;
    long t0 = System.nanoTime();
    try {
      r.run();
    } catch (Throwable t) {
      callbackFailed(r, t);
    } finally {
      double seconds = (System.nanoTime() - t0) / 1e9;
      if (seconds >= slowCallbackDuration) {
        SlowCallbackWarning.log(r, seconds, coroutine, site);
      }
    }
  }

  private void callbackFailed(Runnable r, Throwable t) {
    if (isFatal(t)) {
      throw (Error) t;
    }
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("message", "Exception in callback " + r);
    context.put("exception", t);
    if (r instanceof Handle h) {
      context.put("handle", h);
    }
    callExceptionHandler(context);
  }

  /** Errors that must stop the loop instead of being reported: the JVM is in trouble. */
  static boolean isFatal(Throwable t) {
    return t instanceof VirtualMachineError && !(t instanceof StackOverflowError);
  }

  // ---- scheduling ----------------------------------------------------------------------------

  @Override
  public void stop() {
    stopping = true;
  }

  @Override
  public Handle callSoon(Runnable cb) {
    Objects.requireNonNull(cb, "callback");
    checkClosed();
    checkThread("callSoon");
    LoopHandle h = new LoopHandle(cb);
    enqueue(h);
    return h;
  }

  /** Appends to the ready queue, after anything other threads sent first. */
  void enqueue(Runnable r) {
    checkClosed();
    if (!inbox.isEmpty()) {
      drainInbox();
    }
    ready.add(r);
  }

  @Override
  public TimerHandle callLater(double delay, Runnable cb) {
    if (Double.isNaN(delay)) {
      throw new IllegalArgumentException("delay must be a number, not NaN");
    }
    return callAt(clock.now() + delay, cb);
  }

  @Override
  public TimerHandle callAt(double when, Runnable cb) {
    Objects.requireNonNull(cb, "callback");
    if (Double.isNaN(when)) {
      throw new IllegalArgumentException("when must be a number, not NaN");
    }
    checkClosed();
    checkThread("callAt");
    return timers.schedule(when, cb);
  }

  @Override
  public Handle callSoonThreadsafe(Runnable cb) {
    Objects.requireNonNull(cb, "callback");
    checkClosed();
    LoopHandle h = new LoopHandle(cb);
    inbox.add(h);
    mux.wakeup();
    return h;
  }

  @Override
  public boolean trySoonThreadsafe(Runnable cb) {
    Objects.requireNonNull(cb, "callback");
    if (closed) {
      return false;
    }
    inbox.add(cb);
    mux.wakeup();
    return true;
  }

  /**
   * Marks that work in another thread will report back through {@link #callSoonThreadsafe}: a
   * virtual clock must not jump over the time that work takes. Pair with {@link #externalDone}.
   */
  void externalStarted() {
    pendingExternal++;
  }

  void externalDone() {
    pendingExternal--;
  }

  /** Counts an outside party that may still wake the loop (see {@link #wakers}). */
  void wakerAdded() {
    wakers++;
  }

  void wakerRemoved() {
    wakers--;
  }

  @Override
  public <T> Future<T> createFuture() {
    checkClosed();
    return new Future<>(this);
  }

  @Override
  public <T> Task<T> createTask(Coroutine<T> c) {
    return createTask(c, null);
  }

  @Override
  public <T> Task<T> createTask(Coroutine<T> c, String name) {
    Objects.requireNonNull(c, "coroutine");
    checkClosed();
    checkThread("createTask");
    Task<T> task = new Task<>(this, c, name);
    task.start(eagerTasks && running && Asyncio.runningLoopOrNull() == this);
    return task;
  }

  void registerTask(Task<?> t) {
    tasks.add(t);
  }

  void unregisterTask(Task<?> t) {
    tasks.remove(t);
  }

  void recordCreation(Task<?> t, Throwable site) {
    tasks.recordCreation(t, site);
  }

  Throwable creationSite(Task<?> t) {
    return tasks.creationSite(t);
  }

  /** The unfinished tasks of this loop, oldest first. */
  Set<Task<?>> liveTasks() {
    return tasks.snapshot();
  }

  // ---- executors -----------------------------------------------------------------------------

  @Override
  public <T> Future<T> runInExecutor(Executor executorOrNull, Callable<T> fn) {
    Objects.requireNonNull(fn, "function");
    checkClosed();
    checkThread("runInExecutor");
    Executor executor = executorOrNull != null ? executorOrNull : defaultExecutor();
    if (fn instanceof java.io.Serializable && executor instanceof ExecutorService service) {
      return SerializableHandOff.submit(this, service, fn); // a process or cluster pool: fn as it is
    }
    ForeignFuture<T> f = new ForeignFuture<>(this, false);
    FutureTask<T> work =
        new FutureTask<>(fn) {
          @Override
          protected void done() {
            f.reportFrom(this);
          }
        };
    f.follow(work);
    try {
      executor.execute(work);
    } catch (RuntimeException rejected) {
      f.settled();
      throw rejected;
    }
    return f;
  }

  ExecutorService defaultExecutor() {
    return defaultExecutor.get();
  }

  @Override
  public void setDefaultExecutor(ExecutorService e) {
    Objects.requireNonNull(e, "executor");
    checkClosed();
    defaultExecutor.set(e);
  }

  /** Shuts the default executor down (if the loop made it) and waits for its threads. */
  void shutdownDefaultExecutor() {
    defaultExecutor.shutdownAndWait();
  }

  // ---- state, debug, errors ------------------------------------------------------------------

  @Override
  public void close() {
    if (running) {
      throw new IllegalStateException("Cannot close a running event loop");
    }
    if (closed) {
      return;
    }
    closed = true;
    SignalHandlers.closed(this);
    runCloseHooks();
    if (debug && !tasks.isEmpty()) {
      for (Task<?> t : liveTasks()) {
        LOG.log(Level.WARNING, "Task was destroyed but it is pending: " + t, t.createdAt());
      }
    }
    ready.clear();
    timers.clear();
    inbox.clear();
    mux.close();
    defaultExecutor.shutdown();
  }

  @Override
  public void addSignalHandler(int signal, Runnable callback) {
    SignalHandlers.add(this, signal, callback);
  }

  @Override
  public boolean removeSignalHandler(int signal) {
    return SignalHandlers.remove(this, signal);
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public double time() {
    return clock.now();
  }

  Clock clock() {
    return clock;
  }

  @Override
  public void setDebug(boolean on) {
    debug = on;
  }

  @Override
  public boolean getDebug() {
    return debug;
  }

  boolean debugEnabled() {
    return debug;
  }

  @Override
  public void setSlowCallbackDuration(double seconds) {
    if (!(seconds >= 0)) {
      throw new IllegalArgumentException("slow callback duration must be >= 0, not " + seconds);
    }
    slowCallbackDuration = seconds;
  }

  @Override
  public void setEagerTasks(boolean eager) {
    eagerTasks = eager;
  }

  @Override
  public boolean getEagerTasks() {
    return eagerTasks;
  }

  @Override
  public void setExceptionHandler(ExceptionHandler h) {
    exceptionHandler = h;
  }

  @Override
  public void callExceptionHandler(Map<String, Object> context) {
    Objects.requireNonNull(context, "context");
    ExceptionHandler h = exceptionHandler;
    if (h == null) {
      defaultExceptionHandler(context);
      return;
    }
    try {
      h.handle(this, context);
    } catch (Throwable t) {
      if (isFatal(t)) {
        throw (Error) t;
      }
      Map<String, Object> inner = new LinkedHashMap<>();
      inner.put("message", "Unhandled error in exception handler");
      inner.put("exception", t);
      inner.put("context", context);
      defaultExceptionHandler(inner);
    }
  }

  private void defaultExceptionHandler(Map<String, Object> context) {
    StringBuilder sb = new StringBuilder(String.valueOf(context.get("message")));
    for (Map.Entry<String, Object> e : context.entrySet()) {
      if (!e.getKey().equals("message") && !e.getKey().equals("exception")) {
        sb.append("\n  ").append(e.getKey()).append(": ").append(e.getValue());
      }
    }
    Object ex = context.get("exception");
    if (ex instanceof Throwable t) {
      LOG.log(Level.ERROR, sb.toString(), t);
    } else {
      LOG.log(Level.ERROR, sb.toString());
    }
  }

  void checkClosed() {
    if (closed) {
      throw new IllegalStateException("Event loop is closed");
    }
  }

  /**
   * Whether the caller may use the loop's non-thread-safe state: the loop does not run, or runs on
   * this thread (a callback, or a coroutine of this loop on either engine).
   */
  boolean onLoopThread() {
    Thread t = thread;
    return t == null || t == Thread.currentThread() || Asyncio.runningLoopOrNull() == this;
  }

  /** Debug mode's default: {@code -Djasyncio.debug=true} or the environment's JASYNCIO_DEBUG=1. */
  static boolean debugDefault() {
    return debugFlag(System.getProperty("jasyncio.debug"), System.getenv("JASYNCIO_DEBUG"));
  }

  static boolean debugFlag(String property, String environment) {
    return "true".equalsIgnoreCase(property)
        || "1".equals(environment)
        || "true".equalsIgnoreCase(environment);
  }

  /** In debug mode, a loop-bound call from a foreign thread is an error. */
  void checkThread(String method) {
    if (!debug || onLoopThread()) {
      return;
    }
    throw new IllegalStateException(
        "Non-thread-safe operation "
            + method
            + "() invoked on an event loop other than the current one");
  }

  /** The loop running on this thread (not inside a coroutine), or null. */
  static SelectorEventLoop runningOnThisThread() {
    return RUNNING.get();
  }

  @Override
  public String toString() {
    return "EventLoop[" + (running ? "running" : closed ? "closed" : "idle")
        + ", debug=" + debug + ", clock=" + clock + "]";
  }

  // ---- I/O registration (for the streams and subprocess packages) ---------------------------

  /** Registers {@code channel} for {@code ops}; {@code cb} runs on the loop when it is ready. */
  SelectionKey register(
      java.nio.channels.SelectableChannel channel, int ops, IoMultiplexer.IoCallback cb)
      throws IOException {
    checkClosed();
    return mux.register(channel, ops, cb);
  }

  // ---- io.jasyncio.internal.io.IoLoop: the streams and subprocess packages' view ------------

  @Override
  public SelectionKey registerChannel(
      java.nio.channels.SelectableChannel channel,
      int ops,
      io.jasyncio.internal.io.IoLoop.Handler handler)
      throws IOException {
    Objects.requireNonNull(handler, "handler");
    return register(channel, ops, handler::ready);
  }

  @Override
  public void addCloseHook(Runnable hook) {
    closeHooks.add(Objects.requireNonNull(hook, "hook"));
  }

  @Override
  public void removeCloseHook(Runnable hook) {
    closeHooks.remove(hook);
  }

  /** At close: each hook once, in order; one that throws goes to the exception handler. */
  private void runCloseHooks() {
    List<Runnable> hooks = new ArrayList<>(closeHooks);
    closeHooks.clear();
    for (Runnable h : hooks) {
      try {
        h.run();
      } catch (RuntimeException e) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("message", "a close hook of the event loop failed");
        context.put("exception", e);
        callExceptionHandler(context);
      }
    }
  }

  @Override
  public void beginExternal() {
    externalStarted();
  }

  @Override
  public void endExternal() {
    externalDone();
  }
}
