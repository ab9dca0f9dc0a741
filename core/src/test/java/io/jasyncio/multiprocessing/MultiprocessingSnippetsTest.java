package io.jasyncio.multiprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Printed;
import io.jasyncio.concurrent.ResultIterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The examples of the multiprocessing package's javadoc ({@code {@snippet class=... region=...}}):
 * each region compiles here and runs in child JVMs, and what it prints or returns is what its
 * comments say. The examples that use a pool share one pool of each kind, started once for the
 * class; what a child prints goes to the child's standard output, so those examples are checked by
 * what they return or leave behind.
 */
@Timeout(180)
class MultiprocessingSnippetsTest {
  private static Pool pool;
  private static ProcessPoolExecutor executor;

  @BeforeAll
  static void start() {
    pool = new Pool(2);
    executor = new ProcessPoolExecutor(2);
  }

  @AfterAll
  static void stop() {
    pool.close();
    pool.join();
    executor.close();
  }

  static long fib(int n) {
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
  }

  /** Stands for an expensive start-up in the examples. */
  static final class Cache {
    static volatile boolean warm;

    static void warmUp() {
      warm = true;
    }
  }

  static void warmUp() {
    Cache.warmUp();
  }

  /** An exception that cannot be serialized: it holds a resource of its process. */
  static final class ExceptionHoldingASocket extends RuntimeException {
    @SuppressWarnings("unused")
    private final Object socket = new Object();
  }

  @Test
  void asyncResult() throws Exception {
    assertEquals(List.of("42"), Printed.by(() -> {
      // @start region="asyncResult"
      AsyncResult<Integer> r = pool.applyAsync(() -> 6 * 7);
      if (r.await(10.0) && r.successful()) {
        System.out.println(r.get());   // 42
      }
      // @end
    }));
  }

  @Test
  void brokenProcessPool() throws Exception {
    assertEquals(List.of("true"), Printed.by(() -> {
      try (ProcessPoolExecutor pool = new ProcessPoolExecutor(1)) {
        // @start region="brokenProcessPool"
        try {
          pool.submit(() -> { System.exit(3); return 0; }).get();
        } catch (ExecutionException e) {
          System.out.println(e.getCause() instanceof BrokenProcessPool);   // true: "worker ... died"
        }
        // @end
      }
    }));
  }

  @Test
  void joinableProcessQueue() {
    // @start region="joinableProcessQueue"
    JoinableProcessQueue<Integer> jobs = new JoinableProcessQueue<>();
    ProcessQueue<Integer> results = new ProcessQueue<>();
    Process worker = new Process(() -> {
      while (true) {
        int job = jobs.get();
        results.put(job * job);
        jobs.taskDone();
      }
    });
    worker.setDaemon(true);
    worker.start();
    for (int i = 0; i < 10; i++) {
      jobs.put(i);
    }
    jobs.join();   // every job done
    // @end
    assertEquals(10, results.qsize());
    worker.kill();
    worker.join();
  }

