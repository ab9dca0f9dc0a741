package io.jasyncio.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Article 001's aiohttp programs, against the local page server. */
@Timeout(60)
class Article001HttpTest {
  private static List<String> run(java.util.function.Consumer<Env> program) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    program.accept(Env.virtual(out, 1));
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void getResponseReadsThePage() {
    assertEquals(List.of("got " + PageServer.PAGE.length() + " characters, title: Homes in Beijing"),
        run(Article001Http::getResponse));
  }

  @Test
  void syncVsAsyncRunsTheSameRequestsBothWays() {
    List<String> lines = run(env -> Article001Http.syncVsAsync(env, 5, 0.1));
    assertEquals(List.of("0", "1", "2", "3", "4"), lines.subList(0, 5));
    assertTrue(lines.get(5).startsWith("Total time (synchronous): "), lines.get(5));
    double sync = Double.parseDouble(lines.get(5).replaceAll("[^0-9.]", ""));
    assertTrue(sync >= 0.5, "five 0.1 s pages one after another take at least 0.5 s: " + sync);
    List<String> threads = lines.subList(6, 11);
    assertEquals(1, threads.stream().distinct().count(), "one loop: " + threads);
    assertTrue(lines.get(11).startsWith("Total time (asynchronous): "), lines.get(11));
    assertTrue(lines.get(12).startsWith("5 requests: "), lines.get(12));
  }
}
