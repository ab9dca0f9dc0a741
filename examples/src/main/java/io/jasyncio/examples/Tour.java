package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.TimeoutError;
import io.jasyncio.generators.Generator;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The main job: a short guided tour of coroutine programs, each printing what it does and what
 * it shows. Runs with real time in a few seconds: {@code ./jasyncio tour}.
 *
 * {@snippet :
 * new Tour(System.out).run();
 * }
 */
public final class Tour {
  private final PrintStream out;

  public Tour(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    new Tour(System.out).run();
  }

  /** Runs every stop of the tour in order. */
  public void run() {
    out.println("jasyncio tour: coroutines on one thread, as Python's asyncio");
    out.println();
    stop("1. Two coroutines take turns at their suspension points", this::interleave);
    stop("2. Ten one-second waits take one second, not ten", this::concurrentWaits);
    stop("3. gather() returns results in argument order, not finishing order", this::gatherOrder);
    stop("4. A timeout cancels the slow work; its finally block runs", this::timeout);
    stop("5. A generator as a consumer: send() feeds it, close() ends it", this::generatorConsumer);
    stop("6. A hundred thousand tasks on one thread", this::manyTasks);
    out.println("Tour finished. See ./jasyncio examples for every program of the reference articles.");
  }

  private void stop(String title, Runnable body) {
    out.println("== " + title);
    body.run();
    out.println();
  }

  private void interleave() {
    List<String> log = new ArrayList<>();
    Asyncio.run(
        () -> {
          Task<Void> a = Asyncio.createTask(() -> countdown("A", 3, 0.02, log));
          Task<Void> b = Asyncio.createTask(() -> countdown("B", 3, 0.03, log));
          Asyncio.await(a);
          Asyncio.await(b);
          return null;
        });
    out.println("   " + String.join(" ", log));
    out.println("   Only one runs at a time; control changes hands at each sleep().");
  }

  private static Void countdown(String name, int n, double pause, List<String> log) {
    for (int i = n; i > 0; i--) {
      log.add(name + i);
      Asyncio.sleep(pause);
    }
    return null;
  }

  private void concurrentWaits() {
    long t0 = System.nanoTime();
    int done =
        Asyncio.run(
            () -> {
              List<Future<? extends Integer>> tasks = new ArrayList<>();
              for (int i = 0; i < 10; i++) {
                tasks.add(Asyncio.createTask(() -> Asyncio.sleep(1.0, 1)));
              }
              return Asyncio.await(Asyncio.gather(tasks)).stream().mapToInt(Integer::intValue).sum();
            });
    double seconds = (System.nanoTime() - t0) / 1e9;
    out.printf("   %d tasks each slept 1 s; elapsed %.2f s on one thread.%n", done, seconds);
  }

  private void gatherOrder() {
    List<String> finished = new ArrayList<>();
    List<String> results =
        Asyncio.run(
            () -> {
              List<Future<? extends String>> tasks = new ArrayList<>();
              double[] delays = {0.3, 0.1, 0.2};
              for (int i = 0; i < delays.length; i++) {
                String name = "job" + i + "(" + delays[i] + "s)";
                double d = delays[i];
                tasks.add(
                    Asyncio.createTask(
                        () -> {
                          Asyncio.sleep(d);
                          finished.add(name);
                          return name;
                        }));
              }
              return Asyncio.await(Asyncio.gather(tasks));
            });
    out.println("   finished: " + finished);
    out.println("   gathered: " + results);
  }

  private void timeout() {
    List<String> log = new ArrayList<>();
    Asyncio.run(
        () -> {
          Task<String> slow =
              Asyncio.createTask(
                  () -> {
                    try {
                      Asyncio.sleep(10);
                      return "never";
                    } catch (CancelledError e) {
                      log.add("slow task saw CancelledError");
                      throw e;
                    } finally {
                      log.add("slow task's finally ran");
                    }
                  });
          try {
            Asyncio.waitFor(slow, 0.1);
          } catch (TimeoutError e) {
            log.add("waitFor raised TimeoutError after 0.1 s; task cancelled=" + slow.cancelled());
          }
          return null;
        });
    log.forEach(l -> out.println("   " + l));
  }

  private void generatorConsumer() {
    List<String> log = new ArrayList<>();
    try (Generator<String, String, Void> consumer =
        Generator.primed(
            y -> {
              String reply = "";
              while (true) {
                String product = y.yield(reply);
                log.add("[consumer] consuming " + product);
                reply = "200 OK";
              }
            })) {
      for (int n = 1; n <= 3; n++) {
        String product = "product-" + n;
        log.add("[producer] producing " + product);
        log.add("[producer] consumer returned " + consumer.send(product));
      }
    }
    log.forEach(l -> out.println("   " + l));
  }

  private void manyTasks() {
    int n = 100_000;
    Runtime rt = Runtime.getRuntime();
    System.gc();
    long heapBefore = rt.totalMemory() - rt.freeMemory();
    long t0 = System.nanoTime();
    long[] parkedHeap = new long[1];
    double[] startSeconds = new double[1];
    try (EventLoop loop = EventLoop.create()) {
      long sum =
          loop.runUntilComplete(
              () -> {
                Future<Integer> gate = Asyncio.getRunningLoop().createFuture();
                List<Task<Integer>> tasks = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                  tasks.add(Asyncio.createTask(() -> Asyncio.await(gate) + 1));
                }
                Asyncio.sleep(0);
                startSeconds[0] = (System.nanoTime() - t0) / 1e9;
                parkedHeap[0] = rt.totalMemory() - rt.freeMemory() - heapBefore;
                gate.setResult(1);
                long s = 0;
                for (Task<Integer> t : tasks) {
                  s += Asyncio.await(t);
                }
                return s;
              });
      double seconds = (System.nanoTime() - t0) / 1e9;
      out.printf(
          "   %,d tasks parked on one future: started in %.2f s (about %,d bytes of heap each);%n"
              + "   all woken and finished after %.2f s in total; sum of results %,d.%n",
          n, startSeconds[0], Math.max(0, parkedHeap[0] / n), seconds, sum);
    }
  }
}
