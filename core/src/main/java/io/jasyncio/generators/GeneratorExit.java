package io.jasyncio.generators;

/**
 * Raised inside a generator's body at its yield point by {@link Generator#close()}. An {@link
 * Error}, as Python's {@code GeneratorExit} is a BaseException: a body's {@code catch (Exception
 * e)} does not catch it, and {@code finally} blocks run. A body may catch it to clean up, but
 * must then end (return, or throw); yielding again makes {@code close()} throw {@link
 * IllegalStateException} "generator ignored GeneratorExit". A value the body returns then is what
 * {@link Generator#closeAndGetValue()} gives.
 *
 * {@snippet class=io.jasyncio.generators.GeneratorsSnippetsTest region=exit}
 */
public class GeneratorExit extends Error {
  private static final long serialVersionUID = 1L;

  public GeneratorExit() {
    super("generator closed");
  }
}
