package io.jasyncio.internal.process;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamException;

/**
 * Java serialization of everything that crosses a process boundary.
 *
 * <p>Writing: a value that cannot be serialized is an {@link IllegalArgumentException} naming the
 * class at fault, thrown in the caller. Reading: behind an {@link ObjectInputFilter} with limits on
 * graph depth, references, array length and stream size, combined with the JVM-wide filter
 * ({@code jdk.serialFilter}) and with the pattern of the system property {@code
 * jasyncio.serialFilter} (same syntax, passed on to children); a rejected class is reported by
 * name ({@link Rejected}).
 */
public final class Serial {
  private Serial() {}

  /** The largest frame or serialized value accepted: 512 MiB. */
  public static final int MAX_BYTES = 512 << 20;

  static final long MAX_DEPTH = 500;
  static final long MAX_REFS = 50_000_000;
  static final long MAX_ARRAY = MAX_BYTES;

  /** The system property holding an extra filter pattern, passed on to child JVMs. */
  public static final String FILTER_PROPERTY = "jasyncio.serialFilter";

  /** A class or limit refused by the deserialization filter; the message names it. */
  public static final class Rejected extends InvalidClassException {
    private static final long serialVersionUID = 1L;

    Rejected(String className, String why) {
      super(className, why);
    }
  }

