package io.jasyncio.generators;

import java.util.NoSuchElementException;

/**
 * Raised by {@link Generator#next()} and {@link Generator#send} when the generator's body has
 * returned; carries the body's return value, as Python's {@code StopIteration.value}.
 *
 * {@snippet :
 * Generator<Integer, Object, String> g = Generator.of(y -> { y.yield(1); return "done"; });
 * g.next();                             // 1
 * try {
 *   g.next();
 * } catch (StopIteration e) {
 *   System.out.println(e.value());      // done
 * }
 * }
 */
public class StopIteration extends NoSuchElementException {
  private static final long serialVersionUID = 1L;
  private final transient Object value;

  public StopIteration() {
    this(null);
  }

  public StopIteration(Object value) {
    super(value == null ? "generator finished" : "generator finished with " + value);
    this.value = value;
  }

  /** The generator's return value (null if it returned none). */
  public Object value() {
    return value;
  }
}
