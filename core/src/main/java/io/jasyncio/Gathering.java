package io.jasyncio;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * asyncio.gather: one future for the results of several, in argument order.
 *
 * <p>Each distinct child gets one done callback; the {@link GatheringFuture} counts them. Without
 * {@code returnExceptions} the first failure (or cancellation, as a {@link CancelledError}) fails
 * the gathering future at once and the other children keep running; their later exceptions are
 * marked retrieved, since the awaiter already has the first. With it, every outcome takes its place
 * in the list. Loop-bound: call it on the loop's thread.
 */
final class Gathering {
  private Gathering() {}

  static <T> Future<List<T>> gather(
      List<? extends Future<? extends T>> fs, boolean returnExceptions) {
    Objects.requireNonNull(fs, "futures");
    List<Future<?>> children = new ArrayList<>(fs.size());
    for (Future<?> f : fs) {
      children.add(Objects.requireNonNull(f, "fs contains null"));
    }
    if (children.isEmpty()) {
      return emptyResult();
    }
    SelectorEventLoop loop = children.get(0).loop;
    for (Future<?> f : children) {
      if (f.loop != loop) {
        throw new IllegalArgumentException(
            "gather() needs futures of one event loop: " + f + " belongs to another loop");
      }
    }
    return start(loop, children, returnExceptions);
  }

  static <T> Future<List<T>> gatherCoroutines(List<? extends Coroutine<? extends T>> cs) {
    Objects.requireNonNull(cs, "coroutines");
    for (Coroutine<?> c : cs) {
      Objects.requireNonNull(c, "cs contains null");
    }
    if (cs.isEmpty()) {
      return emptyResult();
    }
    SelectorEventLoop loop = (SelectorEventLoop) Asyncio.getEventLoop();
    // The same coroutine object given twice runs once, as one task (Python's behaviour for a
    // coroutine object passed twice: it can only be awaited once).
    Map<Coroutine<?>, Task<?>> tasks = new IdentityHashMap<>();
    List<Future<?>> children = new ArrayList<>(cs.size());
    for (Coroutine<? extends T> c : cs) {
      Task<?> t = tasks.get(c);
      if (t == null) {
        t = loop.createTask(c);
        tasks.put(c, t);
      }
      children.add(t);
    }
    return start(loop, children, false);
  }

  private static <T> Future<List<T>> emptyResult() {
    SelectorEventLoop loop = (SelectorEventLoop) Asyncio.getEventLoop();
    Future<List<T>> out = new Future<>(loop);
    out.completeResult(new ArrayList<>());
    return out;
  }

  private static <T> Future<List<T>> start(
      SelectorEventLoop loop, List<Future<?>> children, boolean returnExceptions) {
    GatheringFuture<T> outer = new GatheringFuture<>(loop, children, returnExceptions);
    for (Future<?> child : outer.distinct) {
      outer.listen(child);
    }
    return outer;
  }

  /**
   * The future {@code gather} returns. Cancelling it cancels every child that is still pending; it
   * then ends cancelled (even if a child ignored the request and returned a value) unless a child
   * fails with another exception first, which it then carries, as asyncio's does.
   */
  static final class GatheringFuture<T> extends Future<List<T>> {
    private final List<Future<?>> children;

    /** The children without repeats, in argument order: each gets one callback. */
    private final List<Future<?>> distinct;

    private final boolean returnExceptions;
    private int finished;
    private boolean cancelRequested;

    GatheringFuture(SelectorEventLoop loop, List<Future<?>> children, boolean returnExceptions) {
      super(loop);
      this.children = children;
      Set<Future<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
      List<Future<?>> unique = new ArrayList<>();
      for (Future<?> f : children) {
        if (seen.add(f)) {
          unique.add(f);
        }
      }
      this.distinct = unique;
      this.returnExceptions = returnExceptions;
    }

    @SuppressWarnings("unchecked")
    private <C> void listen(Future<C> child) {
      child.addDoneCallback(f -> childDone((Future<?>) f));
    }

    /**
     * Cancels every pending child with {@code msg}; true if at least one was. The gathering future
     * itself ends cancelled when the children answer: at the first cancelled child without {@code
     * returnExceptions}, once all are done with it.
     */
    @Override
    public boolean cancel(String msg) {
      loop.checkThread("cancel");
      if (done()) {
        return false;
      }
      boolean any = false;
      for (Future<?> child : distinct) {
        if (child.cancel(msg)) {
          any = true;
        }
      }
      if (any) {
        cancelRequested = true;
      }
      return any;
    }

    private void childDone(Future<?> child) {
      finished++;
      if (done()) {
        if (!child.cancelled()) {
          // The awaiter already got the first outcome: this one is not lost, only superseded.
          child.markRetrieved();
        }
        return;
      }
      if (!returnExceptions) {
        if (child.cancelled()) {
          if (cancelRequested) {
            endCancelled(child.makeCancelledError());
          } else {
            completeException(child.makeCancelledError());
          }
          return;
        }
        Throwable e = child.exceptionOrNull();
        if (e != null) {
          child.markRetrieved();
          completeException(e);
          return;
        }
      }
      if (finished < distinct.size()) {
        return;
      }
      if (cancelRequested) {
        // Cancelled from outside: the gather ends cancelled even if a child ignored the request.
        for (Future<?> f : distinct) {
          if (!f.cancelled()) {
            f.markRetrieved();
          }
        }
        endCancelled(child.cancelled() ? child.makeCancelledError() : new CancelledError());
        return;
      }
      List<Object> results = new ArrayList<>(children.size());
      for (Future<?> f : children) {
        if (f.cancelled()) {
          results.add(f.makeCancelledError());
        } else {
          Throwable e = f.exceptionOrNull();
          if (e != null) {
            f.markRetrieved();
            results.add(e);
          } else {
            results.add(f.result());
          }
        }
      }
      @SuppressWarnings("unchecked")
      List<T> typed = (List<T>) results;
      completeResult(typed);
    }

    private void endCancelled(CancelledError ce) {
      cancelledError = ce;
      cancelFuture(ce.getMessage());
    }

    @Override
    public String toString() {
      return "GatheringFuture[" + stateText() + ", " + finished + "/" + distinct.size() + " done]";
    }
  }
}
