package io.jasyncio;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Proxy;

/**
 * The process's signal handlers behind {@link EventLoop#addSignalHandler} and {@link Asyncio#run}'s
 * Ctrl-C (asyncio's {@code add_signal_handler} and the {@code Runner}'s SIGINT handler).
 *
 * <p>A signal has one handler per process: the last loop to add one for a signal gets it, as in
 * asyncio, where {@code signal.signal} is process-wide. jasyncio installs its handler with {@code
 * sun.misc.Signal} (module {@code jdk.unsupported}, which every JDK has and exports without a
 * flag, on the class path and on the module path alike); {@code jdk.internal.misc.Signal} would
 * need {@code --add-exports java.base/jdk.internal.misc}. The JVM runs the handler on a thread of
 * its own, which hands the callback to the loop through {@link EventLoop#callSoonThreadsafe}. The
 * handler that was there before jasyncio (the JVM's own, which starts the shutdown sequence) is
 * kept and put back when the last jasyncio handler for the signal is removed or its loop closed.
 *
 * <p>{@code sun.misc.Signal} is reached through method handles and its handler interface through
 * a {@link Proxy}, so that compiling and the javadoc tool give no "internal proprietary API"
 * warning; the module {@code requires jdk.unsupported} for it.
 *
 * <p><b>Threads.</b> Thread-safe: every method synchronizes on the class.
 */
final class SignalHandlers {
  private static final Logger LOG = System.getLogger("io.jasyncio");

  /** SIGHUP: the terminal hung up (or a daemon is asked to reload). */
  static final int SIGHUP = 1;

  /** SIGINT: Ctrl-C. */
  static final int SIGINT = 2;

  /** SIGTERM: a polite request to stop ({@code kill PID}, systemd, Docker, Kubernetes). */
  static final int SIGTERM = 15;

  /** One installed handler: whose it is, and what was there before jasyncio took the signal. */
  private record Entry(EventLoop loop, Runnable callback, Object before, Object signal) {}

  private static final Map<Integer, Entry> INSTALLED = new HashMap<>();

  /** sun.misc.Signal and sun.misc.SignalHandler, through method handles. */
  private static final class Jdk {
    static final Class<?> HANDLER;
    static final MethodHandle NEW_SIGNAL;
    static final MethodHandle HANDLE;
    static final MethodHandle RAISE;
    static final MethodHandle NAME;
    /** {@code SignalHandler.SIG_IGN}: what the JVM answers for a signal the process ignores. */
    static final Object SIG_IGN;

