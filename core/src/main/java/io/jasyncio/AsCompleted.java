package io.jasyncio;

import java.util.Collection;

/** asyncio.as_completed (to be written). */
final class AsCompleted {
  private AsCompleted() {}

  static <T> Iterable<Future<T>> asCompleted(Collection<? extends Future<T>> fs, Double timeoutOrNull) {
    throw new UnsupportedOperationException("asCompleted");
  }
}
