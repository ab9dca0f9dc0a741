package io.jasyncio;

import java.util.Collection;

/** asyncio.wait (to be written). */
final class Waiting {
  private Waiting() {}

  static <T> WaitResult<T> wait(Collection<? extends Future<T>> fs, Double timeoutOrNull, ReturnWhen when) {
    throw new UnsupportedOperationException("wait");
  }
}
