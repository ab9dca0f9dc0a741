/**
 * jasyncio: Python's concurrency toolkit on the JVM.
 *
 * <p>At run time the JVM needs {@code --add-exports java.base/jdk.internal.vm=io.jasyncio} (on
 * the module path) or {@code =ALL-UNNAMED} (on the class path) for the fast continuation engine;
 * without it, the virtual-thread engine is used.
 */
module io.jasyncio {
  exports io.jasyncio;
  exports io.jasyncio.concurrent;
  exports io.jasyncio.generators;
  exports io.jasyncio.locks;
  exports io.jasyncio.multiprocessing;
  exports io.jasyncio.queues;
  exports io.jasyncio.sched;
  exports io.jasyncio.streams;
  exports io.jasyncio.subprocess;
  exports io.jasyncio.transports;
}
