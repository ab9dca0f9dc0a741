package io.jasyncio.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FloorTest {
  @Test
  void makespanGivesEachDelayToTheFirstFreeConnection() {
    double[] d = {3, 1, 1, 1, 2};
    assertEquals(8, Floor.makespan(d, 1), 1e-12);
    // two connections: 3 | 1,1,1 then 2 goes to the second (free at 3) -> 5
    assertEquals(5, Floor.makespan(d, 2), 1e-12);
    assertEquals(3, Floor.makespan(d, 100), 1e-12);
  }

  @Test
  void requestsAreRoundsOfTheDelay() {
    Scale s = Scale.quick(); // 10 requests of 0.5 s
    assertEquals(5.0, Floor.requests(s, 1), 1e-12);
    assertEquals(1.5, Floor.requests(s, 4), 1e-12);
    assertEquals(0.5, Floor.requests(s, 100), 1e-12);
  }

  @Test
  void sumsUseAtMostTheCores() {
    assertEquals(5.0, Floor.sums(10, 4, 2), 1e-12);
    assertEquals(10.0, Floor.sums(10, 1, 2), 1e-12);
  }
}
