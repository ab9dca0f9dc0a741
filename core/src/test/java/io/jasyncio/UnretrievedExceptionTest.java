package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A failed future or task whose exception nobody retrieved is reported when it is collected,
 * always (not only in debug mode), as CPython does; a retrieved one never is.
 */
class UnretrievedExceptionTest extends TestBase {

  /** Collects until a record containing {@code text} comes, for at most about five seconds. */
  private static TestLoggerFinder.Entry collectUntil(LogCapture log, String text)
      throws InterruptedException {
    TestLoggerFinder.Entry e = null;
    for (int i = 0; i < 50 && e == null; i++) {
      System.gc();
      e = log.await(text, 0.1);
    }
    return e;
  }

  @Test
  void aFailedTaskNobodyAwaitsIsReportedWithItsNameAndException() throws Exception {
    try (LogCapture log = new LogCapture();
        EventLoop loop = EventLoop.create(Clock.virtual())) {
      assertFalse(loop.getDebug());
      loop.runUntilComplete(
          () -> {
            Asyncio.createTask(
                () -> {
                  throw new IllegalStateException("task failed alone");
                },
                "lonely");
            Asyncio.sleep(0);
            return null;
          });
      TestLoggerFinder.Entry e = collectUntil(log, "Task exception was never retrieved");
      assertNotNull(e, "reported once the task was collected");
      assertEquals(System.Logger.Level.ERROR, e.level());
      assertTrue(String.valueOf(e.message()).contains("Task[name=lonely"), e.message());
      assertEquals("task failed alone", e.thrown().getMessage());
    }
  }

  @Test
  void aFailedFutureNobodyAsksIsReportedARetrievedOneIsNot() throws Exception {
    try (LogCapture log = new LogCapture();
        EventLoop loop = EventLoop.create(Clock.virtual())) {
      failAndForget(loop, "never retrieved");
      failAndRetrieve(loop, "retrieved by exception()");
      failAndAwait(loop, "retrieved by await");
      TestLoggerFinder.Entry e = collectUntil(log, "Future exception was never retrieved");
      assertNotNull(e, "reported once the future was collected");
      assertEquals("never retrieved", e.thrown().getMessage());
      // The retrieved ones were collected in the same passes and said nothing.
      for (int i = 0; i < 5; i++) {
        System.gc();
        log.await("never happens", 0.05);
      }
      List<String> reported =
          log.records().stream()
              .filter(r -> r.thrown() != null)
              .map(r -> r.thrown().getMessage())
              .toList();
      assertFalse(reported.contains("retrieved by exception()"), reported.toString());
      assertFalse(reported.contains("retrieved by await"), reported.toString());
    }
  }

  private static void failAndForget(EventLoop loop, String msg) {
    Future<Void> f = loop.createFuture();
    f.setException(new IllegalStateException(msg));
  }

  private static void failAndRetrieve(EventLoop loop, String msg) {
    Future<Void> f = loop.createFuture();
    f.setException(new IllegalStateException(msg));
    assertEquals(msg, f.exception().getMessage());
  }

  private static void failAndAwait(EventLoop loop, String msg) {
    Task<Void> t =
        loop.createTask(
            () -> {
              throw new IllegalStateException(msg);
            });
    String got =
        loop.runUntilComplete(
            () -> {
              try {
                Asyncio.await(t);
                return null;
              } catch (IllegalStateException e) {
                return e.getMessage();
              }
            });
    assertEquals(msg, got);
  }
}
