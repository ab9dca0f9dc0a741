package io.jasyncio.bench.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where a benchmark process's CPU time goes, by kind of thread: the application's threads (the
 * event loop's, its carrier threads under the virtual-thread engine, the JDK client's selector
 * thread: every thread not named below), the JIT compiler threads, the garbage collector's threads
 * (with the VM thread, which runs the collector's safepoint operations). Read from
 * Linux's {@code /proc/self/task/TID/schedstat} (nanoseconds on a CPU) and {@code comm} (the
 * thread's name as the JVM set it); every figure is -1 where they cannot be read.
 *
 * {@snippet :
 * ThreadCpu.Split before = ThreadCpu.split();
 * runTheRound();
 * ThreadCpu.Split spent = ThreadCpu.split().minus(before);   // spent.jit(): seconds of JIT
 * }
 */
final class ThreadCpu {
  private ThreadCpu() {}

  /** Seconds of CPU: of the application's threads, of the JIT compilers, of the GC threads. */
  record Split(double app, double jit, double gc) {
    Split minus(Split o) {
      if (app < 0 || o.app < 0) {
        return new Split(-1, -1, -1);
      }
      return new Split(app - o.app, jit - o.jit, gc - o.gc);
    }
  }

  /** The CPU time spent so far by each kind of thread. */
  static Split split() {
    Path tasks = Path.of("/proc/self/task");
    long app = 0;
    long jit = 0;
    long gc = 0;
    int seen = 0;
    try (Stream<Path> all = Files.list(tasks)) {
      for (Path t : (Iterable<Path>) all::iterator) {
        long ns;
        String name;
        try {
          ns = Long.parseLong(Files.readString(t.resolve("schedstat")).split(" ")[0]);
          name = Files.readString(t.resolve("comm")).strip();
        } catch (IOException | RuntimeException gone) {
          continue; // the thread ended meanwhile
        }
        seen++;
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
          jit += ns;
        } else if (name.startsWith("GC ") || name.startsWith("G1 ") || name.contains("GC Thread")
            || name.startsWith("VM Thread")) {
          gc += ns;
        } else {
          app += ns;
        }
      }
    } catch (IOException | RuntimeException e) {
      return new Split(-1, -1, -1);
    }
    return seen == 0 ? new Split(-1, -1, -1) : new Split(app / 1e9, jit / 1e9, gc / 1e9);
  }
}
