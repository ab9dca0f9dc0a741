package io.jasyncio.internal.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.multiprocessing.SerializableCallable;
import io.jasyncio.multiprocessing.SerializableFunction;
import java.io.StreamCorruptedException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** The compact form of calls, results and queue items (no process involved). */
@EnabledIfSystemProperty(named = "jasyncio.engine", matches = "continuation")
class CallCodecTest {
  static int twice(int x) {
    return 2 * x;
  }

  /** Decodes {@code e} as a worker would, defining its shapes on a fresh connection first. */
  static Object asWorker(CallCodec.Encoded e) throws Exception {
    CallCodec.Shapes shapes = new CallCodec.Shapes();
    for (long id : e.shapes()) {
      shapes.define(id, CallCodec.shapeDefinition(id));
    }
    return shapes.decodeCall(e.bytes());
  }

  @Test
  void valuesKeepTheirClassAndContent() throws Exception {
    List<Object> values =
        Arrays.asList(
            null, 7, -1L, 2.5, true, false, "héllo", new ArrayList<>(List.of(1, "a", 3.0)),
            new LinkedList<>(List.of(1, 2)), List.of(4, 5), new int[] {1, 2});
    for (Object v : values) {
      Object back = CallCodec.decodeValue(CallCodec.encodeValue(v, "value"));
      if (v instanceof int[] a) {
        assertArrayEquals(a, (int[]) back);
      } else {
        assertEquals(v, back);
        assertEquals(v == null ? null : v.getClass(), back == null ? null : back.getClass());
      }
    }
  }

  @Test
  void aLambdaTravelsByShapeWithItsCapturedValues() throws Exception {
    int a = 20;
    String b = "x";
    SerializableCallable<String> task = () -> b + twice(a);
    CallCodec.Encoded e = CallCodec.encodeCall(task, "task");
    assertEquals(1, e.shapes().length);
    assertEquals("x40", ((Callable<?>) asWorker(e)).call());
    int c = 21;
    SerializableCallable<String> same = () -> b + twice(c);
    CallCodec.Encoded e2 = CallCodec.encodeCall(same, "task");
    assertNotEquals(e.shapes()[0], e2.shapes()[0], "two lambdas, two shapes");
    SerializableCallable<String> sameShape = sameShape(22);
    SerializableCallable<String> sameShape2 = sameShape(23);
    CallCodec.Encoded s1 = CallCodec.encodeCall(sameShape, "task");
    CallCodec.Encoded s2 = CallCodec.encodeCall(sameShape2, "task");
    assertArrayEquals(s1.shapes(), s2.shapes(), "one lambda, one shape whatever it captures");
    assertTrue(s2.bytes().length < 40, "a call by shape is small: " + s2.bytes().length);
    assertEquals("y46", ((Callable<?>) asWorker(s2)).call());
  }

  @Test
  void oneWorkerDecodesManyCallsOfOneShapeEachWithItsOwnValues() throws Exception {
    CallCodec.Shapes worker = new CallCodec.Shapes();
    java.util.Set<Long> defined = new java.util.HashSet<>();
    long shape = 0;
    for (int n = 0; n < 5; n++) {
      CallCodec.Encoded e = CallCodec.encodeCall(sameShape(n), "task");
      assertEquals(1, e.shapes().length);
      if (n == 0) {
        shape = e.shapes()[0];
      }
      assertEquals(shape, e.shapes()[0], "the shape is the lambda class's, call after call");
      for (long id : e.shapes()) {
        if (defined.add(id)) {
          worker.define(id, CallCodec.shapeDefinition(id));
        }
      }
      assertEquals("y" + twice(n), ((Callable<?>) worker.decodeCall(e.bytes())).call());
    }
    assertEquals(1, defined.size(), "defined once on the connection");
  }

  static SerializableCallable<String> sameShape(int n) {
    return () -> "y" + twice(n);
  }

  @Test
  void tasksOfMapAndSubmitWithArguments() throws Exception {
    SerializableFunction<Integer, Integer> fn = CallCodecTest::twice;
    Object apply = asWorker(CallCodec.encodeCall(new Tasks.Apply<>(fn, 5), "task"));
    assertEquals(10, ((Callable<?>) apply).call());
    Object chunk = asWorker(CallCodec.encodeCall(new Tasks.Chunk<>(fn, List.of(1, 2, 3)), "task"));
    assertEquals(List.of(2, 4, 6), ((Callable<?>) chunk).call());
    Object run = asWorker(CallCodec.encodeCall(new Tasks.Run((Runnable & java.io.Serializable) () -> {}), "task"));
    assertEquals(null, ((Callable<?>) run).call());
  }

  @Test
  void aCallWhoseShapeWasNeverDefinedIsRefused() {
    SerializableCallable<Integer> task = () -> 1;
    CallCodec.Encoded e = CallCodec.encodeCall(task, "task");
    assertThrows(
        StreamCorruptedException.class, () -> new CallCodec.Shapes().decodeCall(e.bytes()));
    byte[] cut = Arrays.copyOf(e.bytes(), e.bytes().length - 1);
    assertThrows(StreamCorruptedException.class, () -> CallCodec.decodeValue(cut));
  }

