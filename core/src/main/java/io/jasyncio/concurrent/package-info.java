/**
 * Thread-side tools, as Python's {@code concurrent.futures} and {@code queue} modules: {@link
 * io.jasyncio.concurrent.Futures} ({@code wait}, {@code asCompleted} and an ordered {@code map}
 * over any {@link java.util.concurrent.ExecutorService}), {@link
 * io.jasyncio.concurrent.JoinableQueue} (Python's {@code queue.Queue}, {@code LifoQueue} and {@code
 * PriorityQueue}), and {@link io.jasyncio.concurrent.BridgeQueue} (one queue with a thread face and
 * a coroutine face, as Python's janus).
 *
 * <p>Everything here is thread-safe. Methods that block the calling thread declare no checked
 * exception: a thread interrupted while it blocks in one of them gets a {@link
 * java.util.concurrent.CancellationException}, and its interrupt status stays set.
 */
package io.jasyncio.concurrent;
