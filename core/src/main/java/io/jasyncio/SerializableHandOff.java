package io.jasyncio;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;

/**
 * {@code runInExecutor} with a serializable callable: the callable is handed to the executor's
 * {@code submit} as it is, never wrapped, so that an executor that runs tasks in other processes
 * (a process pool, a cluster) can send it there. The executor's future is followed: through its
 * callback when it is a {@link CompletionStage}, else by a virtual thread that waits for it.
 */
final class SerializableHandOff {
  private SerializableHandOff() {}

  static <T> Future<T> submit(SelectorEventLoop loop, ExecutorService service, Callable<T> fn) {
    java.util.concurrent.Future<T> foreign = service.submit(fn);
    if (foreign instanceof CompletionStage<?>) {
      @SuppressWarnings("unchecked")
      CompletionStage<T> stage = (CompletionStage<T>) foreign;
      return Asyncio.bridge(loop, stage);
    }
    ForeignFuture<T> f = new ForeignFuture<>(loop, false);
    f.follow(foreign);
    Thread.ofVirtual()
        .name("jasyncio-executor-watch")
        .start(
            () -> {
              try {
                foreign.get();
              } catch (InterruptedException | ExecutionException | CancellationException e) {
                // delivered below from the future itself
              }
              try {
                loop.callSoonThreadsafe(() -> deliver(foreign, f));
              } catch (IllegalStateException loopClosed) {
                // nobody can observe the loop-side future of a closed loop
              }
            });
    return f;
  }

  private static <T> void deliver(java.util.concurrent.Future<T> foreign, ForeignFuture<T> f) {
    f.settled();
    if (f.done()) {
      return;
    }
    try {
      f.completeResult(foreign.get());
    } catch (ExecutionException e) {
      f.completeException(e.getCause());
    } catch (CancellationException e) {
      f.cancelFuture(null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.completeException(e);
    }
  }
}
