package io.jasyncio.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class Article004Test {
  @Test
  void jumpingRangeFollowsTheSentJumps() {
    assertEquals(
        List.of("0", "2", "3", "2", "3", "4"), Capture.run(Article004::jumpingRange));
  }

  @Test
  void rocketCountdownPrintsInTheArticlesOrder() {
    assertEquals(
        List.of(
            "A waiting 0 seconds before starting countdown",
            "B waiting 2 seconds before starting countdown",
            "C waiting 1 seconds before starting countdown",
            "A starting after waiting 0:00:00",
            "A T-minus 5",
            "C starting after waiting 0:00:01",
            "C T-minus 4",
            "A T-minus 4",
            "B starting after waiting 0:00:02",
            "B T-minus 3",
            "C T-minus 3",
            "A T-minus 3",
            "B T-minus 2",
            "C T-minus 2",
            "A T-minus 2",
            "B T-minus 1",
            "C T-minus 1",
            "A T-minus 1",
            "B lift-off!",
            "C lift-off!",
            "A lift-off!",
            "Total elapsed time is 0:00:05"),
        Capture.run(Article004::rocketCountdown));
  }

  @Test
  void timedeltaPrintsAsPython() {
    assertEquals("0:00:00.001000", Texts.timedelta(java.time.Duration.ofMillis(1)));
    assertEquals("1:01:01", Texts.timedelta(java.time.Duration.ofSeconds(3661)));
    assertEquals("0:00:02.000115", Texts.timedelta(java.time.Duration.ofNanos(2_000_115_000)));
  }
}
