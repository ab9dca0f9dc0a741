package io.jasyncio.bench;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * One million tasks each awaiting one shared future: time to create and start them all (until
 * every one is parked), heap per parked task, and time to wake and finish them all. Prints one
 * line per figure in the same format as bench/peers/python/million_tasks.py.
 *
 * {@snippet lang=shell :
 * flock /tmp/jasyncio-bench.lock ./jasyncio run io.jasyncio.bench.MillionTasks [count]
 * }
 */
public final class MillionTasks {
  private MillionTasks() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    // A small warm-up round so that the JIT has seen the paths once.
    run(n / 10, false, false);
    // Timed without a collection between the phases: a forced full collection there would move
    // every parked continuation to the old generation and slow the waking phase down, which is
    // the benchmark's doing, not the runtime's. The heap is measured in a separate pass.
    run(n, true, false);
    run(n, false, true);
  }

  private static void run(int n, boolean printTimes, boolean printHeap) {
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    System.gc();
    long heapBefore = mem.getHeapMemoryUsage().getUsed();
    try (EventLoop loop = EventLoop.create()) {
      Future<Integer> gate = loop.createFuture();
      Task<?>[] tasks = new Task<?>[n];
      long t0 = System.nanoTime();
      loop.runUntilComplete(
          () -> {
            for (int i = 0; i < n; i++) {
              tasks[i] = Asyncio.createTask(() -> Asyncio.await(gate) + 1);
            }
            Asyncio.sleep(0); // every task runs its first step and parks on the gate
            return null;
          });
      long t1 = System.nanoTime();
      long heapParked = 0;
      if (printHeap) {
        System.gc();
        heapParked = mem.getHeapMemoryUsage().getUsed() - heapBefore;
      }
      long t2 = System.nanoTime();
      long sum =
          loop.runUntilComplete(
              () -> {
                gate.setResult(1);
                long s = 0;
                for (Task<?> t : tasks) {
                  s += (Integer) Asyncio.await(t);
                }
                return s;
              });
      long t3 = System.nanoTime();
      if (sum != 2L * n) {
        throw new AssertionError("wrong sum " + sum);
      }
      if (printTimes) {
        System.out.printf("tasks: %d%n", n);
        System.out.printf("create_and_start_s: %.3f%n", (t1 - t0) / 1e9);
        System.out.printf("wake_and_finish_s: %.3f%n", (t3 - t2) / 1e9);
      }
      if (printHeap) {
        System.out.printf("heap_bytes_per_parked_task: %d%n", heapParked / n);
      }
    }
  }
}
