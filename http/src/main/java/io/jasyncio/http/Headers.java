package io.jasyncio.http;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * HTTP header fields: case-insensitive names, several values per name, insertion order kept
 * (aiohttp's {@code CIMultiDict}).
 *
 * <p>Every name must be a token and no value may hold CR, LF or NUL: anything else is an {@code
 * IllegalArgumentException}, so no header is ever written unchecked (no response splitting).
 * Iteration yields each field in the order it was added, with the name as it was given.
 *
 * {@snippet class=io.jasyncio.http.HttpSnippetsTest region=headers}
 *
 * <p>Threads: not thread-safe; a {@code Headers} belongs to one task at a time.
 */
public final class Headers implements Iterable<Map.Entry<String, String>> {
  private String[] names;
  private String[] values;
  private int size;

  /** An empty set of headers. */
  public Headers() {
    this(8);
  }

  Headers(int capacity) {
    names = new String[Math.max(capacity, 1)];
    values = new String[Math.max(capacity, 1)];
  }

  /**
   * Headers from alternating names and values: {@code of("Accept", "*\/*", "X-Id", "7")}.
   *
   * @throws IllegalArgumentException on an odd count, a name that is not a token or a value with
   *     CR, LF or NUL
   */
  public static Headers of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("Headers.of needs names and values in pairs");
    }
    Headers h = new Headers(namesAndValues.length / 2);
    for (int i = 0; i < namesAndValues.length; i += 2) {
      h.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return h;
  }

  /** The first value of {@code name} (any case), or null. */
  public String get(String name) {
    for (int i = 0; i < size; i++) {
      if (names[i].equalsIgnoreCase(name)) {
        return values[i];
      }
    }
    return null;
  }

  /** Every value of {@code name} (any case), in order; empty if none. */
  public List<String> getAll(String name) {
    List<String> out = null;
    for (int i = 0; i < size; i++) {
      if (names[i].equalsIgnoreCase(name)) {
        if (out == null) {
          out = new ArrayList<>(2);
        }
        out.add(values[i]);
      }
    }
    return out == null ? List.of() : Collections.unmodifiableList(out);
  }

  /** Whether a field named {@code name} (any case) is present. */
  public boolean contains(String name) {
    return get(name) != null;
  }

  /** Adds a field after the others (a name may repeat); returns this. */
  public Headers add(String name, String value) {
    checkName(name);
    checkValue(value);
    addUnchecked(name, value);
    return this;
  }

  /** Replaces every field of {@code name} by one field with {@code value}; returns this. */
  public Headers set(String name, String value) {
    checkName(name);
    checkValue(value);
    for (int i = 0; i < size; i++) {
      if (names[i].equalsIgnoreCase(name)) {
        values[i] = value;
        removeFrom(i + 1, name);
        return this;
      }
    }
    addUnchecked(name, value);
    return this;
  }

  /** Removes every field of {@code name} (any case); returns this. */
  public Headers remove(String name) {
    removeFrom(0, name);
    return this;
  }

  /** The number of fields (a repeated name counts once per value). */
  public int size() {
    return size;
  }

  /** The distinct names, each in the case first seen, in insertion order. */
  public Set<String> names() {
    Set<String> out = new LinkedHashSet<>();
    outer:
    for (int i = 0; i < size; i++) {
      for (String seen : out) {
        if (seen.equalsIgnoreCase(names[i])) {
          continue outer;
        }
      }
      out.add(names[i]);
    }
    return Collections.unmodifiableSet(out);
  }

  /** A copy that shares nothing with this one. */
  public Headers copy() {
    Headers h = new Headers(size);
    for (int i = 0; i < size; i++) {
      h.addUnchecked(names[i], values[i]);
    }
    return h;
  }

  @Override
  public Iterator<Map.Entry<String, String>> iterator() {
    return new Iterator<>() {
      int i;

      @Override
      public boolean hasNext() {
        return i < size;
      }

      @Override
      public Map.Entry<String, String> next() {
        if (i >= size) {
          throw new NoSuchElementException();
        }
        Map.Entry<String, String> e = new AbstractMap.SimpleImmutableEntry<>(names[i], values[i]);
        i++;
        return e;
      }
    };
  }

  String nameAt(int i) {
    return names[i];
  }

  String valueAt(int i) {
    return values[i];
  }

  /** Adds a field the parser has already validated. */
  void addUnchecked(String name, String value) {
    if (size == names.length) {
      int n = size * 2;
      names = java.util.Arrays.copyOf(names, n);
      values = java.util.Arrays.copyOf(values, n);
    }
    names[size] = name;
    values[size] = value;
    size++;
  }

  private void removeFrom(int start, String name) {
    int w = start;
    for (int r = start; r < size; r++) {
      if (!names[r].equalsIgnoreCase(name)) {
        names[w] = names[r];
        values[w] = values[r];
        w++;
      }
    }
    for (int i = w; i < size; i++) {
      names[i] = null;
      values[i] = null;
    }
    size = w;
  }

  static void checkName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a header name must not be empty");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c > 0x7f || !Syntax.isToken(c)) {
        throw new IllegalArgumentException("header name is not a token: " + printable(name));
      }
    }
  }

  static void checkValue(String value) {
    if (value == null) {
      throw new IllegalArgumentException("a header value must not be null");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        throw new IllegalArgumentException(
            "header value holds CR, LF or NUL: " + printable(value));
      }
    }
  }

  static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && i < 80; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\x%02x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("Headers[");
    for (int i = 0; i < size; i++) {
      if (i > 0) {
        b.append(", ");
      }
      b.append(names[i]).append(": ").append(values[i]);
    }
    return b.append(']').toString();
  }
}
