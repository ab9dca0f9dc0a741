package io.jasyncio.multiprocessing;

import java.io.Serializable;

/**
 * A {@link Runnable} that can cross a process boundary: the target of a {@code Process}, or a pool's
 * initializer. Sent by reference, as Python's pickle sends a function.
 *
 * {@snippet :
 * SerializableRunnable target = () -> System.out.println("child " + Process.currentPid());
 * Process p = new Process(target);
 * p.start();
 * p.join();
 * }
 */
@FunctionalInterface
public interface SerializableRunnable extends Runnable, Serializable {}