  @Test
  void aValueThatDoesNotSerializeIsNamedAsBefore() {
    Socket s = new Socket();
    SerializableCallable<Object> task = () -> s;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CallCodec.encodeCall(task, "task"));
    assertTrue(e.getMessage().startsWith("the task is not serializable"), e.getMessage());
    assertTrue(e.getMessage().contains("java.net.Socket"), e.getMessage());
    assertTrue(e.getMessage().contains("reached from"), e.getMessage());
  }

  @Test
  void theFilterDecidesOnCompactValuesToo() throws Exception {
    byte[] bytes = CallCodec.encodeValue(new ArrayList<>(List.of(1)), "value");
    String old = System.getProperty(Serial.FILTER_PROPERTY);
    System.setProperty(Serial.FILTER_PROPERTY, "!java.util.ArrayList");
    try {
      Serial.Rejected r =
          assertThrows(Serial.Rejected.class, () -> CallCodec.decodeValue(bytes));
      assertTrue(r.getMessage().contains("java.util.ArrayList"), r.getMessage());
      assertTrue(r.getMessage().contains("rejected"), r.getMessage());
      assertInstanceOf(Integer.class, CallCodec.decodeValue(CallCodec.encodeValue(3, "value")));
    } finally {
      if (old == null) {
        System.clearProperty(Serial.FILTER_PROPERTY);
      } else {
        System.setProperty(Serial.FILTER_PROPERTY, old);
      }
    }
    assertEquals(List.of(1), CallCodec.decodeValue(bytes));
  }

  record Point(int x, long y, double w, String label, Boolean flag) implements java.io.Serializable {}

  record Segment(Point from, Point to, String name) implements java.io.Serializable {}

  record Holder(List<Integer> a, List<Integer> b) implements java.io.Serializable {}

  record Checked(int positive) implements java.io.Serializable {
    Checked {
      if (positive <= 0) {
        throw new IllegalArgumentException("positive must be > 0, not " + positive);
      }
    }
  }

  record Canonical(int n) implements java.io.Serializable {
    private Object readResolve() {
      return new Canonical(n * 10);
    }
  }

  record Small(short s) implements java.io.Serializable {}

  record NotSerializable(int n) {}

  @Test
  void aFlatRecordTravelsByItsComponentsAndIsRebuiltByItsConstructor() throws Exception {
    Segment v = new Segment(new Point(1, -2L, 2.5, "é", true), new Point(3, 4L, -0.0, null, null), "s");
    byte[] compact = CallCodec.encodeValue(v, "value");
    assertEquals(13, compact[0], "the record tag, not Java serialization's");
    assertTrue(compact.length < Serial.serialize(v, "value").length,
        compact.length + " bytes against " + Serial.serialize(v, "value").length);
    Object back = CallCodec.decodeValue(compact);
    assertEquals(v, back);
    assertEquals(Segment.class, back.getClass());
    assertEquals(Double.doubleToRawLongBits(-0.0),
        Double.doubleToRawLongBits(((Segment) back).to().w()));
    // captured by a lambda, a record travels the same way
    Point p = new Point(5, 6L, 7.0, "p", false);
    SerializableCallable<String> task = () -> p.label() + p.x();
    assertEquals("p5", ((Callable<?>) asWorker(CallCodec.encodeCall(task, "task"))).call());
  }

  @Test
  void aRecordWithSomethingSharedOrSpecialKeepsJavaSerializationsMeaning() throws Exception {
    List<Integer> shared = new ArrayList<>(List.of(1, 2));
    byte[] holder = CallCodec.encodeValue(new Holder(shared, shared), "value");
    assertEquals(12, holder[0], "a mutable component: Java serialization");
    Holder h = (Holder) CallCodec.decodeValue(holder);
    assertSame(h.a(), h.b(), "one list referred to twice stays one list");
    assertEquals(List.of(1, 2), h.a());
    byte[] canonical = CallCodec.encodeValue(new Canonical(4), "value");
    assertEquals(12, canonical[0], "readResolve: Java serialization");
    assertEquals(new Canonical(40), CallCodec.decodeValue(canonical));
    byte[] small = CallCodec.encodeValue(new Small((short) 3), "value");
    assertEquals(12, small[0], "a short component is not among the compact values");
    assertEquals(new Small((short) 3), CallCodec.decodeValue(small));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CallCodec.encodeValue(new NotSerializable(1), "value"));
    assertTrue(e.getMessage().contains(NotSerializable.class.getName()), e.getMessage());
  }

  @Test
  void aRecordsConstructorAndTheFilterJudgeWhatIsRead() throws Exception {
    byte[] ok = CallCodec.encodeValue(new Checked(5), "value");
    assertEquals(13, ok[0]);
    byte[] bad = ok.clone();
    bad[bad.length - 1] = 0; // the int 5 becomes 0, which the constructor refuses
    java.io.InvalidObjectException ioe =
        assertThrows(java.io.InvalidObjectException.class, () -> CallCodec.decodeValue(bad));
    assertTrue(ioe.getMessage().contains("positive must be > 0, not 0"), ioe.getMessage());
    assertInstanceOf(IllegalArgumentException.class, ioe.getCause());
    String old = System.getProperty(Serial.FILTER_PROPERTY);
    System.setProperty(Serial.FILTER_PROPERTY, "!" + Checked.class.getName());
    try {
      Serial.Rejected r = assertThrows(Serial.Rejected.class, () -> CallCodec.decodeValue(ok));
      assertTrue(r.getMessage().contains(Checked.class.getName()), r.getMessage());
    } finally {
      if (old == null) {
        System.clearProperty(Serial.FILTER_PROPERTY);
      } else {
        System.setProperty(Serial.FILTER_PROPERTY, old);
      }
    }
    assertEquals(new Checked(5), CallCodec.decodeValue(ok));
    byte[] cut = Arrays.copyOf(ok, ok.length - 2);
    assertThrows(StreamCorruptedException.class, () -> CallCodec.decodeValue(cut));
  }
}
