package io.jasyncio.multiprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.Clock;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The blocking methods of the process pools, processes, process queues and events, called on an
 * event loop's thread (from a coroutine and from a plain callback), throw {@link
 * IllegalStateException} instead of blocking the loop; off the loop they still block and return.
 * One executor, one pool and one child process, held by a gate, serve the whole class.
 */
@Timeout(180)
class ProcessLoopGuardTest {
  private static ProcessPoolExecutor executor;
  private static Pool pool;
  private static ProcessEvent gate;
  private static CompletableFuture<Integer> submitted;
  private static AsyncResult<Integer> applied;
  private static Process child;
  private static ProcessQueue<String> empty;
  private static ProcessQueue<String> full;
  private static JoinableProcessQueue<String> unfinished;

  @BeforeAll
  static void start() {
    executor = new ProcessPoolExecutor(1);
    pool = new Pool(1);
    gate = new ProcessEvent();
    ProcessEvent g = gate;
    submitted = executor.submit(() -> { g.await(null); return 1; });
    applied = pool.applyAsync(() -> { g.await(null); return 2; });
    child = new Process(() -> g.await(null));
    child.start();
    empty = new ProcessQueue<>();
    full = new ProcessQueue<>(1);
    full.put("x");
    unfinished = new JoinableProcessQueue<>();
    unfinished.put("job");
  }

  @AfterAll
  static void stop() {
    gate.set();
    child.join();
    executor.close();
    pool.close();
    pool.join();
  }

  /** Every blocking call, by name; each must throw on a loop's thread. */
  private static Map<String, Runnable> blockingCalls() {
    Map<String, Runnable> calls = new LinkedHashMap<>();
    calls.put("executor future get", () -> {
      try {
        submitted.get();
      } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
        throw new AssertionError(e);
      }
    });
    calls.put("executor future get(timeout)", () -> {
      try {
        submitted.get(1, TimeUnit.HOURS);
      } catch (InterruptedException | java.util.concurrent.ExecutionException
          | java.util.concurrent.TimeoutException e) {
        throw new AssertionError(e);
      }
    });
    calls.put("executor future join", submitted::join);
    calls.put("AsyncResult.get", applied::get);
    calls.put("AsyncResult.await", () -> applied.await(3600));
    calls.put("Process.join", child::join);
    calls.put("Process.join(timeout)", () -> child.join(3600));
    calls.put("ProcessQueue.get", empty::get);
    calls.put("ProcessQueue.put", () -> full.put("y"));
    calls.put("JoinableProcessQueue.join", unfinished::join);
    calls.put("JoinableProcessQueue.get", () -> new JoinableProcessQueue<String>().get());
    calls.put("ProcessEvent.await", () -> gate.await(null));
    return calls;
  }

  private static List<String> messagesOf(Supplier<Map<String, Runnable>> calls) {
    List<String> messages = new ArrayList<>();
    for (Map.Entry<String, Runnable> c : calls.get().entrySet()) {
      IllegalStateException e = assertThrows(IllegalStateException.class, c.getValue()::run, c.getKey());
      assertTrue(e.getMessage().contains("would block the event loop running on this thread"),
          c.getKey() + ": " + e.getMessage());
      messages.add(e.getMessage());
    }
    return messages;
  }

  @Test
  void inACoroutineEachBlockingCallThrows() {
    List<String> messages = Asyncio.runVirtual(() -> messagesOf(ProcessLoopGuardTest::blockingCalls));
    assertEquals(12, messages.size());
    assertTrue(messages.get(0).startsWith("the process pool's future's get() would block"),
        messages.get(0));
    assertTrue(messages.get(3).startsWith("AsyncResult.get() would block"), messages.get(3));
    assertFalse(gate.isSet());
  }

  @Test
  void inAPlainCallbackEachBlockingCallThrows() {
    try (EventLoop loop = EventLoop.create(Clock.virtual())) {
      Future<List<String>> seen = loop.createFuture();
      loop.callSoon(() -> seen.setResult(messagesOf(ProcessLoopGuardTest::blockingCalls)));
      assertEquals(12, loop.runUntilComplete(seen).size());
    }
  }

  @Test
  void offTheLoopTheSameCallsStillWait() throws Exception {
    assertFalse(applied.await(0.05));          // a real wait, which times out
    assertFalse(child.join(0.05));
    assertFalse(unfinished.join(0.05));
    assertEquals("x", full.get(true, 1.0));
    full.put("x");
  }
}
