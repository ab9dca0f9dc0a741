package io.jasyncio.multiprocessing;

import java.io.Serializable;
import java.util.function.Function;

/**
 * A {@link Function} that can cross a process boundary: a serializable lambda or method reference
 * such as {@code Math::sqrt} or {@code Work::crunch}, sent by reference as Python's pickle sends a
 * function. Used by {@code map} and by the one-argument {@code submit}.
 *
 * {@snippet class=io.jasyncio.multiprocessing.MultiprocessingSnippetsTest region=serializableFunction}
 *
 * @param <A> the argument type (serializable)
 * @param <R> the result type (serializable)
 */
@FunctionalInterface
public interface SerializableFunction<A, R> extends Function<A, R>, Serializable {}