  @Test
  void poolExample() throws Exception {
    List<String> printed = Printed.by(() -> {
      // @start region="pool"
      try (Pool pool = new Pool(2)) {
        int four = pool.apply(() -> 2 + 2);
        List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3));   // [1, 4, 9]
        System.out.println(four + " " + squares);                          // 4 [1, 4, 9]
        AsyncResult<String> r = pool.applyAsync(() -> "hi", System.out::println, null);
        r.await(10.0);                                                     // hi, from the callback
      }
      // @end
    });
    assertEquals(List.of("4 [1, 4, 9]", "hi"), printed);
  }

  @Test
  void process() {
    ProcessQueue<String> said = new ProcessQueue<>();
    Integer[] code = new Integer[1];
    // @start region="process"
    String name = "test";
    Process p = new Process(() -> said.put("Run child process " + name
        + " (" + Process.currentPid() + ")..."));
    p.start();
    p.join();
    System.out.println(p.exitcode());   // 0
    // @end
    code[0] = p.exitcode();
    assertEquals(0, code[0]);
    assertEquals("Run child process test (" + p.pid() + ")...", said.get());
  }

  @Test
  void processEvent() {
    // @start region="processEvent"
    ProcessEvent ready = new ProcessEvent();
    Process child = new Process(() -> { warmUp(); ready.set(); });
    child.start();
    ready.await(30.0);
    // @end
    assertTrue(ready.isSet());
    child.join();
  }

  @Test
  void processPoolExecutor() throws Exception {
    List<String> printed = Printed.by(() -> {
      // @start region="processPoolExecutor"
      try (ProcessPoolExecutor pool = new ProcessPoolExecutor(2)) {
        CompletableFuture<Long> f = pool.submit(() -> fib(30));
        try (ResultIterator<Double> roots = pool.map(Math::sqrt, List.of(1.0, 4.0, 9.0), null, 1)) {
          roots.forEachRemaining(System.out::println);        // 1.0 2.0 3.0, in order
        }
        System.out.println(f.join());                         // 832040
      }
      // @end
    });
    assertEquals(List.of("1.0", "2.0", "3.0", "832040"), printed);
  }

  @Test
  void builder() {
    // @start region="builder"
    ProcessPoolExecutor pool = ProcessPoolExecutor.builder()
        .maxWorkers(4).maxTasksPerChild(100).initializer(Cache::warmUp)
        .jvmOptions(List.of("-Xmx256m")).name("crunch").build();
    // @end
    assertEquals(4, pool.maxWorkers());
    pool.close();
  }

  @Test
  void processQueue() throws Exception {
    List<String> printed = Printed.by(() -> {
      // @start region="processQueue"
      ProcessQueue<String> q = new ProcessQueue<>();
      Process child = new Process(() -> q.put("hello from " + Process.currentPid()));
      child.start();
      System.out.println(q.get());       // hello from <the child's pid>
      child.join();
      // @end
    });
    assertEquals(1, printed.size());
    assertTrue(printed.get(0).matches("hello from \\d+"), printed.get(0));
  }

  @Test
  void remoteError() {
    ProcessPoolExecutor pool = executor;
    String[] name = new String[1];
    // @start region="remoteError"
    try {
      pool.submit(() -> { throw new ExceptionHoldingASocket(); }).join();
    } catch (CompletionException e) {
      RemoteError r = (RemoteError) e.getCause();
      name[0] = r.remoteClassName();   // "...$ExceptionHoldingASocket"
    }
    // @end
    assertEquals(ExceptionHoldingASocket.class.getName(), name[0]);
  }

  @Test
  void remoteTraceback() {
    ProcessPoolExecutor pool = executor;
    String whereItFailed = null;
    // @start region="remoteTraceback"
    try {
      pool.submit(() -> 1 / 0).join();
    } catch (CompletionException e) {
      whereItFailed = RemoteTraceback.find(e.getCause()).orElseThrow().trace();
    }
    // @end
    assertTrue(whereItFailed.contains("ArithmeticException"), whereItFailed);
  }

  @Test
  void serializableCallable() {
    ProcessPoolExecutor pool = executor;
    // @start region="serializableCallable"
    int n = 30;
    SerializableCallable<Long> task = () -> fib(n);   // captures n only
    long r = pool.submit(task).join();                // 832040
    // @end
    assertEquals(832040L, r);
  }

  @Test
  void serializableFunction() {
    // @start region="serializableFunction"
    SerializableFunction<Integer, Integer> square = x -> x * x;
    List<Integer> squares = pool.map(square, List.of(1, 2, 3));   // [1, 4, 9]
    // @end
    assertEquals(List.of(1, 4, 9), squares);
  }

  @Test
  void serializableRunnable() {
    // @start region="serializableRunnable"
    SerializableRunnable target = () -> System.out.println("child " + Process.currentPid());
    Process p = new Process(target);
    p.start();
    p.join();
    // @end
    assertEquals(0, p.exitcode());
  }

  @Test
  void workerLostError() {
    String after = null;
    // @start region="workerLostError"
    try {
      pool.apply(() -> { System.exit(3); return 0; });
    } catch (WorkerLostError e) {
      after = pool.apply(() -> "still running");   // a fresh worker took its place
    }
    // @end
    assertEquals("still running", after);
  }
}
