package io.jasyncio.multiprocessing;

import java.io.Serializable;
import java.util.function.Function;

/**
 * A {@link Function} that can cross a process boundary: a serializable lambda or method reference
 * such as {@code Math::sqrt} or {@code Work::crunch}, sent by reference as Python's pickle sends a
 * function. Used by {@code map} and by the one-argument {@code submit}.
 *
 * {@snippet :
 * try (Pool pool = new Pool(3)) {
 *   SerializableFunction<Integer, Integer> square = x -> x * x;
 *   List<Integer> squares = pool.map(square, List.of(1, 2, 3));   // [1, 4, 9]
 * }
 * }
 *
 * @param <A> the argument type (serializable)
 * @param <R> the result type (serializable)
 */
@FunctionalInterface
public interface SerializableFunction<A, R> extends Function<A, R>, Serializable {}
