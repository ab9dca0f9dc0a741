package io.jasyncio.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class Article003ThreadsTest {
  private static List<String> withoutPort(List<String> lines) {
    return lines.stream().map(l -> l.replaceAll("http://127\\.0\\.0\\.1:\\d+", "BASE")).toList();
  }

  @Test
  void codingThenMusicEachJoinedBeforeTheNextStarts() {
    String main = Thread.currentThread().getName();
    List<String> expected = new ArrayList<>();
    expected.add("thread " + main + " is running...");
    for (int i = 0; i < 5; i++) {
      expected.add("I'm coding Java program at Sun Mar  5 11:36:37 2017");
    }
    for (int i = 0; i < 5; i++) {
      expected.add("I'm listening music at Sun Mar  5 11:36:37 2017");
    }
    expected.add("thread " + main + " ended.");
    assertEquals(expected, Capture.run(Article003Threads::codingMusic));
  }

  @Test
  void daemonServesTheRequestsAndIsStillAliveWhenMainEnds() {
    assertEquals(
        List.of(
            "served request-1",
            "served request-2",
            "served request-3",
            "main ends; daemon request-server is still waiting: true"),
        Capture.run(Article003Threads::daemonThread));
  }

  @Test
  void poolMapGivesResultsInArgumentOrder() {
    assertEquals(
        List.of(
            "('BASE/pictures/1.png', 200)",
            "('BASE/pictures/2.png', 200)",
            "('BASE/pictures/3.png', 200)",
            "('BASE/pictures/4.png', 200)",
            "('BASE/missing.png', 404)"),
        withoutPort(Capture.run(Article003Threads::poolMap)));
  }

  @Test
  void poolAsCompletedDownloadsFivePictures() {
    List<String> lines = withoutPort(Capture.run(Article003Threads::poolAsCompleted));
    assertEquals(11, lines.size());
    for (int i = 1; i <= 5; i++) {
      assertEquals("BASE/pictures/" + i + ".png submitted", lines.get(i - 1));
    }
    Set<String> completed = new HashSet<>(lines.subList(5, 10)); // in finishing order
    Set<String> expected = new HashSet<>();
    for (int i = 1; i <= 5; i++) {
      expected.add("completed BASE/pictures/" + i + ".png");
    }
    assertEquals(expected, completed);
    assertEquals("5 pictures saved, " + 15 * 1024 + " bytes", lines.get(10));
  }

  @Test
  void futuresWaitInItsThreeModes() {
    List<String> lines = Capture.run(e -> Article003Threads.futuresWait(e, null));
    assertEquals("ALL_COMPLETED:", lines.get(0));
    Pattern state = Pattern.compile("  running: (true|false), done: (true|false)");
    int running = 0;
    for (int i = 1; i <= 6; i++) {
      Matcher m = state.matcher(lines.get(i));
      assertTrue(m.matches(), lines.get(i));
      running += m.group(1).equals("true") ? 1 : 0;
    }
    assertTrue(running <= 2, "a pool of two threads runs at most two jobs: " + lines);
    assertEquals("  #### divider ####", lines.get(7));
    List<String> expected = new ArrayList<>();
    for (long[] pair : Article003Threads.NUMBERS) {
      expected.add("  running: false, done: true");
      expected.add("  " + BigInteger.valueOf(pair[0]).gcd(BigInteger.valueOf(pair[1])));
    }
    expected.addAll(
        List.of(
            "FIRST_COMPLETED:",
            "  done [quick], not done 2",
            "FIRST_EXCEPTION:",
            "  done [IllegalArgumentException], not done 1",
            "ALL_COMPLETED after the release:",
            "  done [IllegalArgumentException, held-3], not done 0"));
    assertEquals(expected, lines.subList(8, lines.size()));
  }

  @Test
  void schedRunsEventsByTimeThenPriority() {
    assertEquals(
        List.of(
            "Sun Mar  5 11:36:37 2017",
            "From print_time Sun Mar  5 11:36:42 2017 keyword",
            "From print_time Sun Mar  5 11:36:42 2017 positional",
            "From print_time Sun Mar  5 11:36:47 2017 default",
            "Sun Mar  5 11:36:47 2017"),
        Capture.run(Article003Threads::printSomeTimes));
  }

  @Test
  void everyBunIsBakedOnceAndEatenOnce() {
    List<String> lines = Capture.run(Article003Threads::queueThreads);
    int n = 3 * Article003Threads.BUNS_PER_PRODUCER;
    assertEquals(2 * n + 1, lines.size());
    assertEquals(n + " buns baked and eaten", lines.getLast());
    Pattern baked = Pattern.compile("producer (\\d) baked bun (\\d\\.\\d), \\d+ in the queue");
    Pattern eaten = Pattern.compile("consumer [01] ate bun (\\d\\.\\d), \\d+ in the queue");
    List<String> bakedBuns = new ArrayList<>();
    List<String> eatenBuns = new ArrayList<>();
    for (String l : lines.subList(0, 2 * n)) {
      Matcher b = baked.matcher(l);
      Matcher e = eaten.matcher(l);
      if (b.matches()) {
        assertTrue(b.group(2).startsWith(b.group(1) + "."), l);
        bakedBuns.add(b.group(2));
      } else {
        assertTrue(e.matches(), l);
        eatenBuns.add(e.group(1));
      }
    }
    List<String> all = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      for (int k = 1; k <= Article003Threads.BUNS_PER_PRODUCER; k++) {
        all.add(p + "." + k);
      }
    }
    assertEquals(all, bakedBuns.stream().sorted().toList());
    assertEquals(all, eatenBuns.stream().sorted().toList());
  }

  @Test
  void showTimeWaitsForTheSubmittedJob() {
    assertEquals(
        List.of("('Sun Mar  5 11:36:37 2017', 1)"), Capture.run(Article003Threads::showTime));
  }

  @Test
  void fileStatsCountsThePyAndTxtFiles() {
    // files 1..6 of 10, 20, ... 60 lines of "line": 210 lines, 840 characters; the .md is skipped
    assertEquals(
        List.of("summary: 210 lines, 840 characters, in 6 files"),
        Capture.run(Article003Threads::fileStats));
  }
}
