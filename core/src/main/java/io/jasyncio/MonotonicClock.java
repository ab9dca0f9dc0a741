package io.jasyncio;

/** {@link System#nanoTime()} in seconds. */
final class MonotonicClock implements Clock {
  static final MonotonicClock INSTANCE = new MonotonicClock();
  private static final long ORIGIN = System.nanoTime();

  @Override
  public double now() {
    return (System.nanoTime() - ORIGIN) / 1e9;
  }

  @Override
  public String toString() {
    return "Clock.monotonic()";
  }
}
