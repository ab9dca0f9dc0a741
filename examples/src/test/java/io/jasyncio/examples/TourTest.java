package io.jasyncio.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TourTest {
  @Test
  void tourRunsItsStopsInOrder() {
    List<String> lines = Capture.run(env -> new Tour(env).run());
    List<String> headers = lines.stream().filter(l -> l.startsWith("== ")).toList();
    List<Tour.Stop> stops = Tour.stops();
    assertEquals(stops.size(), headers.size());
    assertTrue(stops.size() >= 6 && stops.size() <= 8, "six to eight stops");
    for (int i = 0; i < stops.size(); i++) {
      assertTrue(headers.get(i).startsWith("== " + (i + 1) + ". " + stops.get(i).title()));
      assertTrue(Examples.find(stops.get(i).program()).isPresent(), stops.get(i).program());
    }
    assertEquals(
        "Tour finished. ./jasyncio examples lists every program of the articles.",
        lines.getLast());
  }

  @Test
  void tourStopsShowTheProgramsOutput() {
    List<String> lines = Capture.run(env -> new Tour(env).run());
    assertTrue(lines.contains("[6, 10]"));
    assertTrue(lines.contains("Total elapsed time is 0:00:05"));
    assertTrue(lines.contains("both done after 2.0 seconds"));
    // The pretend Ctrl-C comes at 3 s: two rounds of numbers, then the cancellation.
    int interrupted = lines.indexOf("interrupted: cancelling 3 tasks");
    assertEquals("cal-list-3:994", lines.get(interrupted - 1));
    assertEquals("cal-list-3 was cancelled", lines.get(interrupted + 9));
  }

  @Test
  void tourTakesAboutTwelveSecondsOfProgramTime() {
    Env[] env = new Env[1];
    Capture.run(
        e -> {
          env[0] = e;
          new Tour(e).run();
        });
    double t = env[0].time();
    assertTrue(t >= 11 && t <= 13, "virtual seconds the tour takes: " + t);
  }
}
