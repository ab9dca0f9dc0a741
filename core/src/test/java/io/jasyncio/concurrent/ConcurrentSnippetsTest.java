package io.jasyncio.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Printed;
import io.jasyncio.ReturnWhen;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The examples of the concurrent package's javadoc ({@code {@snippet class=... region=...}}): each
 * region compiles here, and runs, and what it prints is what its comments say.
 */
class ConcurrentSnippetsTest {
  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  @AfterEach
  void shutDown() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(10, TimeUnit.SECONDS);
  }

  /** Stands for a download in the examples. */
  private static String fetch(String url) {
    return "page of " + url;
  }

  @Test
  void futures() throws Exception {
    List<String> urls = List.of("a", "b");
    List<String> words = List.of("to", "be");
    List<String> printed =
        Printed.by(
            () -> {
              // @start region="futures"
              List<Future<String>> fs = urls.stream().map(u -> pool.submit(() -> fetch(u))).toList();
              FutureWaitResult<String> r = Futures.wait(fs, 10.0, ReturnWhen.FIRST_EXCEPTION);
              for (Future<String> f : Futures.asCompleted(fs, 30.0)) {
                System.out.println(f.resultNow());                 // in completion order
              }
              try (ResultIterator<Integer> lengths = Futures.map(pool, String::length, words, null)) {
                lengths.forEachRemaining(System.out::println);     // in the order of words
              }
              // @end
              assertEquals(2, r.done().size());
            });
    assertEquals(List.of("page of a", "page of b"), printed.subList(0, 2).stream().sorted().toList());
    assertEquals(List.of("2", "2"), printed.subList(2, 4));
  }

  @Test
  void futureWaitResult() throws Exception {
    List<Future<String>> futures = List.of(pool.submit(() -> "x"), pool.submit(() -> "y"));
    List<String> printed =
        Printed.by(
            () -> {
              // @start region="wait-result"
              FutureWaitResult<String> r = Futures.wait(futures, 5.0, ReturnWhen.ALL_COMPLETED);
              for (Future<String> f : r.done()) {
                System.out.println(f.resultNow());
              }
              r.notDone().forEach(f -> f.cancel(true));
              // @end
            });
    assertEquals(List.of("x", "y"), printed.stream().sorted().toList());
  }

  @Test
  void resultIterator() throws Exception {
    assertEquals(
        List.of("1"),
        Printed.by(
            () -> {
              // @start region="result-iterator"
              try (ResultIterator<Integer> squares = Futures.map(pool, x -> x * x, List.of(1, 2, 3), null)) {
                System.out.println(squares.next());   // 1
              }                                       // the calls for 2 and 3 are cancelled if not started
              // @end
            }));
  }

  @Test
  void joinableQueue() throws Exception {
    assertEquals(
        List.of("done a", "done b"),
        Printed.by(
            () -> {
              // @start region="joinable"
              JoinableQueue<String> q = JoinableQueue.fifo(100);
              Thread worker = Thread.ofPlatform().daemon().start(() -> {
                while (true) {
                  String job = q.get();
                  System.out.println("done " + job);
                  q.taskDone();
                }
              });
              q.put("a");
              q.put("b");
              q.join();                 // both jobs processed: done a, done b
              // @end
            }));
  }

  @Test
  void bridgeQueue() throws Exception {
    assertEquals(
        List.of("item 1", "item 2", "item 3"),
        Printed.by(
            () ->
                Asyncio.run(
                    () -> {
                      // @start region="bridge"
                      EventLoop loop = Asyncio.getRunningLoop();
                      BridgeQueue<String> q = new BridgeQueue<>(loop, 2);
                      io.jasyncio.Future<Void> worker = Asyncio.toThread(() -> {   // a worker thread
                        for (int i = 1; i <= 3; i++) {
                          q.putFromThread("item " + i);     // blocks the thread while the queue is full
                        }
                        return null;
                      });
                      for (int i = 0; i < 3; i++) {
                        System.out.println(q.get());        // suspends while empty: item 1, 2, 3
                      }
                      Asyncio.await(worker);
                      // @end
                      return null;
                    })));
  }
}
