package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An interrupt of the thread running the loop stops the loop instead of spinning in select. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EventLoopInterruptTest extends TestBase {

  @Test
  void interruptStopsALoopWaitingForever() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> statusKept = new AtomicReference<>();
    AtomicReference<Integer> rerun = new AtomicReference<>();
    Thread runner = new Thread(() -> {
      Pipe pipe;
      try {
        pipe = Pipe.open();
      } catch (java.io.IOException e) {
        thrown.set(e);
        return;
      }
      try (EventLoop loop = EventLoop.create();
          var source = pipe.source();
          var sink = pipe.sink()) {
        Future<Integer> never = loop.createFuture();
        Task<Integer> task = loop.createTask(() -> {
          // Never-ending: waits for a pipe nobody writes to, then for a future nobody completes.
          io.jasyncio.internal.io.IoLoop.of(loop)
              .registerChannel(pipe.source(), SelectionKey.OP_READ, key -> {});
          started.countDown();
          return Asyncio.await(never);
        });
        try {
          loop.runUntilComplete(task);
        } catch (Throwable t) {
          thrown.set(t);
          statusKept.set(Thread.currentThread().isInterrupted());
        }
        // Once the status is cleared the loop runs again, the task still pending.
        Thread.interrupted();
        assertFalse(task.done());
        never.setResult(42);
        rerun.set(loop.runUntilComplete(task));
      } catch (Throwable e) {
        thrown.compareAndSet(null, e);
      }
    }, "interrupted-loop-owner");
    runner.setDaemon(true); // a loop that spins despite the interrupt must not hold the JVM
    runner.start();
    assertTrue(started.await(30, TimeUnit.SECONDS), "the task did not start");
    runner.interrupt();
    runner.join(TimeUnit.SECONDS.toMillis(30));
    assertFalse(runner.isAlive(), "the interrupted loop did not stop");
    Throwable t = thrown.get();
    assertInstanceOf(IllegalStateException.class, t);
    assertEquals("The event loop's thread was interrupted", t.getMessage());
    assertInstanceOf(InterruptedException.class, t.getCause());
    assertEquals(Boolean.TRUE, statusKept.get());
    assertEquals(42, rerun.get());
  }
}
