package io.jasyncio.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.Clock;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.ReturnWhen;
import io.jasyncio.TestBase;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every blocking thread-side method refuses to block a thread that runs an event loop, from a
 * plain loop callback as from a coroutine, instead of stopping that loop (forever when only the
 * loop could end the wait). Before the guards, these tests hung until their timeout.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LoopThreadGuardTest extends TestBase {

  @FunctionalInterface
  interface Call {
    void run(EventLoop loop) throws Exception;
  }

  /** What {@code call} throws when run in a plain callback of a loop (null if nothing). */
  private static Throwable inCallback(Call call) {
    try (EventLoop loop = EventLoop.create(Clock.virtual())) {
      Future<Throwable> out = loop.createFuture();
      loop.callSoon(
          () -> {
            try {
              call.run(loop);
              out.setResult(null);
            } catch (Throwable t) {
              out.setResult(t);
            }
          });
      return loop.runUntilComplete(out);
    }
  }

  /** What {@code call} throws when run by a coroutine (null if nothing). */
  private static Throwable inCoroutine(Call call) {
    return Asyncio.runVirtual(
        () -> {
          try {
            call.run(Asyncio.getRunningLoop());
            return null;
          } catch (Exception | Error t) {
            return t;
          }
        });
  }

  private static void assertRefused(Throwable t, String method) {
    IllegalStateException e = assertInstanceOf(IllegalStateException.class, t);
    assertTrue(e.getMessage().startsWith(method), e.getMessage());
    assertTrue(e.getMessage().contains("would block the event loop"), e.getMessage());
  }

  private static void bothWays(Call call, String method) {
    assertRefused(inCallback(call), method);
    assertRefused(inCoroutine(call), method);
  }

  @Test
  void bridgeQueueThreadFace() {
    bothWays(loop -> new BridgeQueue<String>(loop, 0).getFromThread(), "getFromThread()");
    bothWays(loop -> new BridgeQueue<String>(loop, 0).getFromThread(1.0), "getFromThread()");
    bothWays(
        loop -> {
          BridgeQueue<String> q = new BridgeQueue<>(loop, 1);
          q.putNowait("a");
          q.putFromThread("b");
        },
        "putFromThread()");
    // The message says what to call instead, on either side.
    Throwable t = inCallback(loop -> new BridgeQueue<String>(loop, 0).getFromThread());
    assertTrue(t.getMessage().contains("in a callback getNowait()"), t.getMessage());
    // Another loop's thread would be blocked just the same.
    EventLoop other = EventLoop.create(Clock.virtual());
    try {
      assertRefused(
          inCallback(loop -> new BridgeQueue<String>(other, 0).getFromThread()), "getFromThread()");
    } finally {
      other.close();
    }
  }

  @Test
  void joinableQueueBlocksOnlyWhereItWouldWait() {
    bothWays(loop -> JoinableQueue.fifo(0).get(), "get()");
    bothWays(loop -> JoinableQueue.fifo(0).get(0.5), "get()");
    bothWays(
        loop -> {
          JoinableQueue<String> q = JoinableQueue.fifo(1);
          q.put("a");
          q.put("b");
        },
        "put()");
    bothWays(
        loop -> {
          JoinableQueue<String> q = JoinableQueue.fifo(0);
          q.put("a");
          q.join();
        },
        "join()");
    // What does not wait stays allowed on a loop thread.
    assertNull(
        inCallback(
            loop -> {
              JoinableQueue<String> q = JoinableQueue.fifo(0);
              q.put("a");
              assertEquals("a", q.get());
              q.taskDone();
              q.join();
            }));
  }

  @Test
  void futuresWaitAndAsCompleted() {
    CompletableFuture<String> never = new CompletableFuture<>();
    bothWays(loop -> Futures.wait(List.of(never)), "Futures.wait()");
    bothWays(
        loop -> Futures.wait(List.of(never), 1.0, ReturnWhen.FIRST_COMPLETED), "Futures.wait()");
    bothWays(
        loop -> Futures.asCompleted(List.of(never), null).iterator().next(),
        "next() on the iterator of Futures.asCompleted()");
    // A zero timeout only looks: allowed.
    assertNull(
        inCallback(
            loop ->
                assertEquals(
                    1, Futures.wait(List.of(never), 0.0, ReturnWhen.ALL_COMPLETED).notDone().size())));
    // Done futures do not wait: allowed.
    assertNull(
        inCallback(
            loop ->
                assertEquals(
                    "x",
                    Futures.asCompleted(List.of(CompletableFuture.completedFuture("x")), null)
                        .iterator()
                        .next()
                        .get())));
  }

  @Test
  void futuresMapResults() throws InterruptedException {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    CountDownLatch release = new CountDownLatch(1);
    try {
      bothWays(
          loop -> {
            try (ResultIterator<Integer> it =
                Futures.map(pool, (Integer x) -> awaitLatch(release, x), List.of(1), null)) {
              it.next();
            }
          },
          "next() on the results of Futures.map()");
    } finally {
      release.countDown();
      pool.shutdown();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
  }

  private static Integer awaitLatch(CountDownLatch latch, Integer x) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return x;
  }

  @Test
  void runCoroutineThreadsafeResultOnItsOwnLoop() {
    for (Consumer<CompletableFuture<Integer>> wait :
        List.<Consumer<CompletableFuture<Integer>>>of(
            f -> uncheckedGet(f), f -> f.join(), f -> uncheckedGet(f, 1))) {
      Throwable t =
          inCallback(loop -> wait.accept(Asyncio.runCoroutineThreadsafe(() -> 1, loop)));
      IllegalStateException e = assertInstanceOf(IllegalStateException.class, t);
      assertTrue(e.getMessage().contains("which must run the task itself"), e.getMessage());
      Throwable c =
          inCoroutine(loop -> wait.accept(Asyncio.runCoroutineThreadsafe(() -> 1, loop)));
      assertInstanceOf(IllegalStateException.class, c);
    }
    // Once done, reading the result blocks nothing.
    Integer[] got = new Integer[1];
    assertNull(
        inCoroutine(
            loop -> {
              CompletableFuture<Integer> f = Asyncio.runCoroutineThreadsafe(() -> 7, loop);
              Asyncio.await(f);
              got[0] = f.get();
            }));
    assertSame(7, got[0]);
  }

  private static void uncheckedGet(CompletableFuture<Integer> f) {
    try {
      f.get();
    } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
      throw new AssertionError(e);
    }
  }

  private static void uncheckedGet(CompletableFuture<Integer> f, int seconds) {
    try {
      f.get(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException
        | java.util.concurrent.ExecutionException
        | java.util.concurrent.TimeoutException e) {
      throw new AssertionError(e);
    }
  }
}
