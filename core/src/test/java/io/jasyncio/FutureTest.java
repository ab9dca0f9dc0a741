package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.generators.StopIteration;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FutureTest extends TestBase {
  private final EventLoop loop = EventLoop.create(Clock.virtual());

  @AfterEach
  void closeLoop() {
    loop.close();
  }

  /** Runs one loop iteration. */
  private void tick() {
    loop.stop();
    loop.runForever();
  }

  // scenarios: futures 1
  @Test
  void newFutureIsPending() {
    Future<Integer> f = loop.createFuture();
    assertFalse(f.done());
    assertFalse(f.cancelled());
    InvalidStateError r = assertThrows(InvalidStateError.class, f::result);
    assertEquals("Result is not set.", r.getMessage());
    InvalidStateError e = assertThrows(InvalidStateError.class, f::exception);
    assertEquals("Exception is not set.", e.getMessage());
    assertSame(loop, f.getLoop());
  }

  @Test
  void publicConstructorBindsToLoop() {
    Future<String> f = new Future<>(loop);
    assertSame(loop, f.getLoop());
    assertFalse(f.done());
    NullPointerException npe =
        assertThrows(NullPointerException.class, () -> new Future<String>((EventLoop) null));
    assertEquals("loop", npe.getMessage());
  }

  // scenarios: futures 2
  @Test
  void cancel() {
    Future<Integer> f = loop.createFuture();
    assertTrue(f.cancel());
    assertTrue(f.cancelled());
    assertTrue(f.done());
    assertThrows(CancelledError.class, f::result);
    assertThrows(CancelledError.class, f::exception);
    assertThrows(InvalidStateError.class, () -> f.setResult(1));
    assertThrows(InvalidStateError.class, () -> f.setException(new IOException()));
    assertFalse(f.cancel());
    assertFalse(f.cancel("again"));
  }

  // scenarios: tasks 14 (for a plain future)
  @Test
  void cancelMessageReachesTheError() {
    Future<Integer> f = loop.createFuture();
    assertTrue(f.cancel("stop it"));
    assertEquals("stop it", assertThrows(CancelledError.class, f::result).getMessage());
    assertEquals("stop it", assertThrows(CancelledError.class, f::exception).getMessage());
    Future<Integer> g = loop.createFuture();
    g.cancel();
    assertNull(assertThrows(CancelledError.class, g::result).getMessage());
  }

  // scenarios: futures 3
  @Test
  void setResult() {
    Future<Integer> f = loop.createFuture();
    f.setResult(42);
    assertTrue(f.done());
    assertFalse(f.cancelled());
    assertEquals(42, f.result());
    assertNull(f.exception());
    InvalidStateError e = assertThrows(InvalidStateError.class, () -> f.setResult(43));
    assertTrue(e.getMessage().startsWith("setResult(): invalid state"), e.getMessage());
    assertThrows(InvalidStateError.class, () -> f.setException(new IOException()));
    assertFalse(f.cancel());
    assertEquals(42, f.result());
  }

  @Test
  void nullResultIsAResult() {
    Future<Object> f = loop.createFuture();
    f.setResult(null);
    assertTrue(f.done());
    assertNull(f.result());
    assertNull(f.exception());
  }

  // scenarios: futures 4
  @Test
  void setException() {
    Future<Integer> f = loop.createFuture();
    IOException boom = new IOException("boom");
    f.setException(boom);
    assertTrue(f.done());
    assertFalse(f.cancelled());
    assertSame(boom, assertThrows(IOException.class, f::result));
    assertSame(boom, f.exception());
    InvalidStateError e =
        assertThrows(InvalidStateError.class, () -> f.setException(new IOException()));
    assertTrue(e.getMessage().startsWith("setException(): invalid state"), e.getMessage());
    assertThrows(InvalidStateError.class, () -> f.setResult(1));
    assertFalse(f.cancel());
  }

  // scenarios: futures 4 (set_exception(StopIteration) -> TypeError)
  @Test
  void setExceptionStopIterationRejected() {
    Future<Integer> f = loop.createFuture();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> f.setException(new StopIteration()));
    assertTrue(e.getMessage().contains("StopIteration"), e.getMessage());
    assertFalse(f.done());
    NullPointerException npe = assertThrows(NullPointerException.class, () -> f.setException(null));
    assertEquals("exception", npe.getMessage());
  }

  // scenarios: futures 5
  @Test
  void callbacksAreNeverInlineAndFifo() {
    List<Integer> got = new ArrayList<>();
    Future<Integer> f = loop.createFuture();
    f.addDoneCallback(x -> got.add(42));
    f.addDoneCallback(x -> got.add(17));
    f.setResult(1);
    assertEquals(List.of(), got);
    tick();
    assertEquals(List.of(42, 17), got);
  }

  @Test
  void callbackOnDoneFutureIsScheduledNotInline() {
    List<String> got = new ArrayList<>();
    Future<String> f = loop.createFuture();
    f.setResult("x");
    loop.callSoon(() -> got.add("soon"));
    f.addDoneCallback(x -> got.add("cb " + x.result()));
    assertEquals(List.of(), got);
    tick();
    assertEquals(List.of("soon", "cb x"), got);
  }

  @Test
  void callbacksRunOnCancelAndOnException() {
    List<String> got = new ArrayList<>();
    Future<String> a = loop.createFuture();
    Future<String> b = loop.createFuture();
    a.addDoneCallback(x -> got.add("a cancelled=" + x.cancelled()));
    b.addDoneCallback(x -> got.add("b " + x.exception().getMessage()));
    a.cancel();
    b.setException(new IllegalStateException("bad"));
    tick();
    assertEquals(List.of("a cancelled=true", "b bad"), got);
  }

  @Test
  void callbackReceivesTheFuture() {
    AtomicReference<Future<?>> seen = new AtomicReference<>();
    Future<String> f = loop.createFuture();
    f.addDoneCallback(seen::set);
    f.setResult("v");
    tick();
    assertSame(f, seen.get());
  }

  @Test
  void removeDoneCallbackReturnsTheCount() {
    List<String> got = new ArrayList<>();
    Future<String> f = loop.createFuture();
    Consumer<Future<String>> a = x -> got.add("a");
    Consumer<Future<String>> b = x -> got.add("b");
    assertEquals(0, f.removeDoneCallback(a));
    f.addDoneCallback(a);
    f.addDoneCallback(b);
    f.addDoneCallback(a);
    f.addDoneCallback(b);
    f.addDoneCallback(a);
    assertEquals(3, f.removeDoneCallback(a));
    assertEquals(0, f.removeDoneCallback(a));
    f.setResult("x");
    tick();
    assertEquals(List.of("b", "b"), got);
  }

  @Test
  void removeTheOnlyCallback() {
    List<String> got = new ArrayList<>();
    Future<String> f = loop.createFuture();
    Consumer<Future<String>> a = x -> got.add("a");
    f.addDoneCallback(a);
    assertEquals(1, f.removeDoneCallback(a));
    f.setResult("x");
    tick();
    assertEquals(List.of(), got);
    NullPointerException npe = assertThrows(NullPointerException.class, () -> f.addDoneCallback(null));
    assertEquals("callback", npe.getMessage());
  }

  @Test
  void failingCallbackGoesToTheExceptionHandler() {
    List<Object> contexts = new ArrayList<>();
    loop.setExceptionHandler((l, ctx) -> contexts.add(ctx.get("exception")));
    List<String> got = new ArrayList<>();
    Future<String> f = loop.createFuture();
    IllegalStateException boom = new IllegalStateException("cb failed");
    f.addDoneCallback(x -> { throw boom; });
    f.addDoneCallback(x -> got.add("second"));
    f.setResult("x");
    tick();
    assertEquals(List.of(boom), contexts);
    assertEquals(List.of("second"), got);
  }

  // scenarios: futures 7
  @Test
  void awaitingADoneFutureTwice() {
    Future<Integer> f = loop.createFuture();
    f.setResult(7);
    int sum = loop.runUntilComplete(() -> Asyncio.await(f) + Asyncio.await(f));
    assertEquals(14, sum);
  }

  @Test
  void awaitRethrowsTheSameException() {
    Future<Integer> f = loop.createFuture();
    IOException boom = new IOException("boom");
    loop.callSoon(() -> f.setException(boom));
    IOException got =
        assertThrows(
            IOException.class,
            () ->
                loop.runUntilComplete(
                    () -> {
                      try {
                        return Asyncio.await(f);
                      } catch (Exception e) {
                        assertSame(boom, e);
                        return Asyncio.await(f);
                      }
                    }));
    assertSame(boom, got);
  }

  @Test
  void toStringShowsState() {
    Future<Integer> f = loop.createFuture();
    assertTrue(f.toString().matches("Future@[0-9a-f]+\\[pending]"), f.toString());
    f.setResult(42);
    assertTrue(f.toString().endsWith("[finished result=42]"), f.toString());
    Future<Integer> g = loop.createFuture();
    g.setException(new IOException("no"));
    assertTrue(
        g.toString().endsWith("[finished exception=java.io.IOException: no]"), g.toString());
    Future<Integer> h = loop.createFuture();
    h.cancel();
    assertTrue(h.toString().endsWith("[cancelled]"), h.toString());
    assertNotSame(f.toString(), g.toString());
  }

  /** The CancellationException made by Future (CompletableFuture's get/join wrap it in another). */
  private static CancellationException ours(CancellationException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CancellationException c && c.getCause() instanceof CancelledError) {
        return c;
      }
    }
    throw new AssertionError("no CancellationException caused by a CancelledError", e);
  }

  // ---- toCompletableFuture ------------------------------------------------------------------

  @Test
  void completableFutureOfDoneFutures() throws Exception {
    Future<Integer> ok = loop.createFuture();
    ok.setResult(5);
    assertEquals(5, ok.toCompletableFuture().get());

    Future<Integer> failed = loop.createFuture();
    IOException boom = new IOException("boom");
    failed.setException(boom);
    ExecutionException ee =
        assertThrows(ExecutionException.class, () -> failed.toCompletableFuture().get());
    assertSame(boom, ee.getCause());

    Future<Integer> cancelled = loop.createFuture();
    cancelled.cancel("why");
    CompletableFuture<Integer> cf = cancelled.toCompletableFuture();
    assertTrue(cf.isCompletedExceptionally());
    assertTrue(cf.isCancelled());
    CancellationException ce = ours(assertThrows(CancellationException.class, cf::join));
    assertEquals("why", ce.getMessage());
    assertInstanceOf(CancelledError.class, ce.getCause());
    assertEquals("why", ce.getCause().getMessage());
  }

  @Test
  void completableFutureCompletesForAnotherThread() throws Exception {
    Future<String> f = loop.createFuture();
    CompletableFuture<String> cf = f.toCompletableFuture();
    AtomicReference<String> seen = new AtomicReference<>();
    Thread reader =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    seen.set(cf.get(10, TimeUnit.SECONDS));
                  } catch (Exception e) {
                    seen.set("failed: " + e);
                  }
                });
    loop.callLater(5, () -> f.setResult("later"));
    loop.runUntilComplete(f);
    reader.join(10_000);
    assertEquals("later", seen.get());
  }

  @Test
  void completableFutureRequestedFromAnotherThread() throws Exception {
    Future<String> f = loop.createFuture();
    CountDownLatch asked = new CountDownLatch(1);
    AtomicReference<Object> seen = new AtomicReference<>();
    String result =
        loop.runUntilComplete(
            () -> {
              Future<CompletableFuture<String>> fromThread =
                  Asyncio.toThread(
                      () -> {
                        CompletableFuture<String> cf = f.toCompletableFuture();
                        asked.countDown();
                        seen.set(cf.get(10, TimeUnit.SECONDS));
                        return cf;
                      });
              // The thread's link is made through the loop: once it asked, complete f.
              Asyncio.await(Asyncio.toThread(() -> asked.await(10, TimeUnit.SECONDS)));
              f.setResult("hello");
              return Asyncio.await(fromThread).get();
            });
    assertEquals("hello", result);
    assertEquals("hello", seen.get());
  }

  @Test
  void cancellingTheLoopFutureCancelsTheCompletableFuture() throws Exception {
    Future<String> f = loop.createFuture();
    CompletableFuture<String> cf = f.toCompletableFuture();
    loop.callSoon(() -> f.cancel("stop"));
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(f));
    assertTrue(cf.isCancelled() || cf.isCompletedExceptionally());
    CancellationException ce =
        ours(assertThrows(CancellationException.class, () -> cf.get(1, TimeUnit.SECONDS)));
    assertEquals("stop", ce.getMessage());
  }

  @Test
  void cancellingTheCompletableFutureFromAnotherThreadCancelsTheLoopFuture() throws Exception {
    Future<String> f = loop.createFuture();
    CompletableFuture<String> cf = f.toCompletableFuture();
    Thread canceller = Thread.ofPlatform().start(() -> cf.cancel(true));
    // The loop has nothing else to do: it waits for the canceller's callSoonThreadsafe.
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(f));
    canceller.join(10_000);
    assertTrue(f.cancelled());
    assertTrue(cf.isCancelled());
  }

  @Test
  void cancellingTheCompletableFutureOnTheLoopThreadCancelsAtOnce() {
    Future<String> f = loop.createFuture();
    CompletableFuture<String> cf = f.toCompletableFuture();
    assertTrue(cf.cancel(false));
    assertTrue(f.cancelled());
  }

  @Test
  void completableFutureOfAClosedLoopFutureStillCompletesFromAnotherThread() throws Exception {
    Future<String> f = loop.createFuture();
    f.setResult("final");
    loop.close();
    AtomicReference<String> seen = new AtomicReference<>();
    Thread t =
        Thread.ofPlatform()
            .start(() -> seen.set(f.toCompletableFuture().getNow("not done")));
    t.join(10_000);
    assertEquals("final", seen.get());
  }

  @Test
  void completingAFutureWithCallbacksOnAClosedLoopFails() {
    Future<String> f = loop.createFuture();
    f.addDoneCallback(x -> {});
    loop.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> f.setResult("x"));
    assertEquals("Event loop is closed", e.getMessage());
  }
}
