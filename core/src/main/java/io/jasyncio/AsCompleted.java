package io.jasyncio;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * asyncio.as_completed, in the style of Guava's {@code Futures.inCompletionOrder}: one output
 * future per distinct input; the i-th output completes like the i-th input to finish (same result
 * object, same exception instance, or cancelled like it).
 *
 * <p>With a timeout, the outputs still pending at the deadline fail with {@link TimeoutError} and
 * the callbacks on the inputs are removed. Inputs are never cancelled, not even by cancelling an
 * output: a cancelled output is skipped, and the next input to finish goes to the next output. Call
 * it on the loop's thread; iterate the outputs with {@link Asyncio#await(Future)}.
 */
final class AsCompleted {
  private AsCompleted() {}

  static <T> Iterable<Future<T>> asCompleted(
      Collection<? extends Future<T>> fs, Double timeoutOrNull) {
    Objects.requireNonNull(fs, "futures");
    if (timeoutOrNull != null && timeoutOrNull.isNaN()) {
      throw new IllegalArgumentException(
          "asCompleted() needs a timeout in seconds or null, not NaN");
    }
    Set<Future<T>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Future<T>> inputs = new ArrayList<>(fs.size());
    SelectorEventLoop loop = null;
    for (Future<T> f : fs) {
      Objects.requireNonNull(f, "fs contains null");
      if (loop == null) {
        loop = f.loop;
      } else if (f.loop != loop) {
        throw new IllegalArgumentException(
            "asCompleted() needs futures of one event loop: " + f + " belongs to another loop");
      }
      if (seen.add(f)) {
        inputs.add(f);
      }
    }
    if (inputs.isEmpty()) {
      return List.of();
    }
    return new Ordering<>(loop, inputs, timeoutOrNull).outputs;
  }

  /** Hands each finished input to the next output that is still pending. */
  private static final class Ordering<T> {
    private final List<Future<T>> inputs;
    final List<Future<T>> outputs;
    private final Consumer<Future<T>> onInputDone = this::inputDone;
    private TimerHandle timer;
    private int next;

    Ordering(SelectorEventLoop loop, List<Future<T>> inputs, Double timeoutOrNull) {
      this.inputs = inputs;
      List<Future<T>> outs = new ArrayList<>(inputs.size());
      for (int i = 0; i < inputs.size(); i++) {
        outs.add(new Future<>(loop));
      }
      this.outputs = Collections.unmodifiableList(outs);
      for (Future<T> f : inputs) {
        f.addDoneCallback(onInputDone);
      }
      if (timeoutOrNull != null) {
        timer = loop.callLater(timeoutOrNull, this::expire);
      }
    }

    private void inputDone(Future<T> input) {
      while (next < outputs.size()) {
        Future<T> out = outputs.get(next++);
        if (out.done()) {
          continue; // cancelled by its holder: the input goes to the next one
        }
        if (input.cancelled()) {
          // The output raises the input's own CancelledError, as awaiting the input would.
          out.cancelledError = input.makeCancelledError();
        }
        input.copyStateTo(out);
        break;
      }
      if (next >= outputs.size() && timer != null) {
        timer.cancel();
        timer = null;
      }
    }

    private void expire() {
      timer = null;
      for (Future<T> f : inputs) {
        f.removeDoneCallback(onInputDone);
      }
      for (int i = next; i < outputs.size(); i++) {
        Future<T> out = outputs.get(i);
        if (!out.done()) {
          out.completeException(new TimeoutError("asCompleted() deadline passed"));
        }
      }
      next = outputs.size();
    }
  }
}
