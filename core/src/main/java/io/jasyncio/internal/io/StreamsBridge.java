package io.jasyncio.internal.io;

import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;
import java.lang.invoke.MethodHandles;

/**
 * Access to the package-private parts of {@code io.jasyncio.streams} from the I/O internals and
 * the subprocess package (the JDK's "shared secrets" pattern): the streams package registers its
 * implementation when {@link StreamWriter} is initialised.
 */
public final class StreamsBridge {
  /** What the streams package lets the internals do. */
  public interface Access {
    /** Lets {@code reader} pause and resume {@code transport} (flow control). */
    void setTransport(StreamReader reader, ReadFlow transport);

    /** A writer over {@code transport}; {@code reader} (may be null) is checked by drain(). */
    StreamWriter newWriter(Transport transport, StreamProtocol protocol, StreamReader reader);
  }

  private static volatile Access access;

  private StreamsBridge() {}

  /** Called once by the streams package. */
  public static void set(Access a) {
    access = a;
  }

  public static Access get() {
    Access a = access;
    if (a == null) {
      try {
        MethodHandles.lookup().ensureInitialized(StreamWriter.class);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot initialise the streams package", e);
      }
      a = access;
    }
    return a;
  }
}
