package io.jasyncio.http;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a javadoc example prints: runs it with {@code System.out} captured and returns the lines,
 * so that the test around an example region checks what the example says it prints (as core's
 * test class of the same name).
 */
final class Printed {
  private Printed() {}

  /** An example's body; may throw anything. */
  @FunctionalInterface
  interface Example {
    void run() throws Exception;
  }

  /** Runs {@code example} and returns the lines it printed to {@code System.out}. */
  static synchronized List<String> by(Example example) throws Exception {
    PrintStream before = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      example.run();
    } finally {
      System.setOut(before);
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    return text.isEmpty() ? List.of() : List.of(text.split("\\R", -1)).subList(0, lines(text));
  }

  private static int lines(String text) {
    String[] parts = text.split("\\R", -1);
    return parts[parts.length - 1].isEmpty() ? parts.length - 1 : parts.length;
  }
}
