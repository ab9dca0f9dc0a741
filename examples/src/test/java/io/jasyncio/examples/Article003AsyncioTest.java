package io.jasyncio.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class Article003AsyncioTest {
  @Test
  void simpleCoroutineGoesThroughItsStates() {
    assertEquals(
        List.of(
            "CREATED",
            "-> coroutine started",
            "SUSPENDED",
            "-> coroutine received: 42",
            "StopIteration: the body ended",
            "CLOSED"),
        Capture.run(Article003Asyncio::simpleCoroutine));
  }

  @Test
  void primedAveragerAveragesAndABadValueEndsIt() {
    assertEquals(
        List.of(
            "40.0",
            "45.0",
            "send(null) failed inside the averager: NullPointerException",
            "the averager is now CLOSED"),
        Capture.run(Article003Asyncio::averager));
  }

  @Test
  void grouperCollectsEachAveragersReturnValue() {
    assertEquals(
        List.of(
            "StopIteration value: Result[count=2, average=15.0]",
            " 6 boys  averaging 54.00kg",
            " 6 boys  averaging 1.68m",
            " 6 girls averaging 44.00kg",
            " 6 girls averaging 1.58m"),
        Capture.run(Article003Asyncio::grouper));
  }

  @Test
  void slowOperationCompletesTheFutureTheLoopRunsUntil() {
    assertEquals(List.of("Future is done!"), Capture.run(Article003Asyncio::slowOperation));
  }

  @Test
  void slowOperationForeverStopsFromTheDoneCallback() {
    assertEquals(List.of("Future is done!"), Capture.run(Article003Asyncio::slowOperationForever));
  }

  @Test
  void waitAsCompletedAndGatherOverTwoPages() {
    String foo = "http://example.com/foo";
    String bar = "http://example.com/bar";
    assertEquals(
        List.of(
            "wait:",
            "  page " + bar + " arrived after 1.0 s",
            "  page " + foo + " arrived after 2.0 s",
            "asCompleted:",
            "  page " + bar + " arrived after 1.0 s",
            "  result " + bar,
            "  page " + foo + " arrived after 2.0 s",
            "  result " + foo,
            "gather:",
            "  page " + bar + " arrived after 1.0 s",
            "  page " + foo + " arrived after 2.0 s",
            "  Task ret: " + foo,
            "  Task ret: " + bar),
        Capture.run(Article003Asyncio::taskFunctions));
  }

  @Test
  void asyncWithIsTryWithResourcesInACoroutine() {
    assertEquals(
        List.of(
            "entering context",
            "inside the context",
            "exiting context",
            "commit(session, data):",
            "  begin",
            "  update fruit = apple",
            "  commit",
            "a transaction that fails:",
            "  begin",
            "  update fruit = pear",
            "  rollback",
            "  failed: the pear is rotten",
            "rows {fruit=apple}",
            "worker-1 holds the lock",
            "worker-1 releases the lock",
            "worker-2 holds the lock",
            "worker-2 releases the lock"),
        Capture.run(Article003Asyncio::asyncWith));
  }

  @Test
  void generatorWordWithLoopsAndWithYieldFrom() {
    assertEquals(
        List.of("[A, B, C, D, E, 1, 2]", "[A, B, C, D, E, 1, 2]"),
        Capture.run(Article003Asyncio::generatorWord));
  }

  @Test
  void helloInBothForms() {
    assertEquals(
        List.of("Hello world!", "Hello again!", "Hello world!", "Hello again!"),
        Capture.run(Article003Asyncio::hello));
  }

  @Test
  void displayDatePrintsFiveDatesASecondApart() {
    assertEquals(
        List.of(
            "2017-03-05 11:36:37.000000",
            "2017-03-05 11:36:38.000000",
            "2017-03-05 11:36:39.000000",
            "2017-03-05 11:36:40.000000",
            "2017-03-05 11:36:41.000000"),
        Capture.run(Article003Asyncio::displayDate));
  }
}
