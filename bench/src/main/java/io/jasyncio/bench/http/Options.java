package io.jasyncio.bench.http;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} command-line options of the HTTP benchmark programs. */
final class Options {
  private final Map<String, String> values = new HashMap<>();
  private final String usage;

  private Options(String usage) {
    this.usage = usage;
  }

  static Options parse(String[] args, String usage) {
    Options o = new Options(usage);
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--") || i + 1 == args.length) {
        throw new IllegalArgumentException("bad argument '" + a + "'; usage: " + usage);
      }
      o.values.put(a.substring(2), args[++i]);
    }
    return o;
  }

  String string(String name, String defaultValue) {
    return values.getOrDefault(name, defaultValue);
  }

  /** A non-negative integer. */
  int integer(String name, int defaultValue) {
    String v = values.get(name);
    int n;
    try {
      n = v == null ? defaultValue : Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be an integer, not '" + v + "'; usage: "
          + usage, e);
    }
    if (n < 0) {
      throw new IllegalArgumentException("--" + name + " must be >= 0, not " + n);
    }
    return n;
  }
}
