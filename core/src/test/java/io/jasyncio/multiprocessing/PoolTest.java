package io.jasyncio.multiprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.TimeoutError;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** No event loop here: runs under one engine only. One shared pool of three workers. */
@Timeout(120)
@EnabledIfSystemProperty(named = "jasyncio.engine", matches = "continuation")
class PoolTest {
  static Pool pool;

  @BeforeAll
  static void start() {
    pool = new Pool(3);
  }

  @AfterAll
  static void stop() {
    pool.close();
    pool.join();
  }

  @Test
  void applyReturnsAndRethrowsUnchanged() {
    assertEquals(4, pool.apply(() -> 2 + 2));
    assertNotEquals(ProcessHandle.current().pid(), pool.apply(() -> ProcessHandle.current().pid()));
    ArithmeticException e =
        assertThrows(
            ArithmeticException.class,
            () ->
                pool.apply(
                    () -> {
                      int zero = 0;
                      return 1 / zero;
                    }));
    assertTrue(RemoteTraceback.find(e).isPresent());
  }

  @Test
  void applyAsyncRunsCallbacksBeforeReady() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    AsyncResult<String> ok = pool.applyAsync(() -> "fine", v -> seen.add("ok " + v), null);
    assertEquals("fine", ok.get(60));
    assertTrue(seen.contains("ok fine"));
    assertTrue(ok.ready());
    assertTrue(ok.successful());
    AsyncResult<String> bad =
        pool.applyAsync(
            () -> {
              throw new IllegalStateException("no");
            },
            null,
            t -> seen.add("err " + t.getMessage()));
    assertTrue(bad.await(60));
    assertFalse(bad.successful());
    assertTrue(seen.contains("err no"));
    assertThrows(IllegalStateException.class, bad::get);
    CompletableFuture<String> cf = ok.toCompletableFuture();
    assertEquals("fine", cf.get());
  }

  @Test
  void getWithTimeoutAndSuccessfulBeforeReady() {
    ProcessEvent go = new ProcessEvent();
    AsyncResult<Boolean> r = pool.applyAsync(() -> go.await(null));
    assertThrows(TimeoutError.class, () -> r.get(0.05));
    assertFalse(r.await(0.01));
    assertThrows(IllegalStateException.class, r::successful);
    go.set();
    assertTrue(r.get(60));
  }

  @Test
  void mapFamiliesKeepTheirOrders() {
    List<Integer> args = IntStream.range(0, 40).boxed().toList();
    List<Integer> squares = args.stream().map(x -> x * x).toList();
    assertEquals(squares, pool.map(x -> x * x, args));
    assertEquals(squares, pool.map(x -> x * x, args, 1));
    assertEquals(squares, pool.map(x -> x * x, args, 7));
    assertEquals(squares, pool.mapAsync((Integer x) -> x * x, args).get());
    List<Integer> imap = new ArrayList<>();
    pool.imap((Integer x) -> x * x, args, 3).forEachRemaining(imap::add);
    assertEquals(squares, imap);
    List<Integer> unordered = new ArrayList<>();
    Iterator<Integer> it = pool.imapUnordered((Integer x) -> x * x, args, 5);
    it.forEachRemaining(unordered::add);
    assertEquals(squares, unordered.stream().sorted().toList());
  }

  @Test
  void mapRethrowsTheFirstFailure() {
    assertThrows(ArithmeticException.class, () -> pool.map(x -> 10 / x, List.of(1, 0, 2), 1));
  }
}
