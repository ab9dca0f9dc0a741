/**
 * jasyncio: Python's concurrency toolkit on the JVM.
 *
 * <p>At run time the JVM needs {@code --add-exports java.base/jdk.internal.vm=io.jasyncio} (on
 * the module path) or {@code =ALL-UNNAMED} (on the class path) for the fast continuation engine;
 * without it, the virtual-thread engine is used. Signal handling uses {@code sun.misc.Signal} of the
 * {@code jdk.unsupported} module, which every JDK has and exports without a flag.
 */
module io.jasyncio {
  // sun.misc.Signal, behind EventLoop.addSignalHandler and Asyncio.run's Ctrl-C.
  requires jdk.unsupported;

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
