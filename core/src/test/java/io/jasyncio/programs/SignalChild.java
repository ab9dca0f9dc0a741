package io.jasyncio.programs;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.KeyboardInterrupt;
import io.jasyncio.Task;

/**
 * The program that {@code SignalHandlerTest} runs in a child JVM and sends real signals to ({@code
 * kill -INT PID}); it says what happens on its standard output, one line at a time, and prints
 * "ready" when the signal may come. In a package of its own, outside the io.jasyncio module's
 * packages, so that it also runs beside that module on the module path.
 */
public final class SignalChild {
  private SignalChild() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "handlers" -> handlers();
      case "run" -> run();
      case "twice" -> twice();
      case "removed" -> removed();
      case "sigterm-default" -> sigtermDefault();
      case "sigterm-handled" -> sigtermHandled();
      case "ignored" -> ignored();
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  private static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }

  /** Started under nohup: SIGHUP cannot be handled, and says why; SIGTERM still can. */
  private static void ignored() {
    Asyncio.run(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      try {
        loop.addSignalHandler(EventLoop.SIGHUP, () -> say("never"));
        say("SIGHUP handler installed");
      } catch (IllegalStateException e) {
        say("IllegalStateException: " + e.getMessage());
      }
      loop.addSignalHandler(EventLoop.SIGTERM, () -> say("never"));
      say("SIGTERM handler installed");
      return null;
    });
  }

  /** A handler for each of the three signals; each says it ran on the loop; three signals end it. */
  private static void handlers() {
    Asyncio.run(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      Future<Void> all = loop.createFuture();
      int[] seen = {0};
      for (int sig : new int[] {EventLoop.SIGHUP, EventLoop.SIGINT, EventLoop.SIGTERM}) {
        loop.addSignalHandler(sig, () -> {
          say("signal " + sig + " on the loop: " + (Asyncio.getRunningLoopOrNull() == loop));
          if (++seen[0] == 3) {
            all.setResult(null);
          }
        });
      }
      say("ready");
      Asyncio.await(all);
      say("done");
      return null;
    });
  }

  /** Asyncio.run's Ctrl-C: the main task is cancelled, its finally block runs, then the interrupt. */
  private static void run() {
    // @start region="keyboardInterrupt"
    try {
      Asyncio.run(() -> {
        say("ready");
        try {
          Asyncio.sleep(3600);                    // Ctrl-C here...
        } finally {
          say("finally block ran");               // ...runs this...
        }
        return null;
      });
    } catch (KeyboardInterrupt e) {
      say("interrupted");                         // ...then Asyncio.run throws KeyboardInterrupt
      System.exit(130);
    }
    // @end
  }

  /** A second Ctrl-C while the cancelled main task still cleans up stops the JVM at once. */
  private static void twice() {
    try {
      Asyncio.run(() -> {
        say("ready");
        try {
          Asyncio.sleep(3600);
        } catch (CancelledError e) {
          say("cleaning up");
          Asyncio.sleep(3600);                    // a cleanup that takes an hour
          throw e;
        }
        return null;
      });
    } catch (KeyboardInterrupt e) {
      say("interrupted");
    }
  }

  /** A removed handler gives the signal back: Ctrl-C stops the JVM as usual. */
  private static void removed() {
    try (EventLoop loop = EventLoop.create()) {
      loop.addSignalHandler(EventLoop.SIGINT, () -> say("handled"));
      say("removed " + loop.removeSignalHandler(EventLoop.SIGINT));
      say("removed again " + loop.removeSignalHandler(EventLoop.SIGINT));
      say("ready");
      loop.runUntilComplete(() -> Asyncio.sleep(3600, null));
    }
  }

  /** Without a handler, SIGTERM ends the JVM (shutdown hooks run, finally blocks do not). */
  private static void sigtermDefault() {
    Asyncio.run(() -> {
      say("ready");
      try {
        Asyncio.sleep(3600);
      } finally {
        say("finally block ran");
      }
      return null;
    });
  }

  /** SIGTERM handled as Ctrl-C: the main task is cancelled and cleans up. */
  private static void sigtermHandled() {
    try {
      // @start region="sigterm"
      Asyncio.run(() -> {
        Task<?> main = Asyncio.currentTask();
        Asyncio.getRunningLoop().addSignalHandler(EventLoop.SIGTERM, () -> main.cancel("SIGTERM"));
        say("ready");
        try {
          Asyncio.sleep(3600);                    // kill PID: the task is cancelled here...
        } finally {
          say("finally block ran");               // ...and cleans up
        }
        return null;
      });
      // @end
    } catch (CancelledError e) {
      say("cancelled: " + e.getMessage());
    }
  }
}
