package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/** The errors a user meets first: misplaced suspending calls, wrong loops, null arguments. */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ErrorsTest extends TestBase {
  private final EventLoop loop = EventLoop.create(Clock.virtual());

  @AfterEach
  void closeLoop() {
    loop.close();
  }

  private static void assertOutsideCoroutine(String method, Executable call) {
    IllegalStateException e = assertThrows(IllegalStateException.class, call);
    assertEquals(
        method + "() must be called from a coroutine running on an event loop", e.getMessage());
  }

  @Test
  void suspendingMethodsOutsideACoroutineNameTheMethod() {
    Future<String> f = loop.createFuture();
    assertOutsideCoroutine("sleep", () -> Asyncio.sleep(1));
    assertOutsideCoroutine("sleep", () -> Asyncio.sleep(Duration.ofSeconds(1)));
    assertOutsideCoroutine("sleep", () -> Asyncio.sleep(1, "x"));
    assertOutsideCoroutine("await", () -> Asyncio.await(f));
    assertOutsideCoroutine("await", () -> Asyncio.await(new CompletableFuture<String>()));
  }

  @Test
  void suspendingMethodsInAPlainCallbackNameTheMethod() {
    AtomicReference<Throwable> got = new AtomicReference<>();
    loop.callSoon(
        () -> {
          try {
            Asyncio.sleep(1);
          } catch (Throwable t) {
            got.set(t);
          }
        });
    loop.stop();
    loop.runForever();
    assertEquals(
        "sleep() must be called from a coroutine running on an event loop",
        got.get().getMessage());
  }

  @Test
  void loopFunctionsOutsideALoop() {
    IllegalStateException c = assertThrows(IllegalStateException.class, () -> Asyncio.createTask(() -> 1));
    assertEquals(
        "createTask() needs a running event loop: call it from a coroutine or a callback",
        c.getMessage());
    assertThrows(IllegalStateException.class, () -> Asyncio.createTask(() -> 1, "n"));
    assertThrows(IllegalStateException.class, Asyncio::allTasks);
    assertThrows(IllegalStateException.class, Asyncio::getRunningLoop);
  }

  // scenarios: events 9 (a future of another loop)
  @Test
  void awaitingAFutureOfAnotherLoop() {
    try (EventLoop other = EventLoop.create(Clock.virtual())) {
      Future<String> foreign = other.createFuture();
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class, () -> loop.runUntilComplete(() -> Asyncio.await(foreign)));
      assertTrue(e.getMessage().contains("attached to a different loop"), e.getMessage());
      // A done future of another loop holds no danger: its result is read.
      Future<String> done = other.createFuture();
      done.setResult("ok");
      assertEquals("ok", loop.runUntilComplete(() -> Asyncio.await(done)));
    }
  }

  @Test
  void badSleep() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> loop.runUntilComplete(() -> { Asyncio.sleep(Double.NaN); return null; }));
    assertTrue(e.getMessage().contains("NaN"), e.getMessage());
  }

  @Test
  void nullArgumentsNameTheParameter() {
    Map<String, Executable> calls =
        Map.ofEntries(
            Map.entry("main", () -> Asyncio.run(null)),
            Map.entry("main ", () -> Asyncio.run(null, true)),
            Map.entry("main  ", () -> Asyncio.runVirtual(null)),
            Map.entry("future", () -> Asyncio.await((Future<?>) null)),
            Map.entry("future ", () -> Asyncio.await((CompletionStage<?>) null)),
            Map.entry("duration", () -> Asyncio.sleep((Duration) null)),
            Map.entry("coroutine", () -> Asyncio.createTask(null)),
            Map.entry("coroutine ", () -> Asyncio.createTask(null, "n")),
            Map.entry("future  ", () -> Asyncio.ensureFuture((Future<?>) null)),
            Map.entry("coroutine  ", () -> Asyncio.ensureFuture((Coroutine<?>) null)),
            Map.entry("future   ", () -> Asyncio.wrapFuture(null)),
            Map.entry("function", () -> Asyncio.toThread(null)),
            Map.entry("clock", () -> EventLoop.create(null)),
            Map.entry("callback", () -> loop.<String>createFuture().removeDoneCallback(null)),
            Map.entry("coroutine   ", () -> loop.createTask(null, "n")));
    for (Map.Entry<String, Executable> e : calls.entrySet()) {
      NullPointerException npe = assertThrows(NullPointerException.class, e.getValue(), e.getKey());
      assertEquals(e.getKey().trim(), npe.getMessage(), e.getKey());
    }
  }

  @Test
  void nullInsideACoroutineNamesTheParameterToo() {
    List<String> messages =
        loop.runUntilComplete(
            () -> {
              String a = assertThrows(NullPointerException.class, () -> Asyncio.await((Future<?>) null)).getMessage();
              String b = assertThrows(NullPointerException.class, () -> Asyncio.createTask(null)).getMessage();
              String c = assertThrows(NullPointerException.class, () -> Asyncio.toThread(null)).getMessage();
              return List.of(a, b, c);
            });
    assertEquals(List.of("future", "coroutine", "function"), messages);
  }
}
