package io.jasyncio.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.generators.Generator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeneratorCoroutinesTest {
  @Test
  void driveSendsEachResultBackAndReturnsTheValue() {
    List<Object> received = new ArrayList<>();
    String r =
        Asyncio.runVirtual(
            () -> {
              EventLoop loop = Asyncio.getRunningLoop();
              Generator<Future<?>, Object, String> gen =
                  Generator.of(
                      y -> {
                        Future<Integer> f = loop.createFuture();
                        loop.callLater(2, () -> f.setResult(42));
                        received.add(y.yield(f));
                        received.add(y.yieldFrom(GeneratorCoroutines.sleep(loop, 3)));
                        received.add(loop.time());
                        return "done";
                      });
              return GeneratorCoroutines.drive(gen);
            });
    assertEquals("done", r);
    assertEquals(java.util.Arrays.asList(42, null, 5.0), received);
  }

  @Test
  void aFailedFutureIsThrownInAtTheYield() {
    String r =
        Asyncio.runVirtual(
            () -> {
              EventLoop loop = Asyncio.getRunningLoop();
              return GeneratorCoroutines.drive(
                  Generator.<Future<?>, Object, String>of(
                      y -> {
                        Future<Void> f = loop.createFuture();
                        loop.callSoon(() -> f.setException(new IllegalStateException("boom")));
                        try {
                          y.yield(f);
                          return "not thrown";
                        } catch (IllegalStateException e) {
                          return "caught " + e.getMessage();
                        }
                      }));
            });
    assertEquals("caught boom", r);
  }

  @Test
  void cancellingTheDrivingTaskCancelsTheSleepAndRunsFinally() {
    List<String> log = new ArrayList<>();
    Asyncio.runVirtual(
        () -> {
          EventLoop loop = Asyncio.getRunningLoop();
          Task<Void> t =
              Asyncio.createTask(
                  () ->
                      GeneratorCoroutines.drive(
                          Generator.<Future<?>, Object, Void>of(
                              y -> {
                                try {
                                  return y.yieldFrom(GeneratorCoroutines.sleep(loop, 100));
                                } finally {
                                  log.add("finally at " + loop.time());
                                }
                              })));
          Asyncio.sleep(1);
          t.cancel();
          assertThrows(CancelledError.class, () -> Asyncio.await(t));
          assertTrue(t.cancelled());
          return null;
        });
    assertEquals(List.of("finally at 1.0"), log);
  }

  @Test
  void driveOutsideACoroutineSaysSo() {
    try (EventLoop loop = EventLoop.create()) {
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () -> GeneratorCoroutines.drive(GeneratorCoroutines.sleep(loop, 1)));
      assertTrue(e.getMessage().startsWith("drive() must be called from a coroutine"));
    }
    assertThrows(NullPointerException.class, () -> GeneratorCoroutines.sleep(null, 1));
  }
}
