package io.jasyncio.internal.util;

/** Rethrows any throwable unchanged, checked ones included, without wrapping. */
public final class Sneaky {
  private Sneaky() {}

  /**
   * Throws {@code t} as it is. Declared to return an exception so call sites can write {@code
   * throw Sneaky.rethrow(t)} and keep the compiler's flow analysis.
   */
  public static RuntimeException rethrow(Throwable t) {
    throw Sneaky.<RuntimeException>cast(t);
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> E cast(Throwable t) throws E {
    throw (E) t;
  }
}
