package io.jasyncio.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/** Runs a program on a virtual {@link Env} and returns what it printed, line by line. */
final class Capture {
  static final long SEED = 2017;

  private Capture() {}

  static List<String> run(Consumer<Env> program) {
    return run(SEED, 0.001, program);
  }

  static List<String> run(long seed, double realFraction, Consumer<Env> program) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      program.accept(Env.virtual(out, seed, realFraction));
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    return text.isEmpty() ? List.of() : List.of(text.split("\n", -1)).subList(0, count(text));
  }

  private static int count(String text) {
    int n = text.split("\n", -1).length;
    return text.endsWith("\n") ? n - 1 : n;
  }
}
