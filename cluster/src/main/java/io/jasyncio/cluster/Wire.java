package io.jasyncio.cluster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;

/**
 * Java serialization to and from bytes: tasks, arguments and outcomes cross the cluster as byte
 * arrays that jasyncio writes itself, so that what cannot be serialized is named precisely and
 * found in the caller, before anything is sent.
 */
final class Wire {
  private Wire() {}

  /**
   * The serialized form of {@code value}.
   *
   * @param what what the value is, for the message ("the task", "the argument 3")
   * @throws IllegalArgumentException naming the class that is not serializable
   */
  static byte[] write(Object value, String what) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    } catch (NotSerializableException e) {
      throw new IllegalArgumentException(
          what
              + " cannot be sent to the cluster: class "
              + e.getMessage()
              + " is not serializable"
              + hint(value, e.getMessage()),
          e);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          what + " (" + className(value) + ") cannot be serialized: " + e, e);
    }
    return bytes.toByteArray();
  }

  /** Reads what {@link #write} wrote, resolving classes with {@code loader}. */
  static Object read(byte[] bytes, ClassLoader loader) throws IOException, ClassNotFoundException {
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes)) {
          @Override
          protected Class<?> resolveClass(ObjectStreamClass desc)
              throws IOException, ClassNotFoundException {
            try {
              return Class.forName(desc.getName(), false, loader);
            } catch (ClassNotFoundException e) {
              return super.resolveClass(desc);
            }
          }
        }) {
      return in.readObject();
    } catch (InvalidClassException e) {
      throw new InvalidClassException(
          e.classname,
          e.getMessage() + " (the class differs between the caller and the member: same jar?)");
    }
  }

  static String className(Object value) {
    return value == null ? "null" : value.getClass().getName();
  }

  /** How to make a lambda serializable, when the value is one. */
  private static String hint(Object value, String failing) {
    if (value != null && value.getClass().isSynthetic() || failing.contains("$$Lambda")) {
      return " (a lambda or method reference must be given as a SerializableCallable,"
          + " SerializableFunction or SerializableRunnable, and capture only serializable"
          + " values: not `this` of a non-serializable class)";
    }
    return " (make it implement java.io.Serializable, or send a serializable value instead)";
  }
}
