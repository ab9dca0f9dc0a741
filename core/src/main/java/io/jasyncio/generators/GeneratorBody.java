package io.jasyncio.generators;

/**
 * The code of a generator: Python's generator function. It receives the {@link Yielder} through
 * which it yields values, and its return value becomes {@link StopIteration#value()} and {@link
 * Generator#returnValue()}. Any exception, checked ones included, leaves {@link Generator#next()}
 * unchanged.
 *
 * {@snippet class=io.jasyncio.generators.GeneratorsSnippetsTest region=body}
 *
 * <p>The body runs one step at a time while the caller of {@code next}/{@code send} waits: on a
 * fiber of the coroutine engine (on the calling thread with the continuation engine, on a virtual
 * thread of its own with the virtual-thread engine). Never two steps at once.
 *
 * @param <Y> the type of the yielded values
 * @param <S> the type of the values sent in with {@link Generator#send}
 * @param <R> the type of the return value
 */
@FunctionalInterface
public interface GeneratorBody<Y, S, R> {
  /** Runs the generator's code; {@code y.yield(v)} pauses it and hands {@code v} out. */
  R run(Yielder<Y, S> y) throws Exception;
}
