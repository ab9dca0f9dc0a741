package io.jasyncio;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
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
() -> f.reportFrom(foreign));
    return f;
  }
}
