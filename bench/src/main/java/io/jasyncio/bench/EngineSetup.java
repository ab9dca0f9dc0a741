package io.jasyncio.bench;

/**
 * Selects the coroutine engine for a benchmark fork. JMH runs each parameter combination in its
 * own JVM, so setting the property before the first use of jasyncio picks the engine.
 */
final class EngineSetup {
  private EngineSetup() {}

  static void select(String engine) {
    System.setProperty("jasyncio.engine", engine);
  }
}
