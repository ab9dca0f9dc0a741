package io.jasyncio;

/** asyncio.wait_for (to be written). */
final class WaitFor {
  private WaitFor() {}

  static <T> T waitFor(Future<T> f, double timeout) {
    throw new UnsupportedOperationException("waitFor");
  }

  static <T> T waitFor(Coroutine<T> c, double timeout) {
    throw new UnsupportedOperationException("waitFor");
  }
}
