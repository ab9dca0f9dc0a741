package io.jasyncio;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * asyncio.shield: an outer future that follows the inner one, but whose cancellation does not reach
 * it. A done inner future is returned as it is. Call it on the loop's thread.
 */
final class Shielding {
  private Shielding() {}

  static <T> Future<T> shield(Future<T> inner) {
    Objects.requireNonNull(inner, "future");
    if (inner.done()) {
      return inner;
    }
    Future<T> outer = new Future<>(inner.loop);
    Consumer<Future<T>> innerDone =
        f -> {
          if (outer.cancelled()) {
            return; // the inner outcome stays on the inner future for whoever holds it
          }
          f.copyStateTo(outer);
        };
    inner.addDoneCallback(innerDone);
    outer.addDoneCallback(
        o -> {
          if (!inner.done()) {
            inner.removeDoneCallback(innerDone);
          }
        });
    return outer;
  }
}
