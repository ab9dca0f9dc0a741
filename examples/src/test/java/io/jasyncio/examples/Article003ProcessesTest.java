package io.jasyncio.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** No event loop in these programs: they run under one engine (ExamplesTest runs them on both). */
@Timeout(180)
@EnabledIfSystemProperty(named = "jasyncio.engine", matches = "continuation")
class Article003ProcessesTest {
  private static final long ME = ProcessHandle.current().pid();

  private static long number(String line, String regex) {
    Matcher m = Pattern.compile(regex).matcher(line);
    assertTrue(m.find(), line + " !~ " + regex);
    return Long.parseLong(m.group(1));
  }

  @Test
  void forkBecomesAChildProcessWhoseParentIsUs() {
    List<String> lines = Capture.run(Article003Processes::forkAsProcess);
    assertEquals(3, lines.size(), lines.toString());
    assertEquals("current process id: " + ME, lines.get(0));
    assertEquals("this is the parent, id: " + ME, lines.get(1));
    long child = number(lines.get(2), "^this is the child, id: (\\d+), its parent's id: " + ME + "$");
    assertNotEquals(ME, child);
  }

  @Test
  void runProcPrintsFromTheChildThenReturns() {
    List<String> lines = Capture.run(Article003Processes::runProc);
    assertEquals(3, lines.size(), lines.toString());
    assertEquals("current (parent) process id: " + ME, lines.get(0));
    assertNotEquals(ME, number(lines.get(1), "^child process test, id: (\\d+)$"));
    assertEquals("child process done, back in the main process " + ME, lines.get(2));
  }

  @Test
  void myFlowInTwoProcesses() {
    List<String> lines = Capture.run(Article003Processes::myFlowProcesses);
    assertEquals("main process run...", lines.get(0));
    assertEquals(
        Set.of("1+...+5000000=12499997500000", "1+...+6000000=17999997000000"),
        Set.copyOf(lines.subList(1, 3)));
    assertEquals("main process runned all lines...", lines.get(3));
  }

  @Test
  void poolApplyBlocksPerTask() {
    assertEquals(
        List.of(
            "task 500000", "1+...+500000=124999750000", "task 600000", "1+...+600000=179999700000"),
        Capture.run(Article003Processes::poolApply));
  }

  @Test
  void processPoolAsCompleted() {
    assertEquals(
        List.of("1+...+500000=124999750000", "(500000, 124999750000)"),
        Capture.run(Article003Processes::processPoolAsCompleted));
  }

  @Test
  void gcdOnTwoWorkersAllCompleted() {
    List<String> lines = Capture.run(env -> Article003Processes.gcdWait(env, null));
    assertEquals(6 + 1 + 12, lines.size(), lines.toString());
    assertEquals("#### divider ####", lines.get(6));
    long[] expected = new long[6];
    for (int i = 0; i < 6; i++) {
      long[] p = Article003Processes.NUMBERS[i];
      expected[i] = java.math.BigInteger.valueOf(p[0]).gcd(java.math.BigInteger.valueOf(p[1])).longValue();
      assertEquals("done: true", lines.get(7 + 2 * i));
      assertEquals(String.valueOf(expected[i]), lines.get(8 + 2 * i));
    }
  }

  @Test
  void workerProcessesAroundAJoinableQueue() {
    List<String> lines = Capture.run(Article003Processes::queueProcesses);
    assertEquals(7, lines.size(), lines.toString());
    assertEquals("todo: 6, success: 6", lines.get(6));
    assertTrue(lines.contains("gcd(1963309, 2265973) = 1"), lines.toString());
  }
}
