package io.jasyncio.multiprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

class RemoteTracebackTest {
  static Object roundTrip(Object o) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return in.readObject();
    }
  }

  static ArithmeticException thrownHere() {
    try {
      int zero = 0;
      return new ArithmeticException(String.valueOf(1 / zero));
    } catch (ArithmeticException e) {
      return e;
    }
  }

  @Test
  void attachedAsCauseWhenTheExceptionHasNone() throws Exception {
    ArithmeticException received = (ArithmeticException) roundTrip(thrownHere());
    assertSame(received, RemoteTraceback.attach(received));
    RemoteTraceback tb = assertInstanceOf(RemoteTraceback.class, received.getCause());
    assertTrue(tb.trace().startsWith("java.lang.ArithmeticException: / by zero"), tb.trace());
    assertTrue(tb.trace().contains("thrownHere"), tb.trace());
    assertTrue(tb.getMessage().startsWith("\n\"\"\"\njava.lang.ArithmeticException"));
    assertEquals(0, tb.getStackTrace().length);
    assertSame(tb, RemoteTraceback.find(received).orElseThrow());
  }

  @Test
  void attachedAsSuppressedWhenTheCauseIsTaken() throws Exception {
    IllegalStateException cause = new IllegalStateException("inner");
    RuntimeException received = (RuntimeException) roundTrip(new RuntimeException("outer", cause));
    RemoteTraceback.attach(received);
    assertEquals("inner", received.getCause().getMessage());
    assertEquals(1, received.getSuppressed().length);
    RemoteTraceback tb = RemoteTraceback.find(received).orElseThrow();
    assertTrue(tb.trace().contains("Caused by: java.lang.IllegalStateException: inner"));
    RemoteTraceback.attach(received);
    assertEquals(1, received.getSuppressed().length, "attached once only");
  }

  @Test
  void explicitNullCauseGetsSuppressed() throws Exception {
    RuntimeException received = (RuntimeException) roundTrip(new RuntimeException("m", null));
    RemoteTraceback.attach(received);
    assertNull(received.getCause());
    assertTrue(RemoteTraceback.find(received).isPresent());
  }

  static final class Holder extends RuntimeException {
    private static final long serialVersionUID = 1L;
    @SuppressWarnings("unused")
    private final transient Object fine = new Object();
    @SuppressWarnings({"unused", "serial"})
    private final Object notSerializable = new Object();

    Holder() {
      super("holds an Object");
    }
  }

  @Test
  void portableKeepsSerializableExceptionsAndDescribesOthers() throws Exception {
    ArithmeticException ok = thrownHere();
    assertSame(ok, RemoteError.portable(ok));
    Throwable p = RemoteError.portable(new Holder());
    RemoteError r = assertInstanceOf(RemoteError.class, p);
    assertEquals(Holder.class.getName(), r.remoteClassName());
    assertEquals("holds an Object", r.remoteMessage());
    assertTrue(r.getMessage().startsWith(Holder.class.getName() + ": holds an Object"));
    RemoteError back = (RemoteError) roundTrip(r);
    assertEquals(Holder.class.getName(), back.remoteClassName());
    assertTrue(RemoteTraceback.find(back).orElseThrow().trace().contains("holds an Object"));
  }
}
