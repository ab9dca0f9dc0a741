package io.jasyncio.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExamplesTest {
  @Test
  void programsHaveDistinctNamesInArticleOrder() {
    List<Program> programs = Examples.programs();
    Set<String> names = new HashSet<>();
    String article = "000";
    for (Program p : programs) {
      assertTrue(names.add(p.name()), "duplicate " + p.name());
      assertTrue(p.name().matches("[a-z]+(-[a-z]+)*"), p.name());
      assertTrue(p.article().matches("00[0-4]"), p.article());
      assertTrue(p.article().compareTo(article) >= 0, p.name() + " out of article order");
      article = p.article();
    }
    for (String a : List.of("000", "001", "002", "003", "004")) {
      assertTrue(programs.stream().anyMatch(p -> p.article().equals(a)), "article " + a);
    }
  }

  @Test
  void findByName() {
    assertEquals("rocket-countdown", Examples.find("rocket-countdown").orElseThrow().name());
    assertTrue(Examples.find("no-such-program").isEmpty());
  }

  @Test
  void everyListedProgramRunsOnTheVirtualClock() {
    for (Program p : Examples.programs()) {
      if (p.name().equals("cancel-on-interrupt")) {
        continue; // runs until interrupted; Article001Test invokes its hook directly
      }
      List<String> lines = Capture.run(p::run);
      assertTrue(!lines.isEmpty(), p.name() + " printed nothing");
    }
  }

  @Test
  void programRejectsNulls() {
    assertThrows(NullPointerException.class, () -> new Program(null, "000", "s", e -> {}));
    Program p = Examples.programs().getFirst();
    assertThrows(NullPointerException.class, () -> p.run(null));
  }

  @Test
  void virtualEnvRejectsABadFraction() {
    assertThrows(IllegalArgumentException.class, () -> Env.virtual(System.out, 1, 2.0));
    assertThrows(IllegalArgumentException.class, () -> Env.virtual(System.out, 1, Double.NaN));
  }

  @Test
  void virtualTimelineCountsLoopTimeAndBlockedTime() {
    Env env = Env.virtual(System.out, 1, 0);
    assertEquals(0.0, env.time());
    env.sleepThread(2.5);
    assertEquals(2.5, env.time());
    double inside = env.run(() -> io.jasyncio.Asyncio.sleep(10, env.time()));
    assertEquals(2.5, inside);
    assertEquals(12.5, env.time());
    assertEquals(Env.VIRTUAL_EPOCH.plusNanos(12_500_000_000L), env.now());
    assertThrows(IllegalArgumentException.class, () -> env.sleepThread(-1));
  }

  @Test
  void realSecondsScalesOnlyOnTheVirtualClock() {
    assertEquals(0.1, Env.real().realSeconds(0.1));
    assertEquals(0.005, Env.virtual(System.out, 1, 0.05).realSeconds(0.1), 1e-12);
    assertTrue(Env.virtual(System.out, 1).isVirtual());
  }

  @Test
  void timesPrintAsPythonPrintsThem() {
    java.time.LocalDateTime t = java.time.LocalDateTime.of(2017, 3, 5, 11, 36, 37, 1000);
    assertEquals("2017-03-05 11:36:37.000001", Texts.datetime(t));
    assertEquals("Sun Mar  5 11:36:37 2017", Texts.ctime(t));
    assertEquals(
        "Tue Nov 21 00:00:00 2017", Texts.ctime(java.time.LocalDateTime.of(2017, 11, 21, 0, 0)));
  }
}
