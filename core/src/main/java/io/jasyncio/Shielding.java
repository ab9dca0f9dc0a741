package io.jasyncio;

/** asyncio.shield (to be written). */
final class Shielding {
  private Shielding() {}

  static <T> Future<T> shield(Future<T> f) {
    throw new UnsupportedOperationException("shield");
  }
}
