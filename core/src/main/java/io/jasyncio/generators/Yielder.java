package io.jasyncio.generators;

import java.util.Iterator;

/**
 * What a generator's body uses to yield: Python's {@code yield}, {@code yield from}, and the
 * handled-exception context. A body receives its Yielder as the argument of {@link
 * GeneratorBody#run}; it is valid only inside that body, on the body's own thread of control.
 * Calling it from anywhere else (from the code driving the generator, from another generator's
 * body, after the body ended) throws {@link IllegalStateException}.
 *
 * <p>Java reserves the bare word {@code yield}, so calls are always qualified: {@code
 * y.yield(v)}.
 *
 * {@snippet class=io.jasyncio.generators.GeneratorsSnippetsTest region=yielder}
 *
 * @param <Y> the type of the yielded values
 * @param <S> the type of the values sent in
 */
public interface Yielder<Y, S> {
  /**
   * Pauses the body and hands {@code value} to the caller of {@code next}/{@code send}/{@code
   * throwInto}. Returns the value of the next {@link Generator#send} (null for {@link
   * Generator#next()}), or throws what {@link Generator#throwInto} threw in, or {@link
   * GeneratorExit} when the generator is being {@linkplain Generator#close() closed}.
   *
   * {@snippet class=io.jasyncio.generators.GeneratorsSnippetsTest region=yield}
   *
   * @throws IllegalStateException if called outside this generator's own body
   */
  S yield(Y value);

  /**
   * Delegates to {@code sub} until it ends (PEP 380, {@code yield from}): every value {@code sub}
   * yields goes to this generator's caller; {@code send}, {@code throwInto} and {@code close} on
   * this generator go to {@code sub}; returns {@code sub}'s return value. An exception {@code sub}
   * ends with is thrown here. Closing this generator closes {@code sub} first, then raises {@link
   * GeneratorExit} here. While {@code sub} runs, this generator is {@link
   * GeneratorState#RUNNING}, so a delegation loop fails with "generator already executing".
   *
   * <p>A value sent to this generator reaches {@code sub} directly: delegation costs no extra
   * switch per value, whatever the depth of the chain.
   *
   * {@snippet class=io.jasyncio.generators.GeneratorsSnippetsTest region=yieldFrom}
   *
   * @throws IllegalStateException if called outside this generator's own body
   */
  <R2> R2 yieldFrom(Generator<? extends Y, ? super S, R2> sub);

  /**
   * Yields every remaining value of a plain iterator: {@code yield from} over an iterator that is
   * not a generator. A {@code send} of a non-null value while here throws {@link
   * IllegalStateException} at this point of the body (an iterator cannot receive values: Python's
   * AttributeError); {@code throwInto} throws its exception here; {@code close} raises {@link
   * GeneratorExit} here, after closing {@code it} if it is {@link AutoCloseable}. When {@code it}
   * is a {@link Generator}, this is {@link #yieldFrom} (its return value is dropped), so a
   * generator never loses its send/throw/close pass-through.
   *
   * {@snippet class=io.jasyncio.generators.GeneratorsSnippetsTest region=yieldAll}
   *
   * @throws IllegalStateException if called outside this generator's own body
   */
  void yieldAll(Iterator<? extends Y> it);

  /**
   * This Yielder with an exception context: an exception thrown into the body at a yield made
   * through the returned Yielder (by {@link Generator#throwInto}, by {@link Generator#close}, or
   * coming out of a sub-generator of {@link #yieldFrom}) gets {@code handled} as a {@linkplain
   * Throwable#addSuppressed suppressed} exception. It stands for Python's implicit {@code
   * __context__}, which Java lacks: the JVM cannot see which {@code catch} block a yield sits in,
   * so the body says it. Suppressed (not the cause) because {@code getCause()} stays what the
   * code that created the exception made it, as Python keeps {@code __cause__} apart from
   * {@code __context__}.
   *
   * {@snippet class=io.jasyncio.generators.GeneratorsSnippetsTest region=handling}
   */
  Yielder<Y, S> handling(Throwable handled);
}
