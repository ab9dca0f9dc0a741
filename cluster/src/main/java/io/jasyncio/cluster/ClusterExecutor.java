package io.jasyncio.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.HazelcastClientNotActiveException;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.spi.exception.RetryableException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import io.jasyncio.concurrent.ResultIterator;
import io.jasyncio.multiprocessing.RemoteTraceback;
import io.jasyncio.multiprocessing.SerializableCallable;
import io.jasyncio.multiprocessing.SerializableFunction;
import io.jasyncio.multiprocessing.WorkerLostError;
import java.io.IOException;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link ExecutorService} that runs serializable tasks on the members of a Hazelcast cluster,
 * with the process pool's surface: {@code submit} returns a {@link CompletableFuture} (so {@code
 * Asyncio.await}, {@code loop.runInExecutor} and {@code Futures.wait/asCompleted} work), {@link
 * #map} hands results out in argument order with a {@code chunksize} and a timeout.
 *
 * <p>Tasks are lambdas or method references typed as {@link SerializableCallable}, {@link
 * SerializableFunction} or {@link io.jasyncio.multiprocessing.SerializableRunnable}: they cross to
 * the members by reference, so their classes must be on the members' class path. A task or
 * argument that cannot be serialized fails at once, in the caller, with {@link
 * IllegalArgumentException} naming the class. A task's exception comes back unchanged (class,
 * message, cause) with the member-side stack attached as a {@link RemoteTraceback}; one that
 * cannot be serialized comes back as a {@link io.jasyncio.multiprocessing.RemoteError}.
 *
 * <p><b>Dispatch.</b> The executor keeps its calls in its own queue and gives each member at most
 * twice as many calls as it has threads (one running and one prefetched per thread), always to the
 * member with the most free room: work spreads over the members and follows the faster ones.
 * {@code cancel} succeeds while a call is still in the queue, and the call then never runs.
 *
 * <p><b>Failures: at least once.</b> A call whose member leaves the cluster (killed, crashed,
 * disconnected) before its result came back is sent again to another member: tasks must be
 * idempotent. Each future completes exactly once, with the first result. A call whose member is
 * lost {@value #MAX_ATTEMPTS} times fails with {@link WorkerLostError} (a task that kills its member
 * does not take the whole cluster down). When no member is reachable for {@link
 * #NO_MEMBER_TIMEOUT}, every pending call fails with {@link BrokenCluster}, and so does every later
 * submit.
 *
 * <p>{@link #shutdown()} and {@link #close()} end this client's use of the cluster only: calls not
 * yet sent are cancelled, calls on members finish, then the client disconnects. The members and
 * their executor go on serving other clients.
 *
 * {@snippet class=io.jasyncio.cluster.ClusterSnippetsTest region=clusterExecutor}
 *
 * <p><b>Threads.</b> Every method may be called from any thread. Futures are completed on the
 * executor's result thread: dependent actions attached with the non-async methods run there and
 * must be short.
 */
public final class ClusterExecutor implements ExecutorService {
  /** How long the executor waits for a member to be reachable before it declares itself broken. */
  public static final Duration NO_MEMBER_TIMEOUT = Duration.ofSeconds(30);

  /** How many times a call is sent before the loss of its member fails it. */
  public static final int MAX_ATTEMPTS = 3;

  /** How long a member is left alone after a call on it failed for a reason other than a task. */
  private static final long SUSPEND_NANOS = TimeUnit.SECONDS.toNanos(2);

  /** Capacity of a member that does not say how many threads it has. */
  private static final int DEFAULT_THREADS = 4;

  private static final AtomicInteger COUNT = new AtomicInteger();

  private final String clusterName;
  private final HazelcastInstance client;
  private final IExecutorService remote;
  private final ScheduledThreadPoolExecutor results;
  private final CountDownLatch terminated = new CountDownLatch(1);

  // Guarded by lock.
  private final Object lock = new Object();
  private final ArrayDeque<Call> pending = new ArrayDeque<>();
  private final Set<Call> sent = new LinkedHashSet<>();
  private final Map<UUID, Slot> slots = new LinkedHashMap<>();
  private boolean shutdown;
  private boolean terminating;
  private RuntimeException broken;
  private long noMemberSince = -1;
  private long completedCalls;
  private long resentCalls;
  private final Map<String, Long> completedBy = new LinkedHashMap<>();

  private ClusterExecutor(String clusterName, HazelcastInstance client) {
    this.clusterName = clusterName;
    this.client = client;
    this.remote = client.getExecutorService(ClusterMember.EXECUTOR_NAME);
    int n = COUNT.incrementAndGet();
    this.results =
        new ScheduledThreadPoolExecutor(
            1,
            r ->
                Thread.ofPlatform()
                    .daemon()
                    .name("jasyncio-cluster-" + n + "-results")
                    .unstarted(r));
    results.setRemoveOnCancelPolicy(true);
  }

  /**
   * Connects, as a Hazelcast client, to a running cluster.
   *
   * @param clusterName the cluster's name (members reject clients that give another)
   * @param memberAddresses one or more members' "host:port" addresses; the client learns the rest
   * @return an executor connected to every member
   * @throws IllegalArgumentException if no address is given
   * @throws IllegalStateException if no member can be reached within {@link #NO_MEMBER_TIMEOUT}
   */
  public static ClusterExecutor connect(String clusterName, String... memberAddresses) {
    Objects.requireNonNull(clusterName, "clusterName");
    if (memberAddresses.length == 0) {
      throw new IllegalArgumentException("give at least one member address (host:port)");
    }
    ClientConfig config = new ClientConfig();
    config.setClusterName(clusterName);
    config.setInstanceName("jasyncio-cluster-client-" + UUID.randomUUID());
    config.setProperty("hazelcast.logging.type", "jdk");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.client.heartbeat.interval", "1000");
    config.setProperty("hazelcast.client.heartbeat.timeout", "15000");
    config.setProperty(
        "hazelcast.client.invocation.timeout.seconds",
        Long.toString(NO_MEMBER_TIMEOUT.toSeconds()));
    config.getNetworkConfig().addAddress(memberAddresses);
    config
        .getConnectionStrategyConfig()
        .getConnectionRetryConfig()
        .setClusterConnectTimeoutMillis(NO_MEMBER_TIMEOUT.toMillis())
        .setInitialBackoffMillis(200)
        .setMaxBackoffMillis(2000);
    HazelcastInstance client;
    try {
      client = HazelcastClient.newHazelcastClient(config);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot connect to cluster "
              + clusterName
              + " at "
              + String.join(", ", memberAddresses)
              + ": "
              + e.getMessage(),
          e);
    }
    ClusterExecutor executor = new ClusterExecutor(clusterName, client);
    executor.listen();
    return executor;
  }

  private void listen() {
    client
        .getCluster()
        .addMembershipListener(
            new MembershipListener() {
              @Override
              public void memberAdded(MembershipEvent e) {
                addMember(e.getMember());
                pump();
              }

              @Override
              public void memberRemoved(MembershipEvent e) {
                synchronized (lock) {
                  slots.remove(e.getMember().getUuid());
                  if (slots.isEmpty() && noMemberSince < 0) {
                    noMemberSince = System.nanoTime();
                  }
                }
              }
            });
    client.getLifecycleService().addLifecycleListener(this::lifecycle);
    for (Member m : client.getCluster().getMembers()) {
      addMember(m);
    }
    results.scheduleWithFixedDelay(this::watch, 1, 1, TimeUnit.SECONDS);
  }

  private void addMember(Member m) {
    int threads = DEFAULT_THREADS;
    String attr = m.getAttribute(ClusterMember.THREADS_ATTRIBUTE);
    if (attr != null) {
      try {
        threads = Math.max(1, Integer.parseInt(attr));
      } catch (NumberFormatException e) {
        // A member configured by hand with a bad value: use the default.
      }
    }
    synchronized (lock) {
      slots.putIfAbsent(m.getUuid(), new Slot(m, 2 * threads));
      noMemberSince = -1;
    }
  }

  private void lifecycle(LifecycleEvent event) {
    if (event.getState() == LifecycleEvent.LifecycleState.SHUTTING_DOWN
        || event.getState() == LifecycleEvent.LifecycleState.SHUTDOWN) {
      boolean ours;
      synchronized (lock) {
        ours = terminating;
      }
      if (!ours) {
        breakDown(
            new BrokenCluster(
                "no member of cluster "
                    + clusterName
                    + " was reachable for "
                    + NO_MEMBER_TIMEOUT.toSeconds()
                    + " s: the client gave up"));
      }
    }
  }

  /** Once a second: the last word on a cluster that has had no member for too long. */
  private void watch() {
    boolean give;
    synchronized (lock) {
      give =
          broken == null
              && slots.isEmpty()
              && noMemberSince >= 0
              && System.nanoTime() - noMemberSince > NO_MEMBER_TIMEOUT.toNanos();
    }
    if (give) {
      breakDown(
          new BrokenCluster(
              "no member of cluster "
                  + clusterName
                  + " has been left for "
                  + NO_MEMBER_TIMEOUT.toSeconds()
                  + " s"));
    }
    pump(); // members whose suspension has ended
  }

  // ---- submitting ---------------------------------------------------------------------------

  /**
   * Runs {@code task} on a member.
   *
   * @param task a serializable callable (a lambda or method reference)
   * @param <T> the result type
   * @return its result; {@code cancel} succeeds while the call waits in this executor's queue
   * @throws IllegalArgumentException if the task cannot be serialized (naming the class)
   * @throws RejectedExecutionException after {@link #shutdown()}
   * @throws BrokenCluster once the cluster was lost
   */
  public <T> CompletableFuture<T> submit(SerializableCallable<T> task) {
    return submitTask(task);
  }

  /**
   * Runs {@code fn.apply(arg)} on a member.
   *
   * @param fn a serializable function (a lambda or method reference)
   * @param arg its argument, serializable
   * @param <A> the argument type
   * @param <R> the result type
   * @return its result
   * @throws IllegalArgumentException if {@code fn} or {@code arg} cannot be serialized
   */
  public <A, R> CompletableFuture<R> submit(SerializableFunction<? super A, ? extends R> fn, A arg) {
    Objects.requireNonNull(fn, "fn");
    return submitTask((SerializableCallable<R>) () -> fn.apply(arg));
  }

  /**
   * The process pool's {@code map}: {@code fn} over {@code args} in chunks of {@code chunksize}
   * arguments (one call per chunk), every chunk submitted at once, results in argument order.
   *
   * @param fn a serializable function
   * @param args the arguments, each serializable
   * @param timeoutOrNull seconds from now after which {@code next()} throws {@link
   *     io.jasyncio.TimeoutError}; null waits as long as it takes
   * @param chunksize arguments per call (at least 1); larger chunks cost less per argument
   * @param <A> the argument type
   * @param <R> the result type
   * @return the results; closing it cancels the chunks not yet sent to a member
   * @throws IllegalArgumentException if {@code chunksize < 1} or a value cannot be serialized
   */
  public <A, R> ResultIterator<R> map(
      SerializableFunction<? super A, ? extends R> fn,
      Iterable<? extends A> args,
      Double timeoutOrNull,
      int chunksize) {
    Objects.requireNonNull(fn, "fn");
    Objects.requireNonNull(args, "args");
    if (chunksize < 1) {
      throw new IllegalArgumentException("chunksize must be at least 1, got " + chunksize);
    }
    if (timeoutOrNull != null && Double.isNaN(timeoutOrNull)) {
      throw new IllegalArgumentException("timeout must be a number, not NaN");
    }
    long start = System.nanoTime();
    List<Call> calls = new ArrayList<>();
    List<CompletableFuture<Object>> futures = new ArrayList<>();
    List<Object> chunk = new ArrayList<>(chunksize);
    int index = 0;
    try {
      for (A a : args) {
        chunk.add(a);
        index++;
        if (chunk.size() == chunksize) {
          calls.add(chunkCall(fn, chunk, index - chunk.size(), futures));
          chunk = new ArrayList<>(chunksize);
        }
      }
      if (!chunk.isEmpty()) {
        calls.add(chunkCall(fn, chunk, index - chunk.size(), futures));
      }
      enqueue(calls);
    } catch (RuntimeException | Error e) {
      for (Call c : calls) {
        for (CompletableFuture<Object> f : c.futures) {
          f.cancel(false);
        }
      }
      throw e;
    }
    long deadline =
        timeoutOrNull == null
            ? 0
            : start + (long) Math.min(Long.MAX_VALUE / 4, Math.max(0, timeoutOrNull) * 1e9);
    return new ClusterMapResults<>(this, calls, futures, timeoutOrNull != null, deadline);
  }

  private Call chunkCall(
      SerializableFunction<?, ?> fn,
      List<Object> chunk,
      int first,
      List<CompletableFuture<Object>> all) {
    byte[] payload;
    try {
      payload = Wire.write(new Object[] {fn, chunk}, "the map's function or arguments");
    } catch (IllegalArgumentException e) {
      throw pinpoint(fn, chunk, first, e);
    }
    List<CompletableFuture<Object>> fs = new ArrayList<>(chunk.size());
    for (int i = 0; i < chunk.size(); i++) {
      fs.add(new CompletableFuture<>());
    }
    all.addAll(fs);
    return new Call(fn, payload, fs);
  }

  /** Names the function or the argument (by position) that cannot be serialized. */
  private static IllegalArgumentException pinpoint(
      Object fn, List<Object> chunk, int first, IllegalArgumentException e) {
    Wire.write(fn, "the map's function");
    for (int i = 0; i < chunk.size(); i++) {
      Wire.write(chunk.get(i), "argument " + (first + i) + " of map");
    }
    return e;
  }

  @SuppressWarnings("unchecked")
  private <T> CompletableFuture<T> submitTask(Object task) {
    Objects.requireNonNull(task, "task");
    if (!(task instanceof Serializable)) {
      throw new IllegalArgumentException(
          "the task ("
              + task.getClass().getName()
              + ") is not serializable: give a lambda or method reference typed as"
              + " SerializableCallable or SerializableRunnable, or a class that implements"
              + " java.io.Serializable, so that it can be sent to the cluster");
    }
    checkOpen();
    byte[] payload = Wire.write(new Object[] {task, null}, "the task");
    ClusterFuture<T> f = new ClusterFuture<>(this);
    Call call = new Call(task, payload, List.of((CompletableFuture<Object>) f));
    f.call = call;
    enqueue(List.of(call));
    return f;
  }

  private void checkOpen() {
    synchronized (lock) {
      if (broken != null) {
        throw broken;
      }
      if (shutdown) {
        throw new RejectedExecutionException(
            "ClusterExecutor for " + clusterName + " is shut down");
      }
    }
  }

  private void enqueue(List<Call> calls) {
    synchronized (lock) {
      if (broken != null) {
        throw broken;
      }
      if (shutdown) {
        throw new RejectedExecutionException(
            "ClusterExecutor for " + clusterName + " is shut down");
      }
      pending.addAll(calls);
    }
    pump();
  }

  // ---- dispatch ------------------------------------------------------------------------------

  /** Sends queued calls to the members with free room. */
  private void pump() {
    List<Call> out = new ArrayList<>();
    synchronized (lock) {
      long now = System.nanoTime();
      while (!pending.isEmpty() && broken == null) {
        Slot best = null;
        int bestFree = 0;
        for (Slot s : slots.values()) {
          int free = s.free(now);
          if (free > bestFree) {
            best = s;
            bestFree = free;
          }
        }
        if (best == null) {
          break;
        }
        Call c = pending.poll();
        c.state = Call.SENT;
        c.slot = best;
        c.attempts++;
        best.running++;
        sent.add(c);
        out.add(c);
      }
    }
    for (Call c : out) {
      send(c);
    }
  }

  @SuppressWarnings("unchecked")
  private void send(Call c) {
    Slot slot;
    int attempt;
    synchronized (lock) {
      slot = c.slot;
      attempt = c.attempts;
    }
    Future<byte[]> f;
    try {
      f = remote.submitToMember(c.work(), slot.member);
    } catch (RuntimeException e) {
      results.execute(() -> failed(c, slot, attempt, e));
      return;
    }
    ((CompletableFuture<byte[]>) f)
        .whenCompleteAsync(
            (bytes, error) -> {
              if (error != null) {
                failed(c, slot, attempt, error);
              } else {
                succeeded(c, slot, attempt, bytes);
              }
            },
            results);
  }

  private void succeeded(Call c, Slot slot, int attempt, byte[] bytes) {
    synchronized (lock) {
      if (c.state != Call.SENT || c.attempts != attempt) {
        return;
      }
      c.state = Call.DONE;
      sent.remove(c);
      slot.running--;
      completedBy.merge(slot.address(), 1L, Long::sum);
      slot.probing = false;
      completedCalls++;
    }
    settle(c, bytes);
    pump();
    maybeTerminate();
  }

  private void failed(Call c, Slot slot, int attempt, Throwable error) {
    Throwable e = unwrap(error);
    boolean memberLost = memberLost(e);
    boolean fail;
    RuntimeException brokenNow;
    synchronized (lock) {
      brokenNow = broken;
      if (c.state != Call.SENT || c.attempts != attempt) {
        return;
      }
      slot.running--;
      sent.remove(c);
      if (memberLost) {
        if (client.getLifecycleService().isRunning()
            && client.getCluster().getMembers().contains(slot.member)) {
          slot.suspendedUntil = System.nanoTime() + SUSPEND_NANOS;
          slot.probing = true;
        } else {
          slots.remove(slot.member.getUuid());
          if (slots.isEmpty() && noMemberSince < 0) {
            noMemberSince = System.nanoTime();
          }
        }
      }
      fail = !memberLost || c.attempts >= MAX_ATTEMPTS || terminating || broken != null;
      if (fail) {
        c.state = Call.DONE;
      } else {
        c.state = Call.PENDING;
        pending.addFirst(c);
        resentCalls++;
      }
    }
    if (fail) {
      Throwable why;
      if (brokenNow != null) {
        why = brokenNow;
      } else if (memberLost && c.attempts >= MAX_ATTEMPTS) {
        why =
            new WorkerLostError(
                "the call was lost with its member "
                    + MAX_ATTEMPTS
                    + " times (last: "
                    + slot.address()
                    + "): does the task kill its member? last failure: "
                    + e);
      } else if (terminating) {
        why = new CancellationException("the executor was shut down");
      } else if (e instanceof com.hazelcast.client.HazelcastClientNotActiveException
          || !client.getLifecycleService().isRunning()) {
        // The client gave up (no member for too long) before its lifecycle event reached us.
        why =
            new BrokenCluster(
                "no member of cluster " + clusterName + " is reachable: the client gave up", e);
      } else {
        why = new IllegalStateException("the cluster could not run the call: " + e, e);
      }
      for (CompletableFuture<Object> f : c.futures) {
        f.completeExceptionally(why);
      }
      maybeTerminate();
    } else {
      results.schedule(this::pump, 0, TimeUnit.NANOSECONDS);
      results.schedule(this::pump, SUSPEND_NANOS + 1_000_000, TimeUnit.NANOSECONDS);
    }
  }

  private static boolean memberLost(Throwable e) {
    return e instanceof RetryableException
        || e instanceof TargetDisconnectedException
        || e instanceof HazelcastInstanceNotActiveException
        || e instanceof IOException
        || e instanceof RejectedExecutionException
        || (e instanceof IllegalStateException && !(e instanceof HazelcastClientNotActiveException)
            && String.valueOf(e.getMessage()).contains("not active"));
  }

  private static Throwable unwrap(Throwable e) {
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && !(e instanceof RetryableException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  /** Completes the call's futures with the outcomes a member sent back. */
  @SuppressWarnings("unchecked")
  private void settle(Call c, byte[] bytes) {
    List<Work.Outcome> outcomes;
    try {
      outcomes = (List<Work.Outcome>) Wire.read(bytes, loader());
    } catch (IOException | ClassNotFoundException | RuntimeException e) {
      for (CompletableFuture<Object> f : c.futures) {
        f.completeExceptionally(
            new IllegalStateException("a result from the cluster cannot be read here: " + e, e));
      }
      return;
    }
    for (int i = 0; i < c.futures.size(); i++) {
      Work.Outcome o = outcomes.get(i);
      if (o.error() == null) {
        c.futures.get(i).complete(o.value());
      } else {
        c.futures.get(i).completeExceptionally(RemoteTraceback.attach(o.error()));
      }
    }
  }

  private ClassLoader loader() {
    ClassLoader l = Thread.currentThread().getContextClassLoader();
    return l != null ? l : ClusterExecutor.class.getClassLoader();
  }

  /** Cancels a call that is still in the queue; false once it has been sent. */
  boolean cancelPending(Call c) {
    synchronized (lock) {
      if (c == null || c.state != Call.PENDING) {
        return false;
      }
      pending.remove(c);
      c.state = Call.DONE;
    }
    cancelFutures(c);
    maybeTerminate();
    return true;
  }

  private static void cancelFutures(Call c) {
    for (CompletableFuture<Object> f : c.futures) {
      if (f instanceof ClusterFuture<?> cf) {
        cf.settleCancelled();
      } else {
        f.cancel(false);
      }
    }
  }

  /** Fails everything, for good. */
  private void breakDown(RuntimeException why) {
    List<Call> victims = new ArrayList<>();
    synchronized (lock) {
      if (broken != null) {
        return;
      }
      broken = why;
      victims.addAll(pending);
      victims.addAll(sent);
      pending.clear();
      sent.clear();
      for (Call c : victims) {
        c.state = Call.DONE;
      }
    }
    for (Call c : victims) {
      for (CompletableFuture<Object> f : c.futures) {
        f.completeExceptionally(why);
      }
    }
    maybeTerminate();
  }

  // ---- the ExecutorService side ---------------------------------------------------------------

  /**
   * Runs {@code task} on a member; it must be serializable (a {@link SerializableCallable}).
   *
   * @throws IllegalArgumentException if the task is not serializable
   */
  @Override
  public <T> CompletableFuture<T> submit(Callable<T> task) {
    return submitTask(task);
  }

  /**
   * Runs {@code task} on a member; it must be serializable (a {@link
   * io.jasyncio.multiprocessing.SerializableRunnable}).
   *
   * @throws IllegalArgumentException if the task is not serializable
   */
  @Override
  public CompletableFuture<?> submit(Runnable task) {
    return submitTask(task);
  }

  /**
   * Runs {@code task} on a member and completes with {@code result}.
   *
   * @throws IllegalArgumentException if the task is not serializable
   */
  @Override
  public <T> CompletableFuture<T> submit(Runnable task, T result) {
    return this.<Object>submitTask(task).thenApply(ignored -> result);
  }

  /**
   * Runs {@code command} on a member; its exception, if any, is lost as with {@code execute} on a
   * thread pool (use {@code submit} to see it).
   *
   * @throws IllegalArgumentException if the command is not serializable
   */
  @Override
  public void execute(Runnable command) {
    submitTask(command);
  }

  @Override
  public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks)
      throws InterruptedException {
    List<Future<T>> fs = new ArrayList<>();
    for (Callable<T> t : tasks) {
      fs.add(submit(t));
    }
    for (Future<T> f : fs) {
      try {
        f.get();
      } catch (ExecutionException | CancellationException e) {
        // Reported through the future.
      }
    }
    return fs;
  }

  @Override
  public <T> List<Future<T>> invokeAll(
      Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    List<Future<T>> fs = new ArrayList<>();
    for (Callable<T> t : tasks) {
      fs.add(submit(t));
    }
    for (Future<T> f : fs) {
      long left = deadline - System.nanoTime();
      try {
        f.get(Math.max(0, left), TimeUnit.NANOSECONDS);
      } catch (ExecutionException | CancellationException e) {
        // Reported through the future.
      } catch (TimeoutException e) {
        for (Future<T> g : fs) {
          g.cancel(false);
        }
        break;
      }
    }
    return fs;
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks)
      throws InterruptedException, ExecutionException {
    try {
      return invokeAny(tasks, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new ExecutionException(e);
    }
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("no tasks");
    }
    List<CompletableFuture<T>> fs = new ArrayList<>();
    for (Callable<T> t : tasks) {
      fs.add(submit(t));
    }
    CompletableFuture<T> first = new CompletableFuture<>();
    AtomicInteger failures = new AtomicInteger();
    for (CompletableFuture<T> f : fs) {
      f.whenComplete(
          (v, e) -> {
            if (e == null) {
              first.complete(v);
            } else if (failures.incrementAndGet() == fs.size()) {
              first.completeExceptionally(e);
            }
          });
    }
    try {
      return first.get(timeout, unit);
    } finally {
      for (CompletableFuture<T> f : fs) {
        f.cancel(false);
      }
    }
  }

  /**
   * No new calls; calls not yet sent to a member are cancelled; calls on members finish, then the
   * client disconnects. The cluster and its other clients are not affected.
   */
  @Override
  public void shutdown() {
    List<Call> cancelled = new ArrayList<>();
    synchronized (lock) {
      shutdown = true;
      cancelled.addAll(pending);
      pending.clear();
      for (Call c : cancelled) {
        c.state = Call.DONE;
      }
    }
    for (Call c : cancelled) {
      cancelFutures(c);
    }
    maybeTerminate();
  }

  /**
   * As {@link #shutdown()}, and the futures of calls running on members are cancelled at once
   * (the members finish them, and their results are dropped).
   *
   * @return the tasks that were never sent
   */
  @Override
  public List<Runnable> shutdownNow() {
    List<Call> queued = new ArrayList<>();
    List<Call> running = new ArrayList<>();
    synchronized (lock) {
      shutdown = true;
      queued.addAll(pending);
      running.addAll(sent);
      pending.clear();
      sent.clear();
      for (Call c : queued) {
        c.state = Call.DONE;
      }
      for (Call c : running) {
        c.state = Call.DONE;
      }
    }
    List<Runnable> never = new ArrayList<>();
    for (Call c : queued) {
      cancelFutures(c);
      if (c.task instanceof Runnable r) {
        never.add(r);
      } else if (c.task instanceof Callable<?> callable) {
        never.add(
            () -> {
              try {
                callable.call();
              } catch (Exception e) {
                throw new CompletionException(e);
              }
            });
      }
    }
    for (Call c : running) {
      cancelFutures(c);
    }
    maybeTerminate();
    return never;
  }

  private void maybeTerminate() {
    synchronized (lock) {
      if (terminating || !(shutdown || broken != null) || !sent.isEmpty() || !pending.isEmpty()) {
        return;
      }
      terminating = true;
    }
    Thread.ofPlatform()
        .daemon()
        .name("jasyncio-cluster-client-shutdown")
        .start(
            () -> {
              try {
                client.shutdown();
              } catch (RuntimeException e) {
                // Already down (the cluster was lost): nothing left to close.
              } finally {
                results.shutdownNow();
                terminated.countDown();
              }
            });
  }

  @Override
  public boolean isShutdown() {
    synchronized (lock) {
      return shutdown || broken != null;
    }
  }

  @Override
  public boolean isTerminated() {
    return terminated.getCount() == 0;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return terminated.await(timeout, unit);
  }

  /** {@link #shutdown()}, then waits until the calls on members have finished and it disconnected. */
  @Override
  public void close() {
    shutdown();
    boolean interrupted = false;
    while (true) {
      try {
        terminated.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
        shutdownNow();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  // ---- state ---------------------------------------------------------------------------------

  /**
   * How many members the cluster has now.
   *
   * @return the member count the client sees (0 once disconnected)
   */
  public int members() {
    if (!client.getLifecycleService().isRunning()) {
      return 0;
    }
    return client.getCluster().getMembers().size();
  }

  /**
   * The cluster's name.
   *
   * @return the name given to {@link #connect}
   */
  public String clusterName() {
    return clusterName;
  }

  /**
   * How many calls each member has completed for this executor, by member address (members that
   * have left included): how the work was spread.
   *
   * @return "host:port" to completed calls (a map chunk counts as one call)
   */
  public Map<String, Long> completedByMember() {
    synchronized (lock) {
      return new LinkedHashMap<>(completedBy);
    }
  }

  /** How many calls were sent again because their member was lost (for tests and diagnostics). */
  long resentCalls() {
    synchronized (lock) {
      return resentCalls;
    }
  }

  @Override
  public String toString() {
    synchronized (lock) {
      String state =
          broken != null
              ? "broken"
              : isTerminated() ? "terminated" : shutdown ? "shutting down" : "running";
      return "ClusterExecutor["
          + clusterName
          + ", "
          + state
          + ", members="
          + slots.size()
          + ", pending="
          + pending.size()
          + ", running="
          + sent.size()
          + ", completed="
          + completedCalls
          + ", resent="
          + resentCalls
          + "]";
    }
  }
}
