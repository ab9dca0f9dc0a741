package io.jasyncio.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunsTest {
  private static Row threads(double seconds, double floor, int round) {
    return Row.ok(Experiment.CPU, "threads", Row.JAVA, "4 threads", seconds, 299, 0, 1.5, floor)
        .inRound(round);
  }

  @Test
  void theMedianOfAnOddNumberIsTheMiddleRun() {
    Runs r = new Runs(List.of(threads(0.5, 0.3, 1), threads(0.25, 0.2, 2), threads(0.75, 0.4, 3)));
    assertEquals(3, r.count());
    assertTrue(r.ok());
    assertEquals(List.of(0.5, 0.25, 0.75), r.seconds());
    assertEquals(0.5, r.median());
    assertEquals(0.25, r.min());
    assertEquals(0.75, r.max());
    assertEquals(0.3, r.floor());
    assertNull(r.startup());
    assertEquals(1, r.first().round());
  }

  @Test
  void theMedianOfAnEvenNumberIsTheMeanOfTheTwoMiddleOnes() {
    assertEquals(2.5, Runs.median(List.of(4.0, 1.0, 3.0, 2.0)));
    assertEquals(0.75, new Runs(List.of(threads(1.0, 0.5, 1), threads(0.5, 0.5, 2))).median());
    assertEquals(7.0, Runs.median(List.of(7.0)));
    assertNull(Runs.median(List.of()));
  }

  @Test
  void aFailedRunLeavesTheModelWithoutFigures() {
    Row failed =
        Row.failed(Experiment.CPU, "threads", Row.JAVA, "4 threads", "boom").inRound(2);
    Runs r = new Runs(List.of(threads(0.5, 0.25, 1), failed, threads(0.75, 0.75, 3)));
    assertFalse(r.ok());
    assertEquals(Arrays.asList(0.5, null, 0.75), r.seconds());
    assertNull(r.median());
    assertNull(r.min());
    assertNull(r.max());
    assertEquals(0.5, r.floor()); // the floors of the runs that have one
  }

  @Test
  void startupIsTheMedianOfThePassingRuns() {
    Row a = new Row(Experiment.CPU, "processes", Row.JAVA, "4", 2.0, 299, 0, 1.5, "ok", 1.0, 0.9);
    Row b = new Row(
        Experiment.CPU, "processes", Row.JAVA, "4", 2.0, 299, 0, 1.5, "ok", 1.0, 0.7, 2);
    Row c = new Row(
        Experiment.CPU, "processes", Row.JAVA, "4", 2.0, 299, 0, 1.5, "ok", 1.0, 0.8, 3);
    assertEquals(0.8, new Runs(List.of(a, b, c)).startup());
  }

  @Test
  void ofPicksOneModelsRunsInTheirOrder() {
    List<Row> rows = List.of(
        threads(0.5, 0.3, 1),
        Row.ok(Experiment.CPU, "threads", Row.CPYTHON, "GIL", 9.0, 299, 0, 1.5, null),
        Row.ok(Experiment.IO, "threads", Row.JAVA, "4 threads", 3.0, 10, 99, null, 1.0),
        threads(0.25, 0.2, 2));
    Runs r = Runs.of(rows, Experiment.CPU, "threads", Row.JAVA);
    assertEquals(List.of(rows.get(0), rows.get(3)), r.rows());
    assertNull(Runs.of(rows, Experiment.CPU, "processes", Row.JAVA));
    assertEquals("Runs[cpu Java threads, [0.5, 0.25]]", r.toString());
  }

  @Test
  void runsAreOfOneModelAndNeverNone() {
    assertEquals(
        "no runs",
        assertThrows(IllegalArgumentException.class, () -> new Runs(List.of())).getMessage());
    Row other = Row.ok(Experiment.CPU, "sequential", Row.JAVA, "one", 1.0, 299, 0, 1.5, 1.0);
    assertEquals(
        "runs of different rows: Java threads and Java sequential",
        assertThrows(
            IllegalArgumentException.class,
            () -> new Runs(List.of(threads(0.5, 0.3, 1), other)))
            .getMessage());
    assertEquals(
        "round 0 < 1",
        assertThrows(IllegalArgumentException.class, () -> threads(0.5, 0.3, 0)).getMessage());
  }
}
