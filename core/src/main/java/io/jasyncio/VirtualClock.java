package io.jasyncio;

/** Time that moves only when its loop advances it. */
final class VirtualClock implements Clock {
  private volatile double now;

  @Override
  public double now() {
    return now;
  }

  void advanceTo(double when) {
    if (when > now) {
      now = when;
    }
  }

  @Override
  public String toString() {
    return "Clock.virtual() at " + now;
  }
}