    static {
      try {
        Class<?> signal = Class.forName("sun.misc.Signal");
        HANDLER = Class.forName("sun.misc.SignalHandler");
        MethodHandles.Lookup l = MethodHandles.publicLookup();
        NEW_SIGNAL = l.findConstructor(signal, MethodType.methodType(void.class, String.class));
        HANDLE = l.findStatic(signal, "handle", MethodType.methodType(HANDLER, signal, HANDLER));
        RAISE = l.findStatic(signal, "raise", MethodType.methodType(void.class, signal));
        NAME = l.findVirtual(signal, "getName", MethodType.methodType(String.class));
        SIG_IGN = l.findStaticGetter(HANDLER, "SIG_IGN", HANDLER).invoke();
      } catch (Throwable e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    static Object signal(String name) {
      return invoke(NEW_SIGNAL, name);
    }

    /** Installs {@code handler}; returns the one it replaces. */
    static Object handle(Object signal, Object handler) {
      return invoke(HANDLE, signal, handler);
    }

    static void raise(Object signal) {
      invoke(RAISE, signal);
    }

    static String name(Object signal) {
      return (String) invoke(NAME, signal);
    }

    /** A SignalHandler that runs {@code action}. */
    static Object handler(Runnable action) {
      return Proxy.newProxyInstance(
          SignalHandlers.class.getClassLoader(),
          new Class<?>[] {HANDLER},
          (proxy, method, args) ->
              switch (method.getName()) {
                case "handle" -> {
                  action.run();
                  yield null;
                }
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> "jasyncio signal handler";
              });
    }

    private static Object invoke(MethodHandle h, Object... args) {
      try {
        return h.invokeWithArguments(args);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new IllegalStateException(t);
      }
    }
  }

  private SignalHandlers() {}

  /** The JDK's name of {@code signal} ("INT"), or IllegalArgumentException naming the choices. */
  static String name(int signal) {
    return switch (signal) {
      case SIGHUP -> "HUP";
      case SIGINT -> "INT";
      case SIGTERM -> "TERM";
      default ->
          throw new IllegalArgumentException(
              "signal "
                  + signal
                  + " is not supported: addSignalHandler() handles SIGHUP (1), SIGINT (2) and"
                  + " SIGTERM (15)");
    };
  }

  /** {@link EventLoop#addSignalHandler}. */
  static void add(SelectorEventLoop loop, int signal, Runnable callback) {
    String name = name(signal);
    Objects.requireNonNull(callback, "callback");
    loop.checkClosed();
    if (!loop.onLoopThread()) {
      throw new IllegalStateException(
          "addSignalHandler() must be called on the event loop's thread, or before the loop runs"
              + " (from another thread, use callSoonThreadsafe)");
    }
    install(loop, signal, name, callback);
  }

  /** {@link EventLoop#removeSignalHandler}: whether {@code loop} had a handler for the signal. */
  static boolean remove(SelectorEventLoop loop, int signal) {
    name(signal);
    if (!loop.onLoopThread()) {
      throw new IllegalStateException(
          "removeSignalHandler() must be called on the event loop's thread, or while the loop"
              + " does not run");
    }
    synchronized (SignalHandlers.class) {
      Entry e = INSTALLED.get(signal);
      if (e == null || e.loop != loop) {
        return false;
      }
      uninstall(signal, e);
      return true;
    }
  }

  /** When {@code loop} closes: its handlers go, the handlers from before come back. */
  static synchronized void closed(EventLoop loop) {
    for (Iterator<Map.Entry<Integer, Entry>> it = INSTALLED.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<Integer, Entry> me = it.next();
      if (me.getValue().loop == loop) {
        restore(me.getValue());
        it.remove();
      }
    }
  }

  /**
   * {@link Asyncio#run}'s Ctrl-C, as Python 3.11's {@code Runner}: the first SIGINT cancels {@code
   * main} (its {@code finally} blocks run, and {@code Asyncio.run} then throws {@link
   * KeyboardInterrupt}); a second one, while the cancelled task still cleans up, gives SIGINT back
   * to the JVM's own handler and raises it again, so that the JVM stops at once (exit status 130),
   * as Python's second Ctrl-C raises {@code KeyboardInterrupt} at once. Installed only when no
   * jasyncio handler has SIGINT (another {@code Asyncio.run} on another thread, or a loop's own
   * handler); the JVM may refuse it ({@code -Xrs}): then Ctrl-C keeps the JVM's behaviour.
   *
   * @return the count of SIGINTs received, or null when nothing was installed
   */
  static synchronized AtomicInteger installRunnerSigint(SelectorEventLoop loop, Task<?> main) {
    if (INSTALLED.containsKey(SIGINT)) {
      return null;
    }
    RunnerSigint r = new RunnerSigint(main, new AtomicInteger());
    try {
      install(loop, SIGINT, "INT", r);
    } catch (IllegalStateException e) {
      LOG.log(Level.DEBUG, "Ctrl-C keeps the JVM's behaviour: " + e.getMessage());
      return null;
    }
    return r.interrupts;
  }

  /** Removes the runner's SIGINT handler if it is still the one installed for {@code loop}. */
  static synchronized void removeRunnerSigint(SelectorEventLoop loop) {
    Entry e = INSTALLED.get(SIGINT);
    if (e != null && e.loop == loop && e.callback instanceof RunnerSigint) {
      uninstall(SIGINT, e);
    }
  }

  /** The runner's SIGINT callback: on the loop, cancels the main task unless it is done. */
  private record RunnerSigint(Task<?> main, AtomicInteger interrupts) implements Runnable {
    @Override
    public void run() {
      if (!main.done()) {
        main.cancel();
      }
    }
  }

  private static synchronized void install(
      SelectorEventLoop loop, int signal, String name, Runnable callback) {
    Entry old = INSTALLED.get(signal);
    Object sig = Jdk.signal(name);
    Object handler = Jdk.handler(() -> deliver(signal));
    Object before;
    try {
      before = Jdk.handle(sig, handler);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "the JVM does not let SIG" + name + " be handled: " + e.getMessage(), e);
    }
    if (before == Jdk.SIG_IGN) {
      // The process was started with the signal ignored (nohup ignores SIGHUP; a background job
      // of a non-interactive shell, SIGINT): the JVM then keeps it ignored and never calls the
      // handler it was given, so a handler would be silently dead. Say so instead.
      Jdk.handle(sig, before);
      throw new IllegalStateException(
          "SIG"
              + name
              + " is ignored by this process (it was ignored when the JVM started, as under nohup"
              + " or in a background job of a non-interactive shell): the JVM cannot handle it");
    }
    // A handler replaced by another jasyncio handler keeps the one from before jasyncio.
    INSTALLED.put(signal, new Entry(loop, callback, old != null ? old.before : before, sig));
  }

  /** On the JVM's signal thread: hands the callback to its loop. */
  private static void deliver(int signal) {
    Entry e;
    synchronized (SignalHandlers.class) {
      e = INSTALLED.get(signal);
    }
    if (e == null) {
      return;
    }
    if (e.callback instanceof RunnerSigint r && r.interrupts.incrementAndGet() > 1) {
      // A second Ctrl-C while the main task still cleans up: the JVM's own handler, at once.
      synchronized (SignalHandlers.class) {
        if (INSTALLED.get(signal) == e) {
          uninstall(signal, e);
        }
      }
      Jdk.raise(e.signal);
      return;
    }
    // A loop closed between the signal and now: its handlers are being removed.
    io.jasyncio.internal.io.IoLoop.of(e.loop).trySoonThreadsafe(e.callback);
  }

  private static void uninstall(int signal, Entry e) {
    INSTALLED.remove(signal);
    restore(e);
  }

  private static void restore(Entry e) {
    try {
      Jdk.handle(e.signal, e.before);
    } catch (IllegalArgumentException ex) {
      LOG.log(Level.DEBUG, "could not restore the handler of SIG" + Jdk.name(e.signal), ex);
    }
  }
}
