package io.jasyncio;

/** asyncio.Timeout (to be written). */
public final class Timeout {
  /** The body of a timeout block. */
  @FunctionalInterface
  public interface Body<T> {
    T run(Timeout t) throws Exception;
  }

  private Timeout() {}

  static <T> T timeout(double seconds, Coroutine<T> body) {
    throw new UnsupportedOperationException("timeout");
  }

  static <T> T timeout(Double delayOrNull, Body<T> body) {
    throw new UnsupportedOperationException("timeout");
  }

  static <T> T timeoutAt(Double whenOrNull, Body<T> body) {
    throw new UnsupportedOperationException("timeoutAt");
  }
}
