package io.jasyncio.concurrent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** An event loop (real clock) running forever in its own platform thread, for thread-side tests. */
final class LoopThread implements AutoCloseable {
  final EventLoop loop;
  final Thread thread;

  LoopThread() throws Exception {
    CompletableFuture<EventLoop> created = new CompletableFuture<>();
    thread =
        Thread.ofPlatform()
            .name("loop-thread")
            .daemon()
            .start(
                () -> {
                  EventLoop l = EventLoop.create();
                  created.complete(l);
                  try {
                    l.runForever();
                  } finally {
                    l.close();
                  }
                });
    loop = created.get(Threads.TIMEOUT_S, TimeUnit.SECONDS);
  }

  /** A running task and, readable from any thread, its outcome. */
  record Submitted<T>(CompletableFuture<Task<T>> task, CompletableFuture<T> result) {
    T get() throws Exception {
      return result.get(Threads.TIMEOUT_S, TimeUnit.SECONDS);
    }
  }

  /** Starts {@code c} as a task on the loop, from any thread. */
  <T> Submitted<T> submit(Coroutine<T> c) {
    CompletableFuture<Task<T>> task = new CompletableFuture<>();
    CompletableFuture<T> result = new CompletableFuture<>();
    loop.callSoonThreadsafe(
        () -> {
          Task<T> t = loop.createTask(c);
          task.complete(t);
          t.toCompletableFuture()
              .whenComplete(
                  (v, e) -> {
                    if (e != null) {
                      result.completeExceptionally(e);
                    } else {
                      result.complete(v);
                    }
                  });
        });
    return new Submitted<>(task, result);
  }

  @Override
  public void close() {
    try {
      loop.callSoonThreadsafe(loop::stop);
    } catch (IllegalStateException alreadyClosed) {
      // stopped before
    }
    try {
      assertTrue(thread.join(Duration.ofSeconds(Threads.TIMEOUT_S)), "the loop did not stop");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while the loop stopped", e);
    }
  }
}
