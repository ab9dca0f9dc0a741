package io.jasyncio.internal.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.StreamCorruptedException;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The compact form of calls, results and queue items: what a pool sends for every call, so it is
 * cheap to write and to read.
 *
 * <p>Boxed {@code int}, {@code long}, {@code double}, {@code boolean}, strings, {@code null} and
 * {@code java.util.ArrayList}s of these are written as tagged bytes. A serializable lambda or method
 * reference is sent <em>by shape</em>: its {@link SerializedLambda} without the captured values
 * (capturing class, interface method, implementation method) is a <em>shape</em>, given a number
 * once in this process and defined once per worker ({@link Wire#DEFINE}); each call then carries
 * the shape's number and the captured values only, and the worker keeps the capturing class's
 * {@code $deserializeLambda$} method, the same one plain deserialization calls. A <em>flat
 * record</em> (a serializable record without {@code writeReplace} or {@code readResolve}, whose
 * components hold only such values, other flat records or {@code null}) is written as its class's
 * name and its components, and read back through its canonical constructor, as Java serialization
 * reads a record; with nothing mutable inside, no object is shared or cyclic, so nothing of the
 * object graph is lost. Everything else travels with Java serialization ({@link Serial}). Reading
 * runs the deserialization filter on the class of every compact value (and on {@link
 * SerializedLambda} for a lambda) as {@link Serial#deserialize} would ({@link Serial#check}), so a
 * rejected class is reported by name the same way; the pool's own call records ({@link Tasks}) are
 * not submitted to it.
 */
public final class CallCodec {
  private CallCodec() {}

  private static final byte NULL = 0;
  private static final byte INT = 1;
  private static final byte LONG = 2;
  private static final byte DOUBLE = 3;
  private static final byte STRING = 4;
  private static final byte TRUE = 5;
  private static final byte FALSE = 6;
  private static final byte LIST = 7;
  private static final byte LAMBDA = 8;
  private static final byte APPLY = 9;
  private static final byte CHUNK = 10;
  private static final byte RUN = 11;
  private static final byte JAVA = 12;
  private static final byte RECORD = 13;

  /** An encoded call: its bytes and the shapes the worker must know before reading them. */
  public record Encoded(byte[] bytes, long[] shapes) {}

  /** A lambda's shape: its serialized form without the captured values. */
  private record Shape(
      String capturingClass,
      String interfaceClass,
      String interfaceMethod,
      String interfaceSignature,
      int implKind,
      String implClass,
      String implMethod,
      String implSignature,
      String instantiatedType) {}

  private static final ConcurrentHashMap<Shape, Long> SHAPE_IDS = new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<Long, byte[]> SHAPE_DEFINITIONS = new ConcurrentHashMap<>();
  private static final AtomicLong SHAPE_NUMBERS = new AtomicLong();

  /**
   * A serializable lambda class: how to get its {@link SerializedLambda} (its writeReplace), and
   * the number of its shape once known. Every instance of a lambda class has the same shape (the
   * class is made for one call site), so the shape is found once per class, not per call.
   */
  private static final class LambdaClass {
    final Method writeReplace;
    volatile long shape;

    LambdaClass(Method writeReplace) {
      this.writeReplace = writeReplace;
    }
  }

  /** The lambda class behind a class, or null when it is not a serializable lambda. */
  private static final ClassValue<LambdaClass> LAMBDA_CLASSES =
      new ClassValue<>() {
        @Override
        protected LambdaClass computeValue(Class<?> c) {
          if (!c.isSynthetic() || !java.io.Serializable.class.isAssignableFrom(c)) {
            return null;
          }
          try {
            Method m = c.getDeclaredMethod("writeReplace");
            m.setAccessible(true);
            return new LambdaClass(m);
          } catch (NoSuchMethodException | RuntimeException e) {
            return null; // not a lambda, or not open to this module: plain serialization
          }
        }
      };

  /**
   * How a record class is written and read compactly: its components' accessors and its canonical
   * constructor, opened to this module. Absent (null) for a class that is not a serializable
   * record, that has its own {@code writeReplace} or {@code readResolve} (Java serialization honours
   * those for records), or whose members are not open to this module.
   */
  private record RecordForm(Method[] accessors, java.lang.reflect.Constructor<?> constructor) {}

  private static final ClassValue<RecordForm> RECORD_FORMS =
      new ClassValue<>() {
        @Override
        protected RecordForm computeValue(Class<?> c) {
          if (!c.isRecord() || !java.io.Serializable.class.isAssignableFrom(c)) {
            return null;
          }
          for (String special : new String[] {"writeReplace", "readResolve"}) {
            try {
              c.getDeclaredMethod(special);
              return null;
            } catch (NoSuchMethodException e) {
              // none: the record's components are its serialized form
            }
          }
          try {
            java.lang.reflect.RecordComponent[] parts = c.getRecordComponents();
            Method[] accessors = new Method[parts.length];
            Class<?>[] types = new Class<?>[parts.length];
            for (int k = 0; k < parts.length; k++) {
              accessors[k] = parts[k].getAccessor();
              accessors[k].setAccessible(true);
              types[k] = parts[k].getType();
            }
            java.lang.reflect.Constructor<?> constructor = c.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return new RecordForm(accessors, constructor);
          } catch (NoSuchMethodException | RuntimeException e) {
            return null; // not open to this module: plain serialization
          }
        }
      };

  /** Encodes a call (a {@code Callable} from {@link Tasks} or the user's); {@code what} names it. */
  public static Encoded encodeCall(Object task, String what) {
    Out out = new Out(64, true);
    try {
      out.value(task, 0);
    } catch (IllegalArgumentException e) {
      Serial.serialize(task, what); // the message names the class at fault, as for any value
      throw e;
    }
    return new Encoded(out.bytes(), out.shapes());
  }

  /** Encodes a result or a queue item; {@link IllegalArgumentException} names a class at fault. */
  public static byte[] encodeValue(Object value, String what) {
    Out out = new Out(32, false);
    try {
      out.value(value, 0);
    } catch (IllegalArgumentException e) {
      Serial.serialize(value, what);
      throw e;
    }
    return out.bytes();
  }

  /** The definition of shape {@code id}, to send before the first call that uses it. */
  public static byte[] shapeDefinition(long id) {
    return SHAPE_DEFINITIONS.get(id);
  }

  /** Reads a result or a queue item (no lambda shapes). */
  public static Object decodeValue(byte[] bytes) throws IOException, ClassNotFoundException {
    return new In(bytes, null).top();
  }

  /**
   * The reading side of a worker: the shapes defined on its connection, and for each its
   * capturing class's {@code $deserializeLambda$}.
   */
  public static final class Shapes {
    private final ConcurrentHashMap<Long, Shape> shapes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, Resolved> resolved = new ConcurrentHashMap<>();

    /**
     * A shape's capturing class and its {@code $deserializeLambda$} (or FALSE when it is not open
     * to this module), looked up on the shape's first call.
     */
    private record Resolved(Class<?> capturing, Object how) {}

    /** Records shape {@code id} as defined by {@code definition}. */
    public void define(long id, byte[] definition) throws IOException {
      In in = new In(definition, null);
      shapes.put(
          id,
          new Shape(
              in.string(), in.string(), in.string(), in.string(), in.readInt(), in.string(),
              in.string(), in.string(), in.string()));
    }

    /** Reads a call. */
    public Object decodeCall(byte[] bytes) throws IOException, ClassNotFoundException {
      return new In(bytes, this).top();
    }

    Object lambda(long id, Object[] captured) throws IOException, ClassNotFoundException {
      Shape s = shapes.get(id);
      if (s == null) {
        throw new StreamCorruptedException("a call refers to lambda shape " + id + ", never defined");
      }
      Resolved r = resolved.get(id);
      if (r == null) {
        Class<?> capturing = Class.forName(s.capturingClass().replace('/', '.'), false, loader());
        r = new Resolved(capturing, deserializeLambdaOf(capturing));
        resolved.put(id, r);
      }
      SerializedLambda sl =
          new SerializedLambda(
              r.capturing(), s.interfaceClass(), s.interfaceMethod(), s.interfaceSignature(),
              s.implKind(), s.implClass(), s.implMethod(), s.implSignature(),
              s.instantiatedType(), captured);
      if (r.how() instanceof Method m) {
        try {
          return m.invoke(null, sl);
        } catch (InvocationTargetException e) {
          Throwable t = e.getCause();
          throw (IOException)
              new java.io.InvalidObjectException("the lambda cannot be rebuilt: " + t).initCause(t);
        } catch (IllegalAccessException e) {
          throw new java.io.InvalidObjectException("the lambda cannot be rebuilt: " + e);
        }
      }
      // not open to this module: the ordinary way, through the serialization of SerializedLambda
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
        o.writeObject(sl);
      }
      return Serial.deserialize(bytes.toByteArray());
    }

    private static Object deserializeLambdaOf(Class<?> capturing) {
      try {
        Method m = capturing.getDeclaredMethod("$deserializeLambda$", SerializedLambda.class);
        m.setAccessible(true);
        return m;
      } catch (NoSuchMethodException | RuntimeException e) {
        return Boolean.FALSE;
      }
    }

    static ClassLoader loader() {
      ClassLoader l = Thread.currentThread().getContextClassLoader();
      return l != null ? l : ClassLoader.getSystemClassLoader();
    }
  }

  // ---- writing ----

  private static final class Out {
    private byte[] buf;
    private int n;
    private final boolean shapesAllowed;
    private long[] shapes = new long[0];

    Out(int size, boolean shapesAllowed) {
      this.buf = new byte[size];
      this.shapesAllowed = shapesAllowed;
    }

    byte[] bytes() {
      return Arrays.copyOf(buf, n);
    }

    long[] shapes() {
      return shapes;
    }

    private void room(int k) {
      if (n + k > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, n + k));
      }
    }

    void b(int v) {
      room(1);
      buf[n++] = (byte) v;
    }

    void i(int v) {
      room(4);
      buf[n++] = (byte) (v >>> 24);
      buf[n++] = (byte) (v >>> 16);
      buf[n++] = (byte) (v >>> 8);
      buf[n++] = (byte) v;
    }

    void l(long v) {
      i((int) (v >>> 32));
      i((int) v);
    }

    void bytes(byte[] b) {
      i(b.length);
      room(b.length);
      System.arraycopy(b, 0, buf, n, b.length);
      n += b.length;
    }

    void string(String s) {
      bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    void value(Object v, int depth) {
      if (depth > Serial.MAX_DEPTH) {
        java(v);
        return;
      }
      // an instanceof chain rather than a pattern switch: no switch bootstrap to link at start-up
      if (v == null) {
        b(NULL);
      } else if (v instanceof Integer x) {
        b(INT);
        i(x);
      } else if (v instanceof Long x) {
        b(LONG);
        l(x);
      } else if (v instanceof Double x) {
        b(DOUBLE);
        l(Double.doubleToRawLongBits(x));
      } else if (v instanceof String x) {
        b(STRING);
        string(x);
      } else if (v instanceof Boolean x) {
        b(x ? TRUE : FALSE);
      } else if (v.getClass() == ArrayList.class) {
        ArrayList<?> list = (ArrayList<?>) v;
        b(LIST);
        i(list.size());
        for (Object o : list) {
          value(o, depth + 1);
        }
      } else if (v instanceof Tasks.Apply<?, ?> a) {
        b(APPLY);
        value(a.fn(), depth + 1);
        value(a.arg(), depth + 1);
      } else if (v instanceof Tasks.Chunk<?, ?> c) {
        b(CHUNK);
        value(c.fn(), depth + 1);
        i(c.args().size());
        for (Object o : c.args()) {
          value(o, depth + 1);
        }
      } else if (v instanceof Tasks.Run r) {
        b(RUN);
        value(r.runnable(), depth + 1);
      } else if (!flatRecord(v, depth) && (!shapesAllowed || !lambda(v, depth))) {
        java(v);
      }
    }

    /** Writes {@code v} as a flat record if it is one; false (nothing written) if not. */
    private boolean flatRecord(Object v, int depth) {
      RecordForm form = RECORD_FORMS.get(v.getClass());
      if (form == null || depth > Serial.MAX_DEPTH) {
        return false;
      }
      int start = n;
      b(RECORD);
      string(v.getClass().getName());
      i(form.accessors().length);
      for (Method accessor : form.accessors()) {
        Object part;
        try {
          part = accessor.invoke(v);
        } catch (ReflectiveOperationException | RuntimeException e) {
          n = start; // an accessor that fails: Java serialization reports it as it would
          return false;
        }
        if (part == null || part instanceof Integer || part instanceof Long
            || part instanceof Double || part instanceof String || part instanceof Boolean) {
          value(part, depth + 1);
        } else if (!flatRecord(part, depth + 1)) {
          n = start; // something mutable or shared may be inside: Java serialization keeps it so
          return false;
        }
      }
      return true;
    }

    private boolean lambda(Object v, int depth) {
      LambdaClass lc = LAMBDA_CLASSES.get(v.getClass());
      if (lc == null) {
        return false;
      }
      Object replaced;
      try {
        replaced = lc.writeReplace.invoke(v);
      } catch (ReflectiveOperationException | RuntimeException e) {
        return false;
      }
      if (!(replaced instanceof SerializedLambda sl)) {
        return false;
      }
      long id = lc.shape;
      if (id == 0) {
        Shape s =
            new Shape(
                sl.getCapturingClass(), sl.getFunctionalInterfaceClass(),
                sl.getFunctionalInterfaceMethodName(), sl.getFunctionalInterfaceMethodSignature(),
                sl.getImplMethodKind(), sl.getImplClass(), sl.getImplMethodName(),
                sl.getImplMethodSignature(), sl.getInstantiatedMethodType());
        lc.shape = id = SHAPE_IDS.computeIfAbsent(s, CallCodec::newShape);
      }
      b(LAMBDA);
      l(id);
      i(sl.getCapturedArgCount());
      for (int k = 0; k < sl.getCapturedArgCount(); k++) {
        value(sl.getCapturedArg(k), depth + 1);
      }
      for (long known : shapes) {
        if (known == id) {
          return true;
        }
      }
      shapes = Arrays.copyOf(shapes, shapes.length + 1);
      shapes[shapes.length - 1] = id;
      return true;
    }

    private void java(Object v) {
      b(JAVA);
      bytes(Serial.serialize(v, "value"));
    }
  }

  private static long newShape(Shape s) {
    long id = SHAPE_NUMBERS.incrementAndGet();
    Out out = new Out(256, false);
    out.string(s.capturingClass());
    out.string(s.interfaceClass());
    out.string(s.interfaceMethod());
    out.string(s.interfaceSignature());
    out.i(s.implKind());
    out.string(s.implClass());
    out.string(s.implMethod());
    out.string(s.implSignature());
    out.string(s.instantiatedType());
    SHAPE_DEFINITIONS.put(id, out.bytes());
    return id;
  }

  // ---- reading ----

  private static final class In {
    private final byte[] buf;
    private int p;
    private final Shapes shapes;

    In(byte[] buf, Shapes shapes) {
      this.buf = buf;
      this.shapes = shapes;
    }

    Object top() throws IOException, ClassNotFoundException {
      Object v = value(0);
      if (p != buf.length) {
        throw new StreamCorruptedException("extra bytes after a value");
      }
      return v;
    }

    private void need(int k) throws IOException {
      if (k < 0 || buf.length - p < k) {
        throw new StreamCorruptedException("value truncated");
      }
    }

    int readInt() throws IOException {
      need(4);
      int v =
          ((buf[p] & 0xff) << 24) | ((buf[p + 1] & 0xff) << 16) | ((buf[p + 2] & 0xff) << 8)
              | (buf[p + 3] & 0xff);
      p += 4;
      return v;
    }

    long readLong() throws IOException {
      long hi = readInt();
      return (hi << 32) | (readInt() & 0xffffffffL);
    }

    byte[] bytes() throws IOException {
      int len = readInt();
      need(len);
      byte[] b = Arrays.copyOfRange(buf, p, p + len);
      p += len;
      return b;
    }

    String string() throws IOException {
      int len = readInt();
      need(len);
      String s = new String(buf, p, len, StandardCharsets.UTF_8);
      p += len;
      return s;
    }

    /** A count of elements, each at least one byte: never more than what is left. */
    private int count() throws IOException {
      int k = readInt();
      need(k);
      return k;
    }

    Object value(int depth) throws IOException, ClassNotFoundException {
      if (depth > Serial.MAX_DEPTH) {
        throw Serial.limit(Object.class, "depth " + depth + " > " + Serial.MAX_DEPTH);
      }
      need(1);
      byte tag = buf[p++];
      switch (tag) {
        case NULL:
          return null;
        case INT:
          Serial.check(Integer.class);
          return readInt();
        case LONG:
          Serial.check(Long.class);
          return readLong();
        case DOUBLE:
          Serial.check(Double.class);
          return Double.longBitsToDouble(readLong());
        case STRING:
          Serial.check(String.class);
          return string();
        case TRUE:
        case FALSE:
          Serial.check(Boolean.class);
          return tag == TRUE;
        case LIST: {
          Serial.check(ArrayList.class);
          int k = count();
          ArrayList<Object> list = new ArrayList<>(k);
          for (int j = 0; j < k; j++) {
            list.add(value(depth + 1));
          }
          return list;
        }
        case APPLY: {
          java.util.function.Function<Object, Object> fn = cast(value(depth + 1));
          return new Tasks.Apply<>(fn, value(depth + 1));
        }
        case CHUNK: {
          java.util.function.Function<Object, Object> fn = cast(value(depth + 1));
          int k = count();
          List<Object> args = new ArrayList<>(k);
          for (int j = 0; j < k; j++) {
            args.add(value(depth + 1));
          }
          return new Tasks.Chunk<>(fn, args);
        }
        case RUN:
          return new Tasks.Run(cast(value(depth + 1)));
        case LAMBDA: {
          if (shapes == null) {
            throw new StreamCorruptedException("a lambda by shape outside a call");
          }
          Serial.check(SerializedLambda.class);
          long id = readLong();
          int k = count();
          Object[] captured = new Object[k];
          for (int j = 0; j < k; j++) {
            captured[j] = value(depth + 1);
          }
          return shapes.lambda(id, captured);
        }
        case RECORD:
          return record(depth);
        case JAVA:
          return Serial.deserialize(bytes());
        default:
          throw new StreamCorruptedException("unknown value tag " + tag);
      }
    }

    /** A flat record: its class (checked by the filter, as for any class read), then its parts. */
    private Object record(int depth) throws IOException, ClassNotFoundException {
      String name = string();
      Class<?> c = Class.forName(name, false, Shapes.loader());
      Serial.check(c);
      RecordForm form = RECORD_FORMS.get(c);
      if (form == null) {
        throw new StreamCorruptedException(name + " is not a record that can be read compactly");
      }
      int k = count();
      if (k != form.accessors().length) {
        throw new StreamCorruptedException(
            name + " has " + form.accessors().length + " components, the value " + k);
      }
      Object[] parts = new Object[k];
      for (int j = 0; j < k; j++) {
        parts[j] = value(depth + 1);
      }
      try {
        return form.constructor().newInstance(parts);
      } catch (InvocationTargetException e) {
        Throwable t = e.getCause();
        throw (IOException)
            new java.io.InvalidObjectException(name + " cannot be rebuilt: " + t).initCause(t);
      } catch (ReflectiveOperationException | IllegalArgumentException e) {
        throw (IOException)
            new java.io.InvalidObjectException(name + " cannot be rebuilt: " + e).initCause(e);
      }
    }

    @SuppressWarnings("unchecked")
    private static <X> X cast(Object o) {
      return (X) o; // a wrong type fails where the call uses it, as a ClassCastException
    }
  }
}
