package io.jasyncio.bench.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where a benchmark process's CPU time goes, by kind of thread: the calling thread (the event
 * loop's, in the fan-out), the JIT compiler threads, the garbage collector's threads (with the VM
 * thread, which runs the collector's safepoint operations). Read from
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

  /** Seconds of CPU: of the calling thread, of the JIT compilers, of the GC threads. */
  record Split(double loop, double jit, double gc) {
    Split minus(Split o) {
      if (loop < 0 || o.loop < 0) {
        return new Split(-1, -1, -1);
      }
      return new Split(loop - o.loop, jit - o.jit, gc - o.gc);
    }
  }

  /** The CPU time spent so far by each kind of thread. */
  static Split split() {
    Path tasks = Path.of("/proc/self/task");
    long loop = -1;
    long jit = 0;
    long gc = 0;
    try (Stream<Path> all = Files.list(tasks)) {
      long myTid = Long.parseLong(Path.of("/proc/thread-self").toRealPath().getFileName().toString());
      for (Path t : (Iterable<Path>) all::iterator) {
        long ns;
        String name;
        try {
          ns = Long.parseLong(Files.readString(t.resolve("schedstat")).split(" ")[0]);
          name = Files.readString(t.resolve("comm")).strip();
        } catch (IOException | RuntimeException gone) {
          continue; // the thread ended meanwhile
        }
        if (Long.parseLong(t.getFileName().toString()) == myTid) {
          loop = ns;
        } else if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
          jit += ns;
        } else if (name.startsWith("GC ") || name.startsWith("G1 ") || name.contains("GC Thread")
            || name.startsWith("VM Thread")) {
          gc += ns;
        }
      }
    } catch (IOException | RuntimeException e) {
      return new Split(-1, -1, -1);
    }
    return loop < 0 ? new Split(-1, -1, -1) : new Split(loop / 1e9, jit / 1e9, gc / 1e9);
  }
}
