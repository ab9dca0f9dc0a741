package io.jasyncio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The event loop proper (asyncio's base_events + selector_events): a FIFO ready queue, a timer
 * heap, a thread-safe inbox, and a {@link Selector} for I/O readiness.
 *
 * <p>The multiplexer is kept apart from the loop: I/O code registers a channel with {@link
 * #register} and an {@link IoCallback}; when the channel is ready the loop queues that callback
 * with the ready callbacks of the iteration. Everything here runs on the loop thread except the
 * inbox ({@link #callSoonThreadsafe}), the {@code closed} flag, and the selector wake-up.
 */
final class SelectorEventLoop implements EventLoop, io.jasyncio.internal.io.IoLoop {
  private static final Logger LOG = System.getLogger("io.jasyncio");
  private static final ThreadLocal<SelectorEventLoop> RUNNING = new ThreadLocal<>();
  private static final AtomicInteger EXECUTOR_THREADS = new AtomicInteger();
  private static final boolean ON_VIRTUAL_THREAD =
      io.jasyncio.internal.engine.Engines.get().prefersVirtualLoopThread();

  /** Work that I/O readiness triggers; runs on the loop thread. */
  interface IoCallback {
    void ready(SelectionKey key);
  }

  private final Clock clock;
  private final VirtualClock virtualClock;
  private final double clockResolution;
  private final ArrayDeque<Runnable> ready = new ArrayDeque<>();
  private final PriorityQueue<LoopTimerHandle> timers = new PriorityQueue<>();
  private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
  private final Selector selector;
  private long timerSequence;
  /** Whether a channel was ever registered: until then no iteration looks at the selector. */
  private boolean everRegistered;
  /** Whether the last iteration polled the selector (see runOnce). */
  private boolean polledLastIteration;
  /** What select does with each ready key; allocated once. */
  private final java.util.function.Consumer<SelectionKey> readyAction = this::queueReady;
  private int cancelledTimers;

  private volatile boolean closed;
  private volatile boolean selecting;
  private boolean running;
  private boolean stopping;
  /** The thread running the loop; null while it does not run. Read by other threads. */
  private volatile Thread thread;

  private Task<?> liveTasks;
  private int liveCount;
  /** Work in other threads whose completion will come back through the inbox. */
  private int pendingExternal;

  private boolean debug = debugDefault();
  private double slowCallbackDuration = 0.1;
  private ExceptionHandler exceptionHandler;
  private ExecutorService defaultExecutor;
  private boolean defaultExecutorOwned;
  private boolean eagerTasks;

  SelectorEventLoop(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.virtualClock = clock instanceof VirtualClock v ? v : null;
    this.clockResolution = virtualClock != null ? 0.0 : 1e-9;
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the event loop's selector", e);
    }
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
    try {
      runForever();
    } finally {
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
    thread = Thread.currentThread();
    RUNNING.set(this);
    try {
      while (true) {
        runOnce();
        if (stopping) {
          break;
        }
        if (thread.isInterrupted()) {
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
    if (cancelledTimers > 64 && cancelledTimers > timers.size() / 2) {
      timers.removeIf(t -> t.cancelled);
      cancelledTimers = 0;
    } else {
      while (!timers.isEmpty() && timers.peek().cancelled) {
        timers.poll().scheduled = false;
        cancelledTimers--;
      }
    }

    // A loop that never registered a channel skips the selector's key set, whose size is a sum
    // over a concurrent map's counters: measurable on every iteration of a busy loop.
    boolean hasIo = everRegistered && !selector.keys().isEmpty();
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
      // The head of the heap is not cancelled here; a timer at infinity never comes.
      LoopTimerHandle next = timers.peek();
      double nextWhen = next != null ? next.when : Double.POSITIVE_INFINITY;
      boolean noTimer = nextWhen == Double.POSITIVE_INFINITY;
      if (virtualClock == null) {
        select(noTimer ? -1 : Math.max(0, nextWhen - clock.now()));
      } else if (!hasIo && pendingExternal == 0) {
        // Virtual time, nothing in flight: jump to the next timer.
        if (noTimer) {
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
    double end = timers.isEmpty() ? 0 : clock.now() + clockResolution;
    while (!timers.isEmpty()) {
      LoopTimerHandle t = timers.peek();
      if (t.cancelled) {
        timers.poll().scheduled = false;
        cancelledTimers--;
        continue;
      }
      if (t.when > end) {
        break;
      }
      timers.poll();
      t.scheduled = false;
      ready.add(t);
    }

    for (int n = ready.size(); n > 0; n--) {
      runCallback(ready.poll());
    }
  }

  /** Waits for I/O (timeout in seconds; 0 = poll, negative = no limit); queues ready channels. */
  private int select(double timeout) {
    int n;
    try {
      if (timeout == 0) {
        n = selector.selectNow(readyAction);
      } else {
        selecting = true;
        try {
          if (!inbox.isEmpty()) {
            n = selector.selectNow(readyAction);
          } else if (timeout < 0) {
            n = selector.select(readyAction);
          } else {
            long millis = (long) Math.ceil(timeout * 1000);
            n = millis == 0 ? selector.selectNow(readyAction) : selector.select(readyAction, millis);
          }
        } finally {
          selecting = false;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("event loop selector failed", e);
    }
    drainInbox();
    return n;
  }

  /** Queues the registration of a ready channel with this iteration's callbacks. */
  private void queueReady(SelectionKey key) {
    if (key.isValid() && key.attachment() instanceof IoRegistration r) {
      ready.add(r);
    }
  }

  /**
   * A channel's registration: the key and what to do when it is ready. Allocated once per
   * registration and queued as it is, so a ready channel costs no allocation per event.
   */
  private static final class IoRegistration implements Runnable {
    private final IoCallback callback;
    private SelectionKey key;

    IoRegistration(IoCallback callback) {
      this.callback = callback;
    }

    @Override
    public void run() {
      if (key.isValid()) {
        callback.ready(key);
      }
    }

    @Override
    public String toString() {
      return "I/O callback " + callback + " for " + key.channel();
    }
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
        logSlow(r, seconds, coroutine, site);
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

  private void logSlow(Runnable r, double seconds, Coroutine<?> coroutine, Throwable site) {
    String what = r.toString();
    Throwable where = null;
    String source = "";
    if (r instanceof Task<?>.Step step) {
      source =
          "; coroutine "
              + coroutineSource(coroutine, site)
              + "; blocking call inside a coroutine? use Asyncio.toThread";
      Task<?> task = step.task();
      what = "step of " + task;
      List<StackTraceElement> stack = task.getStack();
      if (!stack.isEmpty()) {
        // A step that finished its task leaves no stack: then there is nothing to show.
        where = new Throwable("task " + task.getName() + " now waits at");
        where.setStackTrace(stack.toArray(new StackTraceElement[0]));
      }
    }
    String msg = String.format("Executing %s took %.3f seconds", what, seconds) + source;
    if (where != null) {
      LOG.log(Level.WARNING, msg, where);
    } else {
      LOG.log(Level.WARNING, msg);
    }
  }

  /**
   * Where a task's coroutine comes from: the class that wrote it (a lambda's enclosing class) and,
   * when debug mode recorded it, the first frame outside jasyncio of where the task was created.
   */
  static String coroutineSource(Coroutine<?> coroutine, Throwable site) {
    String cls = coroutine == null ? "?" : coroutine.getClass().getName();
    int lambda = cls.indexOf("$$Lambda");
    if (lambda > 0) {
      cls = cls.substring(0, lambda);
    }
    if (site != null) {
      for (StackTraceElement f : site.getStackTrace()) {
        if (!isCreationFrame(f)) {
          return cls + " (task created at " + f + ")";
        }
      }
    }
    return cls;
  }

  private static boolean isCreationFrame(StackTraceElement f) {
    String c = f.getClassName();
    if (!c.startsWith("io.jasyncio.") || c.indexOf('.', "io.jasyncio.".length()) >= 0) {
      return false;
    }
    return switch (f.getMethodName()) {
      case "<init>", "createTask", "ensureFuture", "gatherCoroutines", "runUntilComplete",
          "runOn", "run", "runVirtual", "waitFor", "timeout" -> true;
      default -> false;
    };
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
    LoopTimerHandle h = new LoopTimerHandle(when, timerSequence++, cb, this);
    timers.add(h);
    return h;
  }

  void timerCancelled() {
    cancelledTimers++;
  }

  @Override
  public Handle callSoonThreadsafe(Runnable cb) {
    Objects.requireNonNull(cb, "callback");
    checkClosed();
    LoopHandle h = new LoopHandle(cb);
    inbox.add(h);
    if (selecting) {
      selector.wakeup();
    }
    return h;
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
    t.nextLive = liveTasks;
    if (liveTasks != null) {
      liveTasks.prevLive = t;
    }
    liveTasks = t;
    liveCount++;
  }

  /** Debug mode: where each unfinished task was created (kept beside the task, not in it). */
  private java.util.Map<Task<?>, Throwable> creationSites;

  void recordCreation(Task<?> t, Throwable site) {
    if (creationSites == null) {
      creationSites = new java.util.IdentityHashMap<>();
    }
    creationSites.put(t, site);
  }

  Throwable creationSite(Task<?> t) {
    return creationSites == null ? null : creationSites.get(t);
  }

  void unregisterTask(Task<?> t) {
    if (t.prevLive != null) {
      t.prevLive.nextLive = t.nextLive;
    } else if (liveTasks == t) {
      liveTasks = t.nextLive;
    } else {
      return;
    }
    if (t.nextLive != null) {
      t.nextLive.prevLive = t.prevLive;
    }
    t.prevLive = null;
    t.nextLive = null;
    liveCount--;
    if (creationSites != null) {
      creationSites.remove(t);
    }
  }

  /** The unfinished tasks of this loop, oldest first. */
  Set<Task<?>> liveTasks() {
    Task<?>[] all = new Task<?>[liveCount];
    int i = liveCount;
    for (Task<?> t = liveTasks; t != null; t = t.nextLive) {
      all[--i] = t;
    }
    Set<Task<?>> out = new LinkedHashSet<>();
    for (Task<?> t : all) {
      out.add(t);
    }
    return out;
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
            try {
              callSoonThreadsafe(() -> deliver(this, f));
            } catch (IllegalStateException loopClosed) {
              // Nobody can observe the loop-side future of a closed loop.
            }
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

  private <T> void deliver(FutureTask<T> work, ForeignFuture<T> f) {
    f.settled();
    if (f.done()) {
      return;
    }
    try {
      f.completeResult(work.get());
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof java.util.concurrent.CancellationException ce) {
        // The job reports a cancelled foreign future: the loop future is cancelled too.
        f.cancelFuture(ce.getMessage());
      } else {
        f.completeException(e.getCause());
      }
    } catch (java.util.concurrent.CancellationException e) {
      f.cancelFuture(null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.completeException(e);
    }
  }

  ExecutorService defaultExecutor() {
    if (defaultExecutor == null) {
      int n = Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
      ThreadPoolExecutor ex =
          new ThreadPoolExecutor(
              n,
              n,
              60,
              TimeUnit.SECONDS,
              new LinkedBlockingQueue<>(),
              r -> {
                Thread t = new Thread(r, "jasyncio-executor-" + EXECUTOR_THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      ex.allowCoreThreadTimeOut(true);
      defaultExecutor = ex;
      defaultExecutorOwned = true;
    }
    return defaultExecutor;
  }

  @Override
  public void setDefaultExecutor(ExecutorService e) {
    Objects.requireNonNull(e, "executor");
    checkClosed();
    defaultExecutor = e;
    defaultExecutorOwned = false;
  }

  /** Shuts the default executor down (if the loop made it) and waits for its threads. */
  void shutdownDefaultExecutor() {
    ExecutorService ex = defaultExecutor;
    if (ex != null && defaultExecutorOwned) {
      ex.shutdown();
      try {
        if (!ex.awaitTermination(300, TimeUnit.SECONDS)) {
          LOG.log(Level.WARNING, "the default executor did not finish within 300 seconds");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
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
    if (debug && liveTasks != null) {
      for (Task<?> t : liveTasks()) {
        LOG.log(Level.WARNING, "Task was destroyed but it is pending: " + t, t.createdAt());
      }
    }
    ready.clear();
    timers.clear();
    inbox.clear();
    // Channels still registered belong to connections nobody closed: closing the selector alone
    // would leave their descriptors open.
    for (SelectionKey key : selector.keys()) {
      try {
        key.channel().close();
      } catch (IOException e) {
        LOG.log(Level.WARNING, "closing a channel left open on the loop failed", e);
      }
    }
    try {
      selector.close();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "closing the event loop's selector failed", e);
    }
    if (defaultExecutor != null && defaultExecutorOwned) {
      defaultExecutor.shutdown();
    }
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
      java.nio.channels.SelectableChannel channel, int ops, IoCallback cb) throws IOException {
    checkClosed();
    channel.configureBlocking(false);
    everRegistered = true;
    IoRegistration registration = new IoRegistration(cb);
    SelectionKey key = channel.register(selector, ops, registration);
    registration.key = key;
    return key;
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
  public void beginExternal() {
    externalStarted();
  }

  @Override
  public void endExternal() {
    externalDone();
  }
}
