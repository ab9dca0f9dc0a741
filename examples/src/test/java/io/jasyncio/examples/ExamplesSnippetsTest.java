package io.jasyncio.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The examples of the examples package's javadoc ({@code {@snippet class=... region=...}}): each
 * region compiles here and runs on a virtual {@link Env} (the javadoc says where a program takes
 * {@code Env.real()}), and what it prints is what its comments say.
 */
@Timeout(120)
class ExamplesSnippetsTest {

  @Test
  void article000() {
    assertEquals(List.of("[6, 10]"), Capture.run(env -> {
      // @start region="article000"
      Article000.gatherTallies(env); // prints [6, 10]
      // @end
    }));
  }

  @Test
  void article001() {
    List<String> lines = Capture.run(env -> {
      // @start region="article001"
      Article001.produceConsume(env); // ten products made and consumed, turn by turn
      // @end
    });
    assertEquals(Capture.run(Article001::produceConsume), lines);
    assertEquals(20, lines.stream().filter(l -> l.matches("(?i).*(produc|consum).*")).count(), lines.toString());
  }

  @Test
  void article001Http() {
    List<String> lines = Capture.run(env -> {
      // @start region="article001Http"
      Article001Http.syncVsAsync(env, 10, 0.45);   // ten pages, one after another, then together
      // @end
    });
    assertTrue(lines.get(10).startsWith("Total time (synchronous): "), lines.toString());
    assertTrue(lines.get(22).startsWith("10 requests: "), lines.toString());
  }

  @Test
  void article002() {
    assertEquals(List.of("Compute 1 + 2 ...", "1 + 2 = 3"), Capture.run(env -> {
      // @start region="article002"
      Article002.printSum(env); // Compute 1 + 2 ... then, a second later, 1 + 2 = 3
      // @end
    }));
  }

  @Test
  void article003Asyncio() {
    List<String> lines = Capture.run(env -> {
      // @start region="article003Asyncio"
      Article003Asyncio.averager(env); // 40.0, 45.0, then the failure of a bad value
      // @end
    });
    assertEquals(Capture.run(Article003Asyncio::averager), lines);
    assertTrue(lines.get(0).contains("40.0") && lines.get(1).contains("45.0"), lines.toString());
  }

  @Test
  void article003Processes() {
    List<String> lines = Capture.run(env -> {
      // @start region="article003Processes"
      Article003Processes.runProc(env);   // the parent's pid, the child's, back in the parent
      // @end
    });
    assertEquals(3, lines.size(), lines.toString());
    assertTrue(lines.get(1).startsWith("child process test, id: "), lines.toString());
  }

  @Test
  void article003Threads() {
    List<String> lines = Capture.run(env -> {
      // @start region="article003Threads"
      Article003Threads.printSomeTimes(env); // three events 5 and 10 seconds later
      // @end
    });
    assertEquals(Capture.run(Article003Threads::printSomeTimes), lines);
  }

  @Test
  void article004() {
    List<String> lines = Capture.run(env -> {
      // @start region="article004"
      Article004.rocketCountdown(env); // A, B and C count down together, in five seconds
      // @end
    });
    assertEquals(Capture.run(Article004::rocketCountdown), lines);
  }

  @Test
  void env() {
    // @start region="env"
    Env env = Env.virtual(System.out, 42);
    String s = env.run(() -> Asyncio.sleep(3600, "an hour later")); // returns at once
    env.out().println(s + " at t=" + env.time());                   // an hour later at t=3600.0
    // @end
    assertEquals("an hour later", s);
    assertEquals(3600.0, env.time(), 1e-6);
  }

  @Test
  void examples() {
    List<String> lines = Capture.run(env -> {
      // @start region="examples"
      Examples.find("rocket-countdown").orElseThrow().run(env);
      // @end
    });
    assertEquals(Capture.run(Article004::rocketCountdown), lines);
  }

  @Test
  void generatorCoroutines() {
    // @start region="generatorCoroutines"
    String s = Asyncio.runVirtual(() -> {
      EventLoop loop = Asyncio.getRunningLoop();
      GeneratorCoroutines.drive(GeneratorCoroutines.sleep(loop, 1.0)); // yield from asyncio.sleep(1)
      return "slept";
    });
    // @end
    assertEquals("slept", s);
  }

  @Test
  void pageServer() {
    List<String> lines = Capture.run(env -> {
      // @start region="pageServer"
      try (PageServer site = PageServer.start(0.45)) {
        String url = site.url();
        env.out().println(url);                      // http://127.0.0.1:PORT/
      }
      // @end
    });
    assertEquals(1, lines.size());
    assertTrue(lines.get(0).matches("http://127\\.0\\.0\\.1:\\d+/"), lines.get(0));
  }

  @Test
  void pictureServer() {
    List<String> lines = Capture.run(env -> {
      // @start region="pictureServer"
      try (PictureServer server = PictureServer.start()) {
        List<String> urls = server.pictureUrls(5);
        env.out().println(urls.get(0));              // http://127.0.0.1:PORT/pictures/1.png
      }
      // @end
    });
    assertEquals(1, lines.size());
    assertTrue(lines.get(0).matches("http://127\\.0\\.0\\.1:\\d+/pictures/1\\.png"), lines.get(0));
  }

  @Test
  void program() {
    List<String> lines = Capture.run(env -> {
      // @start region="program"
      Program p = new Program("simple-gen", "000", "a generator yields Hello, then World",
          Article000::simpleGen);
      p.run(env);
      // @end
    });
    assertEquals(List.of("Hello", "World"), lines);
  }

  @Test
  void tour() {
    List<String> lines = Capture.run(env -> {
      // @start region="tour"
      new Tour(env).run();
      // @end
    });
    assertEquals("Tour finished. ./jasyncio examples lists every program of the articles.",
        lines.getLast());
  }
}
