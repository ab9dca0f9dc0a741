package io.jasyncio.multiprocessing;

import io.jasyncio.internal.process.WorkerPool;

/** How the pools of this package present failures that come from worker processes. */
final class Presenters {
  private Presenters() {}

  /** The executor's: a dead worker breaks the pool. */
  static final WorkerPool.Presenter EXECUTOR = new Base();

  /** The Pool's: a dead worker fails only the task it was running. */
  static final WorkerPool.Presenter POOL =
      new Base() {
        @Override
        public Throwable workerLost(long pid, String howItEnded) {
          return new WorkerLostError(
              "worker process " + pid + " " + howItEnded
                  + " while running this task; a new worker took its place");
        }
      };

  private static class Base implements WorkerPool.Presenter {
    @Override
    public Throwable remote(Throwable received) {
      return RemoteTraceback.attach(received);
    }

    @Override
    public Throwable unportable(String className, String message, String trace) {
      return new RemoteError(className, message, trace);
    }

    @Override
    public Throwable workerLost(long pid, String howItEnded) {
      return new BrokenProcessPool("worker process " + pid + " " + howItEnded);
    }

    @Override
    public Throwable broken(String message, Throwable causeOrNull) {
      return causeOrNull == null
          ? new BrokenProcessPool(message)
          : new BrokenProcessPool(message, causeOrNull);
    }
  }
}
