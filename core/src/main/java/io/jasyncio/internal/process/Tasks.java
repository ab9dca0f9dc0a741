package io.jasyncio.internal.process;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * The forms in which calls travel to a worker: every one is a serializable {@link Callable} that
 * holds the user's function by reference, never a wrapper that would not serialize.
 */
public final class Tasks {
  private Tasks() {}

  /** {@code fn.apply(arg)}. */
  public record Apply<A, R>(Function<? super A, ? extends R> fn, A arg)
      implements Callable<R>, Serializable {
    @Override
    public R call() {
      return fn.apply(arg);
    }
  }

  /** {@code fn} over a chunk of arguments; the results in order (a list). */
  public record Chunk<A, R>(Function<? super A, ? extends R> fn, List<A> args)
      implements Callable<List<R>>, Serializable {
    @Override
    public List<R> call() {
      List<R> out = new ArrayList<>(args.size());
      for (A a : args) {
        out.add(fn.apply(a));
      }
      return out;
    }
  }

  /** {@code runnable.run()}, then null. */
  public record Run(Runnable runnable) implements Callable<Object>, Serializable {
    @Override
    public Object call() {
      runnable.run();
      return null;
    }
  }
}
