package io.jasyncio.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One route: a method (or "*") and a path pattern whose segments may be {@code {name}} (one
 * segment, no slash) or {@code {name:regex}}.
 */
final class Route {
  final String method;
  final String path;
  final Handler handler;
  private final Pattern pattern;
  private final List<String> names;
  private final String literal;

  Route(String method, String path, Handler handler) {
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("a route path starts with '/': " + path);
    }
    this.method = method;
    this.path = path;
    this.handler = handler;
    this.names = new ArrayList<>();
    StringBuilder re = new StringBuilder();
    int i = 0;
    boolean dynamic = false;
    while (i < path.length()) {
      int open = path.indexOf('{', i);
      if (open < 0) {
        re.append(Pattern.quote(path.substring(i)));
        break;
      }
      if (open > i) {
        re.append(Pattern.quote(path.substring(i, open)));
      }
      int close = closing(path, open);
      String spec = path.substring(open + 1, close);
      int colon = spec.indexOf(':');
      String name = colon < 0 ? spec : spec.substring(0, colon);
      String regex = colon < 0 ? "[^{}/]+" : spec.substring(colon + 1);
      if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        throw new IllegalArgumentException("bad name in route " + path + ": " + name);
      }
      if (names.contains(name)) {
        throw new IllegalArgumentException("name used twice in route " + path + ": " + name);
      }
      names.add(name);
      re.append("(?<g").append(names.size() - 1).append('>').append(regex).append(')');
      dynamic = true;
      i = close + 1;
    }
    this.pattern = Pattern.compile(re.toString());
    this.literal = dynamic ? null : path;
  }

  private static int closing(String path, int open) {
    int depth = 0;
    for (int i = open; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("unclosed '{' in route " + path);
  }

  /** The values of the named segments when {@code decodedPath} matches, else null. */
  Map<String, String> match(String decodedPath) {
    if (literal != null) {
      return literal.equals(decodedPath) ? Map.of() : null;
    }
    Matcher m = pattern.matcher(decodedPath);
    if (!m.matches()) {
      return null;
    }
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < names.size(); i++) {
      out.put(names.get(i), m.group("g" + i));
    }
    return out;
  }

  boolean allows(String requestMethod) {
    return method.equals("*") || method.equals(requestMethod)
        || (requestMethod.equals("HEAD") && method.equals("GET"));
  }

  @Override
  public String toString() {
    return method + " " + path;
  }
}
