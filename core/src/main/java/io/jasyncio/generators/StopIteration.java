package io.jasyncio.generators;

import java.util.NoSuchElementException;

/**
 * Raised by {@link Generator#next()}, {@link Generator#send} and {@link Generator#throwInto} when
 * the generator's body has ended; the first one after the body returned carries its return value,
 * as Python's {@code StopIteration.value} (later ones carry null, as in Python; {@link
 * Generator#returnValue()} keeps the value). A {@link java.util.NoSuchElementException}, so code
 * written against {@link java.util.Iterator} understands it.
 *
 * <p>A body that lets a StopIteration escape (for example from calling {@code next()} on an
 * exhausted generator) ends with {@link IllegalStateException} "generator raised StopIteration"
 * instead (PEP 479), so that an inner generator's end can never silently end an outer loop.
 *
 * {@snippet class=io.jasyncio.generators.GeneratorsSnippetsTest region=stop}
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
