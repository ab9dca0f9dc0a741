package io.jasyncio;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmokeTest extends TestBase {
  @Test
  void runReturnsValue() {
    assertEquals(42, Asyncio.runVirtual(() -> 42));
  }

  @Test
  void sleepAndTasksInterleave() {
    List<String> log = new ArrayList<>();
    double t =
        Asyncio.runVirtual(
            () -> {
              Task<Integer> a = Asyncio.createTask(() -> { Asyncio.sleep(2); log.add("a"); return 1; });
              Task<Integer> b = Asyncio.createTask(() -> { Asyncio.sleep(1); log.add("b"); return 2; });
              assertEquals(1, Asyncio.await(a));
              assertEquals(2, Asyncio.await(b));
              return Asyncio.getRunningLoop().time();
            });
    assertEquals(List.of("b", "a"), log);
    assertEquals(2.0, t);
  }

  @Test
  void expectOrdering() {
    try (EventLoop loop = EventLoop.create(Clock.virtual())) {
      expect(1);
      Task<Void> t = loop.createTask(() -> { expect(3); Asyncio.sleep(0); expect(5); return null; });
      loop.callSoon(() -> expect(4));
      expect(2);
      loop.runUntilComplete(t);
      finish(6);
    }
  }

  @Test
  void cancelSleeping() {
    try (EventLoop loop = EventLoop.create(Clock.virtual())) {
      Task<Integer> t = loop.createTask(() -> { Asyncio.sleep(10); return 12; });
      loop.callSoon(t::cancel);
      assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
      assertTrue(t.cancelled());
      assertFalse(t.cancel());
    }
  }

  @Test
  void checkedExceptionUnchanged() {
    Exception e = assertThrows(java.io.IOException.class,
        () -> Asyncio.runVirtual(() -> { Asyncio.sleep(1); throw new java.io.IOException("x"); }));
    assertEquals("x", e.getMessage());
  }

  @Test
  void sleepOutsideCoroutine() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Asyncio.sleep(1));
    assertEquals("sleep() must be called from a coroutine running on an event loop", e.getMessage());
  }

  @Test
  void manyTasks() {
    int n = Asyncio.runVirtual(() -> {
      Future<Integer> gate = Asyncio.getRunningLoop().createFuture();
      List<Task<Integer>> ts = new ArrayList<>();
      for (int i = 0; i < 10000; i++) ts.add(Asyncio.createTask(() -> Asyncio.await(gate) + 1));
      Asyncio.sleep(0);
      gate.setResult(1);
      int sum = 0;
      for (Task<Integer> t : ts) sum += Asyncio.await(t);
      return sum;
    });
    assertEquals(20000, n);
  }
}
