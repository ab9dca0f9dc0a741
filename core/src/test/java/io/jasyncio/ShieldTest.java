package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ShieldTest extends TestBase {
  private EventLoop loop;

  @BeforeEach
  void newLoop() {
    loop = EventLoop.create(Clock.virtual());
  }

  @AfterEach
  void closeLoop() {
    loop.close();
  }

  // scenarios: wait_for and shield 9
  @Test
  void resultPassesThrough() {
    Future<String> inner = loop.createFuture();
    Future<String> outer = Asyncio.shield(inner);
    assertFalse(outer.done());
    inner.setResult("r");
    GatherTest.tick(loop);
    assertEquals("r", outer.result());
  }

  @Test
  void exceptionPassesThrough() {
    Future<String> inner = loop.createFuture();
    Future<String> outer = Asyncio.shield(inner);
    IllegalStateException e = new IllegalStateException("x");
    inner.setException(e);
    GatherTest.tick(loop);
    assertSame(e, outer.exception());
  }

  @Test
  void doneFutureIsReturnedAsItIs() {
    Future<String> inner = loop.createFuture();
    inner.setResult("done");
    assertSame(inner, Asyncio.shield(inner));
    assertEquals("done", Asyncio.shield(inner).result());
  }

  // scenarios: wait_for and shield 10
  @Test
  void innerCancelledMeansOuterCancelled() {
    Future<String> inner = loop.createFuture();
    Future<String> outer = Asyncio.shield(inner);
    inner.cancel("inner went away");
    GatherTest.tick(loop);
    assertTrue(outer.cancelled());
    CancelledError e = assertThrows(CancelledError.class, outer::result);
    assertEquals("inner went away", e.getMessage());
  }

  // scenarios: wait_for and shield 11
  @Test
  void outerCancelledLeavesInnerAlone() {
    int[] proof = {0};
    Task<Void> inner =
        loop.createTask(
            () -> {
              Asyncio.sleep(0.1);
              proof[0] += 1;
              return null;
            });
    Task<Void> outer =
        loop.createTask(
            () -> {
              Asyncio.await(Asyncio.shield(inner));
              proof[0] += 100;
              return null;
            });
    GatherTest.tick(loop);
    assertTrue(outer.cancel());
    assertThrows(CancelledError.class, () -> loop.runUntilComplete(outer));
    assertFalse(inner.done());
    loop.runUntilComplete(inner);
    assertEquals(1, proof[0]);
    assertEquals(0.1, loop.time());
  }

  @Test
  void cancellingTheShieldDropsItsCallbackOnInner() throws Exception {
    Future<String> inner = loop.createFuture();
    Future<String> outer = Asyncio.shield(inner);
    assertTrue(outer.cancel());
    GatherTest.tick(loop);
    assertFalse(inner.cancelled());
    assertNull(WaitTest.callbacks(inner));
    inner.setResult("still fine");
    GatherTest.tick(loop);
    assertTrue(outer.cancelled());
    assertEquals("still fine", inner.result());
  }

  @Test
  void shieldedWorkOutlivesACancelledCaller() {
    String r =
        loop.runUntilComplete(
            () -> {
              Task<String> save = Asyncio.createTask(() -> Asyncio.sleep(1, "saved"));
              Task<String> caller = Asyncio.createTask(() -> Asyncio.await(Asyncio.shield(save)));
              Asyncio.sleep(0.5);
              caller.cancel();
              assertThrows(CancelledError.class, () -> Asyncio.await(caller));
              assertEquals(0.5, Asyncio.getRunningLoop().time());
              return Asyncio.await(save);
            });
    assertEquals("saved", r);
    assertEquals(1.0, loop.time());
  }

  @Test
  void nullIsRejected() {
    NullPointerException e = assertThrows(NullPointerException.class, () -> Asyncio.shield(null));
    assertEquals("future", e.getMessage());
  }
}
