package io.jasyncio.locks;

/** The {@link Held} of one {@code hold()} call: runs its release once. */
final class Holding implements Held {
  private Runnable release;

  Holding(Runnable release) {
    this.release = release;
  }

  @Override
  public void close() {
    Runnable r = release;
    if (r != null) {
      release = null;
      r.run();
    }
  }

  @Override
  public String toString() {
    return release != null ? "Held[held]" : "Held[released]";
  }
}
