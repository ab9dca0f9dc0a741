package io.jasyncio.multiprocessing;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A {@link Callable} that can cross a process boundary: a serializable lambda or method reference,
 * sent by reference as Python's pickle sends a function (the child loads the class that declares
 * it from the same class path and runs it there).
 *
 * <p>What the lambda captures is serialized with it: capture values, not {@code this} of a class
 * that is not serializable, nor open resources. A task that does not serialize fails in the caller
 * with an {@link IllegalArgumentException} naming the class at fault.
 *
 * {@snippet class=io.jasyncio.multiprocessing.MultiprocessingSnippetsTest region=serializableCallable}
 *
 * @param <T> the result type (serializable, to travel back)
 */
@FunctionalInterface
public interface SerializableCallable<T> extends Callable<T>, Serializable {}
