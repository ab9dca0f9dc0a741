package io.jasyncio.internal.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
}
