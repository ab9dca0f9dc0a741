package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DebugModeTest extends TestBase {

  private static String stackOf(Throwable t) {
    return Arrays.toString(t.getStackTrace());
  }

  @Test
  void slowTaskStepIsLoggedWithTheTasksNameAndStack() throws Exception {
    try (LogCapture log = new LogCapture();
        EventLoop loop = EventLoop.create(Clock.virtual())) {
      loop.setDebug(true);
      assertTrue(loop.getDebug());
      loop.setSlowCallbackDuration(0); // every step counts as slow: no need to waste real time
      Future<Void> gate = loop.createFuture();
      Task<Void> t = loop.createTask(() -> waitForGate(gate), "slowpoke");
      loop.runUntilComplete(() -> Asyncio.sleep(0, null));
      TestLoggerFinder.Entry e = log.await("Executing step of Task[name=slowpoke", 5);
      assertNotNull(e, log.records().toString());
      assertEquals(System.Logger.Level.WARNING, e.level());
      assertTrue(e.message().matches(".* took \\d+\\.\\d{3} seconds; coroutine .*"), e.message());
      assertEquals("task slowpoke now waits at", e.thrown().getMessage());
      assertTrue(stackOf(e.thrown()).contains("waitForGate"), stackOf(e.thrown()));
      gate.setResult(null);
      loop.runUntilComplete(t);
    }
  }

  @Test
  void slowFinishedStepNamesTheTaskTheCoroutinesSourceAndAHint() throws Exception {
    try (LogCapture log = new LogCapture();
        EventLoop loop = EventLoop.create(Clock.virtual())) {
      loop.setDebug(true);
      loop.setSlowCallbackDuration(0); // every step counts as slow
      Task<Integer> t = loop.createTask(() -> 6 * 7, "quick-but-counted");
      assertEquals(42, loop.runUntilComplete(t));
      TestLoggerFinder.Entry e = log.await("Executing step of Task[name=quick-but-counted", 5);
      assertNotNull(e, log.records().toString());
      String m = String.valueOf(e.message());
      assertTrue(
          m.contains(
              "; coroutine io.jasyncio.DebugModeTest (task created at"
                  + " io.jasyncio.DebugModeTest.slowFinishedStepNamesTheTaskTheCoroutinesSourceAndAHint(DebugModeTest.java:"),
          m);
      assertTrue(m.endsWith("; blocking call inside a coroutine? use Asyncio.toThread"), m);
    }
  }

  private static Void waitForGate(Future<Void> gate) {
    return Asyncio.await(gate);
  }

  @Test
  void slowCallbackIsLogged() throws Exception {
    try (LogCapture log = new LogCapture();
        EventLoop loop = EventLoop.create(Clock.virtual())) {
      loop.setDebug(true);
      loop.setSlowCallbackDuration(0);
      Runnable named =
          new Runnable() {
            @Override
            public void run() {}

            @Override
            public String toString() {
              return "the-named-callback";
            }
          };
      loop.callSoon(named);
      loop.stop();
      loop.runForever();
      assertNotNull(log.await("Executing Handle[the-named-callback] took", 5));
    }
  }

  @Test
  void nothingIsLoggedForFastCallbacksOrWithoutDebug() throws Exception {
    try (LogCapture log = new LogCapture();
        EventLoop loop = EventLoop.create(Clock.virtual())) {
      loop.setDebug(false);
      loop.setSlowCallbackDuration(0);
      loop.runUntilComplete(() -> Asyncio.sleep(1, null));
      loop.setDebug(true);
      loop.setSlowCallbackDuration(3600);
      loop.runUntilComplete(() -> Asyncio.sleep(1, null));
      assertEquals(List.of(), log.matching("Executing"));
    }
  }

  @Test
  void foreignThreadCallsThrowInDebugMode() {
    try (EventLoop loop = EventLoop.create(Clock.virtual())) {
      loop.setDebug(true);
      String msg =
          loop.runUntilComplete(
              () ->
                  Asyncio.await(
                      Asyncio.toThread(
                          () -> {
                            IllegalStateException e =
                                assertThrows(IllegalStateException.class, () -> loop.callSoon(() -> {}));
                            assertThrows(IllegalStateException.class, () -> loop.callLater(1, () -> {}));
                            assertThrows(IllegalStateException.class, () -> loop.createTask(() -> 1));
                            assertThrows(
                                IllegalStateException.class, () -> loop.runInExecutor(null, () -> 1));
                            loop.callSoonThreadsafe(() -> {}); // the thread-safe one is fine
                            return e.getMessage();
                          })));
      assertEquals(
          "Non-thread-safe operation callSoon() invoked on an event loop other than the current one",
          msg);
    }
  }

  @Test
  void foreignThreadCallsOfLoopBoundObjectsThrowInDebugMode() {
    try (EventLoop loop = EventLoop.create(Clock.virtual())) {
      loop.setDebug(true);
      List<String> messages =
          loop.runUntilComplete(
              () -> {
                Future<String> f = Asyncio.getRunningLoop().createFuture();
                Task<Void> sleeper = Asyncio.createTask(() -> Asyncio.sleep(10, null), "sleeper");
                io.jasyncio.locks.Lock lock = new io.jasyncio.locks.Lock();
                lock.acquire(); // binds the lock to this loop
                io.jasyncio.locks.Event event = new io.jasyncio.locks.Event();
                Task<Void> waiter = Asyncio.createTask(() -> { event.await(); return null; });
                io.jasyncio.queues.Queue<String> q = new io.jasyncio.queues.Queue<>();
                Task<String> getter = Asyncio.createTask(q::get);
                Asyncio.sleep(0); // the waiter and the getter bind the event and the queue
                List<String> got =
                    Asyncio.await(
                        Asyncio.toThread(
                            () -> {
                              List<String> out = new java.util.ArrayList<>();
                              for (org.junit.jupiter.api.function.Executable call :
                                  List.<org.junit.jupiter.api.function.Executable>of(
                                      () -> f.setResult("x"),
                                      () -> f.setException(new RuntimeException()),
                                      () -> f.cancel(),
                                      () -> sleeper.cancel(),
                                      lock::release,
                                      event::set,
                                      event::clear,
                                      () -> q.putNowait("x"),
                                      q::getNowait)) {
                                out.add(assertThrows(IllegalStateException.class, call).getMessage());
                              }
                              return out;
                            }));
                assertFalse(f.done());
                assertFalse(sleeper.done());
                assertTrue(lock.locked());
                sleeper.cancel();
                waiter.cancel();
                getter.cancel();
                return got;
              });
      assertEquals(9, messages.size());
      for (String m : messages) {
        assertTrue(m.startsWith("Non-thread-safe operation "), m);
      }
      assertTrue(messages.get(0).startsWith("Non-thread-safe operation setResult()"), messages.get(0));
      assertTrue(
          messages.get(4).startsWith("Non-thread-safe operation release() of Lock["), messages.get(4));
      assertTrue(messages.get(4).endsWith("use loop.callSoonThreadsafe()"), messages.get(4));
    }
  }

  @Test
  void withoutDebugModeNoThreadCheckIsMade() {
    try (EventLoop loop = EventLoop.create(Clock.virtual())) {
      boolean cancelled =
          loop.runUntilComplete(
              () -> {
                Future<String> f = Asyncio.getRunningLoop().createFuture();
                f.setResult("done");
                // Cancelling a done future changes nothing: safe to try from another thread here.
                return Asyncio.await(Asyncio.toThread(() -> f.cancel()));
              });
      assertFalse(cancelled);
    }
  }

  @Test
  void anotherThreadMaySetUpALoopThatDoesNotRun() throws Exception {
    try (EventLoop loop = EventLoop.create(Clock.virtual())) {
      loop.setDebug(true);
      java.util.List<String> got = new java.util.ArrayList<>();
      Thread setup = Thread.ofPlatform().start(() -> loop.callSoon(() -> got.add("set up elsewhere")));
      setup.join(10_000);
      loop.stop();
      loop.runForever();
      assertEquals(List.of("set up elsewhere"), got);
    }
  }

  @Test
  void tasksPendingAtTheEndOfRunAreReportedWithWhereTheyWereCreated() throws Exception {
    try (LogCapture log = new LogCapture()) {
      Asyncio.runVirtual(
          () -> {
            createForgottenTask();
            Asyncio.sleep(0);
            return null;
          },
          true);
      TestLoggerFinder.Entry e = log.await("Task still pending when Asyncio.run() ended", 5);
      assertNotNull(e);
      assertTrue(e.message().contains("name=forgotten"), e.message());
      assertEquals("task created here", e.thrown().getMessage());
      assertTrue(stackOf(e.thrown()).contains("createForgottenTask"), stackOf(e.thrown()));
    }
  }

  private static void createForgottenTask() {
    Asyncio.createTask(() -> Asyncio.sleep(3600, null), "forgotten");
  }

  @Test
  void pendingTasksAreNotReportedWithoutDebug() throws Exception {
    try (LogCapture log = new LogCapture()) {
      Asyncio.runVirtual(
          () -> {
            Asyncio.createTask(() -> Asyncio.sleep(3600, null), "quiet");
            Asyncio.sleep(0);
            return null;
          },
          false);
      assertEquals(List.of(), log.matching("still pending"));
    }
  }

  @Test
  void closingALoopWithPendingTasksReportsThemInDebugMode() throws Exception {
    try (LogCapture log = new LogCapture()) {
      EventLoop loop = EventLoop.create(Clock.virtual());
      loop.setDebug(true);
      loop.createTask(() -> null, "never-ran");
      loop.close();
      TestLoggerFinder.Entry e = log.await("Task was destroyed but it is pending", 5);
      assertNotNull(e);
      assertTrue(e.message().contains("name=never-ran"), e.message());
    }
  }

  @Test
  void runWithDebug() {
    assertTrue(Asyncio.run(() -> Asyncio.getRunningLoop().getDebug(), true));
    assertFalse(Asyncio.run(() -> Asyncio.getRunningLoop().getDebug(), false));
    assertTrue(Asyncio.runVirtual(() -> Asyncio.getRunningLoop().getDebug(), true));
  }

  @Test
  void debugFromTheSystemProperty() {
    String before = System.getProperty("jasyncio.debug");
    try {
      System.setProperty("jasyncio.debug", "true");
      try (EventLoop loop = EventLoop.create()) {
        assertTrue(loop.getDebug());
      }
      assertTrue(Asyncio.runVirtual(() -> Asyncio.getRunningLoop().getDebug()));
      System.setProperty("jasyncio.debug", "false");
      try (EventLoop loop = EventLoop.create()) {
        assertEquals(System.getenv("JASYNCIO_DEBUG") != null
            && SelectorEventLoop.debugFlag(null, System.getenv("JASYNCIO_DEBUG")), loop.getDebug());
      }
    } finally {
      if (before == null) {
        System.clearProperty("jasyncio.debug");
      } else {
        System.setProperty("jasyncio.debug", before);
      }
    }
  }

  @Test
  void debugFromTheEnvironment() {
    // The environment cannot be changed from inside the JVM: check how it is read.
    assertTrue(SelectorEventLoop.debugFlag(null, "1"));
    assertTrue(SelectorEventLoop.debugFlag(null, "true"));
    assertFalse(SelectorEventLoop.debugFlag(null, "0"));
    assertFalse(SelectorEventLoop.debugFlag(null, ""));
    assertFalse(SelectorEventLoop.debugFlag(null, null));
    assertTrue(SelectorEventLoop.debugFlag("TRUE", null));
    assertFalse(SelectorEventLoop.debugFlag("no", null));
    assertEquals(
        SelectorEventLoop.debugFlag(
            System.getProperty("jasyncio.debug"), System.getenv("JASYNCIO_DEBUG")),
        SelectorEventLoop.debugDefault());
  }

  @Test
  void debugModeDoesNotChangeResults() {
    AtomicReference<String> r = new AtomicReference<>();
    r.set(Asyncio.runVirtual(() -> Asyncio.sleep(5, "same"), true));
    assertEquals("same", r.get());
    assertNull(Asyncio.currentTask());
  }
}
