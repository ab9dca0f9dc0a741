package io.jasyncio.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class Article002Test {
  @Test
  void printSumAwaitsCompute() {
    assertEquals(List.of("Compute 1 + 2 ...", "1 + 2 = 3"), Capture.run(Article002::printSum));
  }

  @Test
  void aTaskAndABareCoroutinePrintTheSame() {
    assertEquals(
        List.of(
            "runUntilComplete(a task):",
            "Compute 1 + 2 ...",
            "1 + 2 = 3",
            "runUntilComplete(a coroutine):",
            "Compute 1 + 2 ...",
            "1 + 2 = 3"),
        Capture.run(Article002::coroutineVsTask));
  }

  @Test
  void gatherWaitAndAsCompletedReturnWhatTheArticleSays() {
    assertEquals(
        List.of(
            "gather:",
            "  quick finished",
            "  middle finished",
            "  slow finished",
            "  results [slow, quick, middle]",
            "wait(FIRST_COMPLETED):",
            "  quick finished",
            "  done [quick], pending [middle, slow]",
            "  middle finished",
            "  slow finished",
            "wait(ALL_COMPLETED):",
            "  done [middle, quick, slow], pending []",
            "asCompleted:",
            "  quick after 1 s",
            "  middle after 2 s",
            "  slow after 3 s"),
        Capture.run(Article002::combinators));
  }
}
