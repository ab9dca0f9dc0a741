package io.jasyncio.examples;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ./jasyncio examples [NAME]}: lists the runnable programs, or runs one with real time.
 *
 * {@snippet :
 * Examples.main(new String[] {"tour"});
 * }
 */
public final class Examples {
  private Examples() {}

  /** Program name → (description, entry point). */
  static Map<String, Program> programs() {
    Map<String, Program> m = new LinkedHashMap<>();
    m.put("tour", new Program("the guided tour of coroutine programs", out -> new Tour(out).run()));
    return m;
  }

  /** One runnable program. */
  record Program(String description, java.util.function.Consumer<PrintStream> body) {}

  public static void main(String[] args) {
    Map<String, Program> programs = programs();
    if (args.length == 0) {
      System.out.println("Programs (run one with ./jasyncio examples NAME):");
      programs.forEach((name, p) -> System.out.printf("  %-24s %s%n", name, p.description()));
      return;
    }
    Program p = programs.get(args[0]);
    if (p == null) {
      System.err.println("jasyncio: no program named '" + args[0] + "'; ./jasyncio examples lists them");
      System.exit(2);
    }
    p.body().accept(System.out);
  }
}
