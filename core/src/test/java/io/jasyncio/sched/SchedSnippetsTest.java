package io.jasyncio.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Printed;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The examples of the sched package's javadoc ({@code {@snippet class=... region=...}}): each
 * region compiles here, and runs, and what it prints is what its comments say.
 */
class SchedSnippetsTest {

  @Test
  void scheduler() throws Exception {
    assertEquals(
        List.of("[first, second]"),
        Printed.by(
            () -> {
              // @start region="scheduler"
              Scheduler s = new Scheduler();
              List<String> log = new ArrayList<>();
              s.enter(0.2, 1, () -> log.add("second"));
              s.enter(0.1, 1, () -> log.add("first"));
              s.run(true);                                  // after 0.2 s
              System.out.println(log);                      // [first, second]
              // @end
            }));
  }

  @Test
  void scheduledEvent() throws Exception {
    assertEquals(
        List.of("true"),
        Printed.by(
            () -> {
              // @start region="event"
              Scheduler s = new Scheduler();
              ScheduledEvent e = s.enter(5, 1, () -> System.out.println("later"));
              double when = e.time();          // the scheduler's clock + 5
              s.cancel(e);                     // never runs
              System.out.println(s.empty());   // true
              // @end
              assertTrue(when > 0);
            }));
  }
}
