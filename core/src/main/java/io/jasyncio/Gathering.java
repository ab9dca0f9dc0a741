package io.jasyncio;

import java.util.List;

/** asyncio.gather (to be written). */
final class Gathering {
  private Gathering() {}

  static <T> Future<List<T>> gather(List<? extends Future<? extends T>> fs, boolean returnExceptions) {
    throw new UnsupportedOperationException("gather");
  }

  static <T> Future<List<T>> gatherCoroutines(List<? extends Coroutine<? extends T>> cs) {
    throw new UnsupportedOperationException("gatherCoroutines");
  }
}