  /**
   * Serializes {@code value}; {@code what} names it in the message of the {@link
   * IllegalArgumentException} thrown when it cannot be serialized ("task", "argument", ...).
   */
  public static byte[] serialize(Object value, String what) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    } catch (NotSerializableException e) {
      throw new IllegalArgumentException(notSerializable(what, value, e.getMessage()), e);
    } catch (ObjectStreamException e) {
      throw new IllegalArgumentException(
          "the " + what + " (" + className(value) + ") cannot be serialized: " + e, e);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "the " + what + " (" + className(value) + ") cannot be serialized: " + e, e);
    }
    if (bytes.size() > MAX_BYTES) {
      throw new IllegalArgumentException(
          "the " + what + " (" + className(value) + ") serializes to " + bytes.size()
              + " bytes, more than the limit of " + MAX_BYTES);
    }
    return bytes.toByteArray();
  }

  private static String className(Object value) {
    return value == null ? "null" : value.getClass().getName();
  }

  /** The message for a value that holds (or is) an object of a class that is not serializable. */
  static String notSerializable(String what, Object value, String badClass) {
    StringBuilder m = new StringBuilder();
    m.append("the ").append(what).append(" is not serializable: class ").append(badClass);
    m.append(" does not implement java.io.Serializable");
    if (value != null && !value.getClass().getName().equals(badClass)) {
      m.append(" (reached from ").append(className(value)).append(')');
    }
    if (badClass.contains("$$Lambda")) {
      m.append(
          "; a lambda or method reference is serializable only when its target type is: use"
              + " SerializableCallable, SerializableFunction or SerializableRunnable (or a cast"
              + " such as (Callable<T> & Serializable) () -> ...)");
    } else {
      m.append(
          "; a task crosses to another process by value: capture only serializable values"
              + " (not `this` of a class that is not serializable, nor open resources)");
    }
    return m.toString();
  }

  /**
   * Reads one value written by {@link #serialize}. Throws {@link Rejected} naming the class or
   * limit the filter refused, {@link ClassNotFoundException} when a class is missing here.
   */
  public static Object deserialize(byte[] bytes) throws IOException, ClassNotFoundException {
    Filter filter = new Filter();
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      in.setObjectInputFilter(filter);
      return in.readObject();
    } catch (InvalidClassException e) {
      if (filter.rejected != null) {
        throw new Rejected(filter.rejected, "rejected by the deserialization filter" + filter.why);
      }
      throw e;
    }
  }

  /**
   * Runs the filter on class {@code c} as deserialization would when it meets an object of that
   * class; throws {@link Rejected} naming it when refused. For values written in a compact form
   * ({@link CallCodec}), so that the filter decides on them as on everything else.
   */
  static void check(Class<?> c) throws Rejected {
    Checked checked = lastChecked;
    ObjectInputFilter global = ObjectInputFilter.Config.getSerialFilter();
    String pattern = System.getProperty(FILTER_PROPERTY);
    if (checked == null || checked.global != global || !java.util.Objects.equals(checked.pattern, pattern)) {
      lastChecked = checked = new Checked(global, pattern, new java.util.concurrent.ConcurrentHashMap<>());
    }
    String why = checked.verdicts.computeIfAbsent(c, Serial::verdict);
    if (!why.isEmpty()) {
      throw new Rejected(c.getName(), "rejected by the deserialization filter" + why);
    }
  }

  /** A limit exceeded while reading a compact value. */
  static Rejected limit(Class<?> c, String what) {
    return new Rejected(c.getName(), "rejected by the deserialization filter (limit exceeded: " + what + ")");
  }

  private record Checked(
      ObjectInputFilter global,
      String pattern,
      java.util.concurrent.ConcurrentHashMap<Class<?>, String> verdicts) {}

  private static volatile Checked lastChecked;

  /** "" when the filter lets objects of class c in, else why not. */
  private static String verdict(Class<?> c) {
    Filter f = new Filter();
    ObjectInputFilter.Status s =
        f.checkInput(
            new ObjectInputFilter.FilterInfo() {
              @Override
              public Class<?> serialClass() {
                return c;
              }

              @Override
              public long arrayLength() {
                return -1;
              }

              @Override
              public long depth() {
                return 1;
              }

              @Override
              public long references() {
                return 1;
              }

              @Override
              public long streamBytes() {
                return 0;
              }
            });
    return s == ObjectInputFilter.Status.REJECTED ? f.why : "";
  }

  private static volatile ObjectInputFilter userFilter;
  private static volatile String userPattern;

  private static ObjectInputFilter userFilter() {
    String pattern = System.getProperty(FILTER_PROPERTY);
    if (pattern == null || pattern.isBlank()) {
      return null;
    }
    if (!pattern.equals(userPattern)) {
      userFilter = ObjectInputFilter.Config.createFilter(pattern);
      userPattern = pattern;
    }
    return userFilter;
  }

  /** Limits first, then the JVM-wide filter, then jasyncio.serialFilter; remembers a rejection. */
  private static final class Filter implements ObjectInputFilter {
    String rejected;
    String why = "";
    private final ObjectInputFilter global = ObjectInputFilter.Config.getSerialFilter();
    private final ObjectInputFilter user = userFilter();

    @Override
    public Status checkInput(FilterInfo info) {
      String limit = null;
      if (info.depth() > MAX_DEPTH) {
        limit = "depth " + info.depth() + " > " + MAX_DEPTH;
      } else if (info.references() > MAX_REFS) {
        limit = "references " + info.references() + " > " + MAX_REFS;
      } else if (info.arrayLength() > MAX_ARRAY) {
        limit = "array length " + info.arrayLength() + " > " + MAX_ARRAY;
      } else if (info.streamBytes() > MAX_BYTES) {
        limit = "stream bytes " + info.streamBytes() + " > " + MAX_BYTES;
      }
      if (limit != null) {
        return reject(info, " (limit exceeded: " + limit + ")");
      }
      Status s = Status.UNDECIDED;
      for (ObjectInputFilter f : new ObjectInputFilter[] {global, user}) {
        if (f == null) {
          continue;
        }
        Status fs = f.checkInput(info);
        if (fs == Status.REJECTED) {
          return reject(info, f == user ? " (" + FILTER_PROPERTY + "=" + userPattern + ")"
              : " (jdk.serialFilter)");
        }
        if (fs == Status.ALLOWED) {
          s = Status.ALLOWED;
        }
      }
      return s;
    }

    private Status reject(FilterInfo info, String reason) {
      if (rejected == null) {
        Class<?> c = info.serialClass();
        rejected = c == null ? "(no class)" : c.isArray() ? c.getTypeName() : c.getName();
        why = reason;
      }
      return Status.REJECTED;
    }
  }
}
