package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

// scenarios: tasks 18
class RunCoroutineThreadsafeTest extends TestBase {
  private EventLoop loop;
  private Thread loopThread;

  @BeforeEach
  void startLoop() throws InterruptedException {
    loop = EventLoop.create(Clock.virtual());
    CountDownLatch running = new CountDownLatch(1);
    loopThread =
        Thread.ofPlatform()
            .name("loop")
            .start(
                () -> {
                  loop.callSoon(running::countDown);
                  loop.runForever();
                });
    assertTrue(running.await(10, TimeUnit.SECONDS));
  }

  @AfterEach
  void stopLoop() throws InterruptedException {
    loop.callSoonThreadsafe(loop::stop);
    loopThread.join(10_000);
    loop.close();
  }

  @Test
  void resultFromAnotherThread() throws Exception {
    CompletableFuture<Integer> f =
        Asyncio.runCoroutineThreadsafe(
            () -> {
              Asyncio.sleep(1);
              return 1 + 2;
            },
            loop);
    assertEquals(3, f.get(10, TimeUnit.SECONDS));
  }

  @Test
  void runsOnTheLoop() throws Exception {
    CompletableFuture<EventLoop> f = Asyncio.runCoroutineThreadsafe(Asyncio::getRunningLoop, loop);
    assertSame(loop, f.get(10, TimeUnit.SECONDS));
  }

  @Test
  void exceptionIsReRaisedThere() {
    IllegalStateException boom = new IllegalStateException("boom");
    CompletableFuture<Integer> f =
        Asyncio.runCoroutineThreadsafe(
            () -> {
              Asyncio.sleep(0.1);
              throw boom;
            },
            loop);
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
    assertSame(boom, e.getCause());
  }

  @Test
  void timeoutThenCancelCancelsTheLoopSideTask() throws Exception {
    CompletableFuture<Boolean> seenCancel = new CompletableFuture<>();
    CountDownLatch started = new CountDownLatch(1);
    CompletableFuture<Integer> f =
        Asyncio.runCoroutineThreadsafe(
            () -> {
              started.countDown();
              try {
                Asyncio.await(Asyncio.getRunningLoop().<Integer>createFuture()); // never completes
                return 1;
              } catch (CancelledError e) {
                seenCancel.complete(true);
                throw e;
              }
            },
            loop);
    assertTrue(started.await(10, TimeUnit.SECONDS));
    assertThrows(TimeoutException.class, () -> f.get(0, TimeUnit.SECONDS));
    assertTrue(f.cancel(true));
    assertTrue(seenCancel.get(10, TimeUnit.SECONDS));
    // Nothing is left pending on the loop.
    CompletableFuture<Integer> left =
        Asyncio.runCoroutineThreadsafe(
            () -> {
              Asyncio.sleep(0);
              return Asyncio.allTasks().size();
            },
            loop);
    assertEquals(1, left.get(10, TimeUnit.SECONDS), "only the task that counts");
    assertTrue(f.isCancelled());
  }

  @Test
  void selfCancellingCoroutineGivesCancellationException() {
    CompletableFuture<Integer> f =
        Asyncio.runCoroutineThreadsafe(
            () -> {
              Asyncio.currentTask().cancel("myself");
              Asyncio.sleep(1);
              return 1;
            },
            loop);
    assertThrows(CancellationException.class, () -> f.get(10, TimeUnit.SECONDS));
    assertTrue(f.isCancelled());
    // The CancellationException that ended the future carries the message and the CancelledError.
    CancellationException e = assertThrows(CancellationException.class, () -> f.getNow(null));
    while (e.getCause() instanceof CancellationException inner) {
      e = inner; // getNow() may wrap the original in a fresh one
    }
    assertEquals("myself", e.getMessage());
    assertInstanceOf(CancelledError.class, e.getCause());
  }

  @Test
  void cancelledBeforeItStartsNeverRuns() throws Exception {
    CountDownLatch hold = new CountDownLatch(1);
    CountDownLatch blocking = new CountDownLatch(1);
    CompletableFuture<Void> blocker =
        Asyncio.runCoroutineThreadsafe(
            () -> {
              blocking.countDown();
              hold.await(); // blocks the loop thread on purpose, so the next one cannot start yet
              return null;
            },
            loop);
    assertTrue(blocking.await(10, TimeUnit.SECONDS));
    boolean[] ran = {false};
    CompletableFuture<Integer> f =
        Asyncio.runCoroutineThreadsafe(
            () -> {
              ran[0] = true;
              return 1;
            },
            loop);
    assertTrue(f.cancel(false));
    hold.countDown();
    blocker.get(10, TimeUnit.SECONDS);
    CompletableFuture<Boolean> after = Asyncio.runCoroutineThreadsafe(() -> ran[0], loop);
    assertEquals(false, after.get(10, TimeUnit.SECONDS));
  }

  @Test
  void badArguments() {
    assertThrows(NullPointerException.class, () -> Asyncio.runCoroutineThreadsafe(null, loop));
    assertThrows(NullPointerException.class, () -> Asyncio.runCoroutineThreadsafe(() -> 1, null));
    EventLoop closed = EventLoop.create(Clock.virtual());
    closed.close();
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> Asyncio.runCoroutineThreadsafe(() -> 1, closed));
    assertEquals("Event loop is closed", e.getMessage());
  }
}
