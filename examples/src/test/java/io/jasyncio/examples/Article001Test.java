package io.jasyncio.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.examples.Article001.Collect;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class Article001Test {
  @Test
  void producerAndConsumerTakeTurnsTenTimes() {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      expected.add("producer produced product " + i);
      expected.add("consumer consumed product " + i);
    }
    assertEquals(expected, Capture.run(Article001::produceConsume));
  }

  @Test
  void createTaskBothWaysGivesTasksThatRun() {
    assertEquals(
        List.of(
            "foo as a value: a Coroutine (nothing ran yet)",
            "ensureFuture(foo) gives a Task",
            "loop.createTask(foo) gives a Task",
            "foo",
            "foo"),
        Capture.run(Article001::createTask));
  }

  @Test
  void doneCallbackReadsTheResult() {
    assertEquals(
        List.of("foo", "I am done, result: foo"), Capture.run(Article001::doneCallback));
  }

  @Test
  void twoTasksUnderWaitTakeTwoSeconds() {
    assertEquals(
        List.of("foo", "foo", "I am done, result: foo", "both done after 2.0 seconds"),
        Capture.run(Article001::waitTasks));
  }

  @Test
  void blockingSleepSerialisesTheTasksAndDebugModeWarns() {
    Logger jul = Logger.getLogger("io.jasyncio");
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            records.add(r);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    jul.addHandler(capture);
    List<String> lines;
    try {
      // A blocking "2 seconds" really blocks 100 ms; the slow-callback threshold is 5 ms.
      lines = Capture.run(Capture.SEED, 0.05, Article001::blockingSleep);
    } finally {
      jul.removeHandler(capture);
    }
    assertEquals(
        List.of(
            "with Asyncio.sleep(2):",
            "foo-1 starts",
            "foo-2 starts",
            "foo-1 ends",
            "foo-2 ends",
            "elapsed 2.0 seconds",
            "with a blocking sleep of 2 seconds, in debug mode:",
            "foo-1 starts",
            "foo-1 ends",
            "foo-2 starts",
            "foo-2 ends",
            "elapsed 4.0 seconds"),
        lines);
    for (String task : List.of("foo-1", "foo-2")) {
      assertTrue(
          records.stream()
              .anyMatch(
                  r ->
                      r.getLevel() == Level.WARNING
                          && r.getMessage().startsWith("Executing step of Task")
                          && r.getMessage().contains(task)
                          && r.getMessage().contains("took")),
          "a slow-callback warning names " + task + ": " + records);
    }
  }

  /** The waits the programs draw from the seeded Random: 1 to 7 seconds each. */
  private static List<Integer> waits(int n) {
    Random r = new Random(Capture.SEED);
    List<Integer> xs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      xs.add(1 + r.nextInt(7));
    }
    return xs;
  }

  @ParameterizedTest
  @EnumSource(Collect.class)
  void fiveWaysToCollectTwoHundredResults(Collect way) {
    List<String> lines = Capture.run(e -> Article001.collect(e, way));
    List<Integer> xs = waits(200);
    assertEquals(401, lines.size());
    for (int i = 0; i < 200; i++) {
      assertEquals("I must wait " + xs.get(i) + " seconds", lines.get(i));
    }
    List<Integer> results = lines.subList(200, 400).stream().map(Integer::valueOf).toList();
    switch (way) {
      case GATHER, GATHER_RETURNED -> assertEquals(xs, results); // argument order
      case AS_COMPLETED -> {
        List<Integer> sorted = new ArrayList<>(xs);
        sorted.sort(Comparator.naturalOrder());
        assertEquals(sorted, results); // finishing order
      }
      case WAIT, WAIT_RETURNED -> { // a set: every result once, in no particular order
        List<Integer> a = new ArrayList<>(xs);
        List<Integer> b = new ArrayList<>(results);
        Collections.sort(a);
        Collections.sort(b);
        assertEquals(a, b);
      }
    }
    assertEquals(
        "200 tasks collected after " + Collections.max(xs) + ".0 seconds", lines.get(400));
  }

  @Test
  void concurrencyTakesTheLongestWaitNotTheSum() {
    List<String> lines = Capture.run(Article001::concurrency);
    List<Integer> xs = waits(200);
    int sum = xs.stream().mapToInt(Integer::intValue).sum();
    assertEquals(
        Collections.max(xs)
            + ".0 seconds elapsed for "
            + sum
            + " seconds of waiting; tasks running at once: at most 1",
        lines.get(200));
    assertEquals(xs.stream().map(String::valueOf).toList(), lines.subList(201, 401));
  }

  @Test
  void interruptOnTheLoopThreadCancelsEveryTaskAndRunsTheirFinallyBlocks() {
    List<String> lines =
        Capture.run(
            e ->
                Article001.cancelOnInterrupt(
                    e,
                    (loop, action) -> {
                      var pretend = loop.callLater(5.0, action); // the hook's action, invoked
                      return pretend::cancel;
                    }));
    assertEquals(
        List.of(
            "cal-list-1:999",
            "cal-list-2:998",
            "cal-list-3:997",
            "cal-list-1:996",
            "cal-list-2:995",
            "cal-list-3:994",
            "cal-list-1:993",
            "cal-list-2:992",
            "cal-list-3:991",
            "interrupted: cancelling 3 tasks",
            "cal-list-1.cancel() -> true",
            "cal-list-2.cancel() -> true",
            "cal-list-3.cancel() -> true",
            "cal-list-1: finally block ran",
            "cal-list-2: finally block ran",
            "cal-list-3: finally block ran",
            "cal-list-1 was cancelled",
            "cal-list-2 was cancelled",
            "cal-list-3 was cancelled"),
        lines);
  }

  @Test
  void interruptFromAnotherThreadReturnsOnlyAfterTheFinallyBlocksRan() throws Exception {
    CountDownLatch returned = new CountDownLatch(1);
    List<String> seenOnReturn = new CopyOnWriteArrayList<>();
    List<String> printed = new CopyOnWriteArrayList<>();
    List<String> lines =
        Capture.run(
            e ->
                Article001.cancelOnInterrupt(
                    e,
                    (loop, action) -> {
                      var timer =
                          loop.callLater(
                              5.0,
                              () ->
                                  Thread.ofPlatform()
                                      .start(
                                          () -> {
                                            action.run(); // as a shutdown hook's thread would
                                            seenOnReturn.add("returned");
                                            returned.countDown();
                                          }));
                      return timer::cancel;
                    }));
    assertTrue(returned.await(10, TimeUnit.SECONDS), "the interrupt action returned");
    printed.addAll(lines);
    for (int i = 1; i <= 3; i++) {
      assertTrue(printed.contains("cal-list-" + i + ": finally block ran"), printed.toString());
    }
    assertEquals(
        3,
        printed.stream()
            .filter(l -> l.endsWith(" was cancelled") || l.endsWith(" ran out of numbers"))
            .count());
    assertEquals(List.of("returned"), seenOnReturn);
  }
}
