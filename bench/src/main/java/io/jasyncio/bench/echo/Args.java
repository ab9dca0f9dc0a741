package io.jasyncio.bench.echo;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} command-line options of the echo benchmark programs. */
final class Args {
  private final Map<String, String> values = new HashMap<>();

  Args(String[] args, String usage) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--") || i + 1 == args.length) {
        throw new IllegalArgumentException("bad argument '" + a + "'; usage: " + usage);
      }
      values.put(a.substring(2), args[++i]);
    }
  }

  String string(String name, String defaultValue) {
    return values.getOrDefault(name, defaultValue);
  }

  int positiveInt(String name, int defaultValue) {
    String v = values.get(name);
    int n;
    try {
      n = v == null ? defaultValue : Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be an integer, not '" + v + "'", e);
    }
    if (n <= 0) {
      throw new IllegalArgumentException("--" + name + " must be > 0, not " + n);
    }
    return n;
  }

  int port(String name, int defaultValue) {
    String v = values.get(name);
    int n;
    try {
      n = v == null ? defaultValue : Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be an integer, not '" + v + "'", e);
    }
    if (n < 0 || n > 65535) {
      throw new IllegalArgumentException("--" + name + " must be in 0..65535, not " + n);
    }
    return n;
  }

  double positiveSeconds(String name, double defaultValue) {
    String v = values.get(name);
    double d;
    try {
      d = v == null ? defaultValue : Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a number, not '" + v + "'", e);
    }
    if (!(d > 0) || Double.isInfinite(d)) {
      throw new IllegalArgumentException("--" + name + " must be > 0 seconds, not " + v);
    }
    return d;
  }
}
