package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The examples of the root package's javadoc ({@code {@snippet class=... region=...}}): each
 * region compiles here, and runs, and what it prints is what its comments say.
 */
class AsyncioSnippetsTest {

  /** Stands for a download in the examples: suspends a moment, returns a page. */
  private static String fetch(String url) {
    Asyncio.sleep(0.1);
    return "page of " + url;
  }

  @Test
  void asyncio() {
    double start = System.nanoTime() / 1e9;
    // @start region="asyncio"
    List<Integer> squares = Asyncio.run(() -> {
      List<Task<Integer>> tasks = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        int n = i;
        tasks.add(Asyncio.createTask(() -> { Asyncio.sleep(0.1 * n); return n * n; }));
      }
      return Asyncio.await(Asyncio.gather(tasks));   // [1, 4, 9] after 0.3 s, not 0.6 s
    });
    // @end
    assertEquals(List.of(1, 4, 9), squares);
    assertTrue(System.nanoTime() / 1e9 - start < 0.6 + 5, "ran concurrently");
  }

  @Test
  void getRunningLoopOrNull() {
    Asyncio.runVirtual(() -> {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
        // @start region="getRunningLoopOrNull"
        if (Asyncio.getRunningLoopOrNull() != null) {
          throw new IllegalStateException("would block the event loop");
        }
        // @end
      });
      assertEquals("would block the event loop", e.getMessage());
      return null;
    });
    assertEquals(null, Asyncio.getRunningLoopOrNull());
  }

  @Test
  void runCoroutineThreadsafe() throws Exception {
    try (EventLoop loop = EventLoop.create()) {
      CompletableFuture<Integer> seen = new CompletableFuture<>();
      Thread other = Thread.ofPlatform().start(() -> {
        try {
          // @start region="runCoroutineThreadsafe"
          // on any thread, while the loop runs elsewhere
          CompletableFuture<Integer> r = Asyncio.runCoroutineThreadsafe(() -> {
            Asyncio.sleep(0.1);
            return 3;
          }, loop);
          int three = r.get(1, TimeUnit.SECONDS);
          // @end
          seen.complete(three);
        } catch (Throwable t) {
          seen.completeExceptionally(t);
        } finally {
          loop.callSoonThreadsafe(loop::stop);
        }
      });
      loop.runForever();
      other.join();
      assertEquals(3, seen.join());
    }
  }

  @Test
  void cancelledError() throws Exception {
    assertEquals(List.of("cancelled: shutting down"), Printed.by(() -> Asyncio.runVirtual(() -> {
      // @start region="cancelledError"
      Task<Void> t = Asyncio.createTask(() -> {
        try {
          Asyncio.sleep(3600);
        } catch (CancelledError e) {
          System.out.println("cancelled: " + e.getMessage());   // cancelled: shutting down
          throw e;                       // keep the task cancelled
        }
        return null;
      });
      Asyncio.sleep(0);                  // t starts and sleeps
      t.cancel("shutting down");
      // @end
      assertThrows(CancelledError.class, () -> Asyncio.await(t));
      return null;
    })));
  }

  @Test
  void clock() throws Exception {
    assertEquals(List.of("3600.0"), Printed.by(() -> {
      // @start region="clock"
      try (EventLoop loop = EventLoop.create(Clock.virtual())) {
        loop.runUntilComplete(() -> { Asyncio.sleep(3600); return null; }); // returns at once
        System.out.println(loop.time());                                    // 3600.0
      }
      // @end
    }));
  }

  @Test
  void coroutine() {
    // @start region="coroutine"
    Coroutine<String> hello = () -> {
      Asyncio.sleep(0.1);               // suspends this coroutine, not the thread
      return "hello";
    };
    String s = Asyncio.runVirtual(hello);   // "hello"
    // @end
    assertEquals("hello", s);
  }

  @Test
  void eventLoop() throws Exception {
    int[] answer = new int[1];
    assertEquals(List.of("first"), Printed.by(() -> {
      // @start region="eventLoop"
      try (EventLoop loop = EventLoop.create(Clock.virtual())) {
        loop.callSoon(() -> System.out.println("first"));
        loop.callLater(0.1, loop::stop);
        loop.runForever();                                 // prints "first", stops after 0.1 s
        int n = loop.runUntilComplete(() -> 6 * 7);        // 42
        // @end
        answer[0] = n;
      }
    }));
    assertEquals(42, answer[0]);
  }

  @Test
  void exceptionGroup() throws Exception {
    assertEquals(
        List.of("java.lang.IllegalStateException: a", "java.lang.IllegalArgumentException: b"),
        Printed.by(() -> Asyncio.runVirtual(() -> {
          // @start region="exceptionGroup"
          try {
            Asyncio.taskGroup(tg -> {
              tg.createTask(() -> { throw new IllegalStateException("a"); });
              tg.createTask(() -> { throw new IllegalArgumentException("b"); });
              return null;
            });
          } catch (ExceptionGroup g) {
            g.exceptions().forEach(e -> System.out.println(e));   // both, in order
          }
          // @end
          return null;
        })));
  }

  @Test
  void exceptionHandler() throws Exception {
    List<String> seen = new ArrayList<>();
    try (EventLoop loop = EventLoop.create(Clock.virtual())) {
      // @start region="exceptionHandler"
      loop.setExceptionHandler((l, context) ->
          System.err.println(context.get("message") + ": " + context.get("exception")));
      // @end
      loop.setExceptionHandler((l, context) -> seen.add(context.get("message") + ": "
          + context.get("exception")));
      loop.callSoon(() -> { throw new IllegalStateException("boom"); });
      loop.runUntilComplete(() -> Asyncio.sleep(0.1, null));
    }
    assertEquals(1, seen.size());
    assertTrue(seen.get(0).endsWith(": java.lang.IllegalStateException: boom"), seen.get(0));
  }

  @Test
  void future() {
    String r =
        // @start region="future"
        Asyncio.run(() -> {
          Future<String> f = Asyncio.getRunningLoop().createFuture();
          Asyncio.getRunningLoop().callLater(0.5, () -> f.setResult("ready"));
          return Asyncio.await(f);          // "ready", after half a second
        });
        // @end
    assertEquals("ready", r);
  }

  @Test
  void handle() throws Exception {
    assertEquals(List.of(), Printed.by(() -> {
      try (EventLoop loop = EventLoop.create(Clock.virtual())) {
        // @start region="handle"
        Handle h = loop.callSoon(() -> System.out.println("never printed"));
        h.cancel();
        // @end
        loop.runUntilComplete(() -> Asyncio.sleep(0.1, null));
      }
    }));
  }

  @Test
  void invalidStateError() {
    try (EventLoop loop = EventLoop.create(Clock.virtual())) {
      assertThrows(InvalidStateError.class, () -> {
        // @start region="invalidStateError"
        Future<Integer> f = loop.createFuture();
        f.setResult(1);
        f.setResult(2);                       // InvalidStateError: the future is already done
        // @end
      });
    }
  }

  @Test
  void returnWhen() {
    Asyncio.runVirtual(() -> {
      List<Task<String>> tasks = List.of(
          Asyncio.createTask(() -> Asyncio.sleep(1, "fast")),
          Asyncio.createTask(() -> Asyncio.sleep(2, "slow")));
      // @start region="returnWhen"
      WaitResult<String> r = Asyncio.wait(tasks, null, ReturnWhen.FIRST_COMPLETED);
      // @end
      assertEquals(1, r.done().size());
      assertEquals("fast", r.done().iterator().next().result());
      assertEquals(1.0, Asyncio.getRunningLoop().time(), 1e-9);
      return null;
    });
  }

  @Test
  void task() throws Exception {
    Integer[] result = new Integer[1];
    assertEquals(List.of("Task[name=answer, pending]"), Printed.by(() -> {
      result[0] =
          // @start region="task"
          Asyncio.run(() -> {
            Task<Integer> t = Asyncio.createTask(() -> { Asyncio.sleep(1); return 42; }, "answer");
            System.out.println(t);             // Task[name=answer, pending]
            return Asyncio.await(t);           // 42
          });
          // @end
    }));
    assertEquals(42, result[0]);
  }

  @Test
  void taskGroup() {
    String both = Asyncio.runVirtual(() -> {
      // @start region="taskGroup"
      String pages = Asyncio.taskGroup(tg -> {
        Task<String> a = tg.createTask(() -> fetch("a"));
        Task<String> b = tg.createTask(() -> fetch("b"));
        return List.of(a, b);              // the block waits for a and b before it returns
      }).stream().map(Task::result).reduce("", String::concat);   // "page of apage of b"
      // @end
      return pages;
    });
    assertEquals("page of apage of b", both);
  }

  @Test
  void timeout() {
    String page = Asyncio.runVirtual(() -> {
      // @start region="timeout"
      String r = Asyncio.timeout(2.0, t -> {
        Asyncio.sleep(1);
        t.reschedule(Asyncio.getRunningLoop().time() + 5); // more time, now that we made progress
        Asyncio.sleep(3);                                   // past the first deadline
        return fetch("a");
      });
      // @end
      return r;
    });
    assertEquals("page of a", page);
  }

  @Test
  void timeoutError() throws Exception {
    assertEquals(List.of("gave up: timed out"), Printed.by(() -> Asyncio.runVirtual(() -> {
      String url = "a";
      // @start region="timeoutError"
      try {
        String page = Asyncio.waitFor(() -> fetch(url), 0.05);   // fetch is cancelled after 0.05 s
        System.out.println(page);
      } catch (TimeoutError e) {
        System.out.println("gave up: " + e.getMessage());
      }
      // @end
      return null;
    })));
  }

  @Test
  void timerHandle() throws Exception {
    assertEquals(List.of("five seconds later"), Printed.by(() -> {
      try (EventLoop loop = EventLoop.create(Clock.virtual())) {
        // @start region="timerHandle"
        TimerHandle h = loop.callLater(5, () -> System.out.println("five seconds later"));
        double due = h.when();             // in loop.time() seconds
        // @end
        assertEquals(loop.time() + 5, due, 1e-9);
        loop.runUntilComplete(() -> Asyncio.sleep(6, null));
      }
    }));
  }

  @Test
  void waitResult() throws Exception {
    assertEquals(List.of("1"), Printed.by(() -> Asyncio.runVirtual(() -> {
      Task<Integer> a = Asyncio.createTask(() -> Asyncio.sleep(0.5, 1));
      Task<Integer> b = Asyncio.createTask(() -> Asyncio.sleep(5, 2));
      // @start region="waitResult"
      WaitResult<Integer> r = Asyncio.wait(List.of(a, b), 1.0, ReturnWhen.ALL_COMPLETED);
      for (Future<Integer> f : r.done()) System.out.println(f.result());   // 1: b is not done
      r.pending().forEach(Future::cancel);
      // @end
      assertFalse(r.pending().isEmpty());
      assertTrue(b.cancelled() || b.cancelling() > 0);
      return null;
    })));
  }
}
