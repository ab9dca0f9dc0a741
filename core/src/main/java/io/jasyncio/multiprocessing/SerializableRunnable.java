package io.jasyncio.multiprocessing;

import java.io.Serializable;

/**
 * A {@link Runnable} that can cross a process boundary: the target of a {@code Process}, or a pool's
 * initializer. Sent by reference, as Python's pickle sends a function.
 *
 * {@snippet class=io.jasyncio.multiprocessing.MultiprocessingSnippetsTest region=serializableRunnable}
 */
@FunctionalInterface
public interface SerializableRunnable extends Runnable, Serializable {}
