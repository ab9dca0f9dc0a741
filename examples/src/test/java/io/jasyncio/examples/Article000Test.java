package io.jasyncio.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.examples.Article000.Form;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class Article000Test {
  private static final Pattern LINE =
      Pattern.compile("Loop: ([12]) Time: (\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6})");

  @Test
  void simpleGenYieldsHelloThenWorld() {
    assertEquals(List.of("Hello", "World"), Capture.run(Article000::simpleGen));
  }

  @Test
  void generateNumsBreaksAfterTen() {
    List<String> expected = IntStream.rangeClosed(0, 10).mapToObj(Integer::toString).toList();
    assertEquals(expected, Capture.run(Article000::generateNums));
  }

  @Test
  void coroReceivesWhatIsSent() {
    assertEquals(List.of("Hello", "World"), Capture.run(Article000::coroSend));
  }

  @Test
  void gatherTalliesPrintsSixAndTen() {
    assertEquals(List.of("[6, 10]"), Capture.run(Article000::gatherTallies));
  }

  record Entry(int loop, double t) {}

  private static List<Entry> parse(List<String> lines) {
    List<Entry> entries = new ArrayList<>();
    for (String l : lines) {
      Matcher m = LINE.matcher(l);
      assertTrue(m.matches(), l);
      LocalDateTime at = LocalDateTime.parse(m.group(2).replace(' ', 'T'));
      double t = Duration.between(Env.VIRTUAL_EPOCH, at).toNanos() / 1e9;
      entries.add(new Entry(Integer.parseInt(m.group(1)), t));
    }
    return entries;
  }

  /** Each loop prints at whole seconds 0 to 5 apart, and stops once less than a second is left. */
  private static void assertOneLoop(List<Entry> entries, int loop, double seconds) {
    List<Double> times = entries.stream().filter(e -> e.loop == loop).map(Entry::t).toList();
    assertEquals(0.0, times.getFirst());
    for (int i = 1; i < times.size(); i++) {
      double gap = times.get(i) - times.get(i - 1);
      assertTrue(gap >= 0 && gap <= 5 && gap == Math.rint(gap), "gap " + gap);
      assertTrue(times.get(i - 1) + 1 < seconds, "printed again after the end: " + times);
    }
    assertTrue(times.getLast() + 1 >= seconds, "stopped early: " + times);
  }

  @Test
  void displayDateLoopsTakeTurnsInAllThreeForms() {
    List<String> generator = Capture.run(e -> Article000.displayDate(e, Form.GENERATOR));
    List<String> nativeForm = Capture.run(e -> Article000.displayDate(e, Form.NATIVE));
    List<String> interop = Capture.run(e -> Article000.displayDate(e, Form.INTEROP));
    // Same seed, same program: the three forms print exactly the same lines.
    assertEquals(nativeForm, generator);
    assertEquals(nativeForm, interop);

    List<Entry> entries = parse(nativeForm);
    assertOneLoop(entries, 1, 50);
    assertOneLoop(entries, 2, 50);
    // Concurrent: both start at time 0, and the timeline never goes back.
    assertEquals(new Entry(1, 0), entries.get(0));
    assertEquals(new Entry(2, 0), entries.get(1));
    for (int i = 1; i < entries.size(); i++) {
      assertTrue(entries.get(i).t >= entries.get(i - 1).t, nativeForm.toString());
    }
    double last = entries.getLast().t;
    assertTrue(last >= 49 && last < 54, "ends after the last sleep: " + last);
  }

  @Test
  void blockingSleepStopsTheLoopsFromTakingTurns() {
    List<Entry> entries = parse(Capture.run(e -> Article000.displayDate(e, Form.BLOCKING, 20)));
    int firstOfLoop2 = entries.indexOf(entries.stream().filter(e -> e.loop == 2).findFirst().get());
    // Loop 1 runs all its 20 seconds before loop 2 prints anything.
    assertTrue(entries.subList(0, firstOfLoop2).stream().allMatch(e -> e.loop == 1));
    assertTrue(entries.subList(firstOfLoop2, entries.size()).stream().allMatch(e -> e.loop == 2));
    double loop2Start = entries.get(firstOfLoop2).t;
    assertTrue(loop2Start >= 19, "loop 2 starts only when loop 1 is done: " + loop2Start);
    assertTrue(entries.getLast().t >= loop2Start + 19, "then takes its own 20 seconds");
  }
}
