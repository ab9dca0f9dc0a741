/**
 * Python's process side, as {@code concurrent.futures.ProcessPoolExecutor} and the {@code
 * multiprocessing} module: process pools, processes, and queues and events shared between
 * processes.
 *
 * <p>There is no {@code fork} on the JVM: every child is a new JVM started with the parent's {@code
 * java}, class path, module path and {@code --add-exports} flags, and code crosses the process
 * boundary by reference, as pickle sends a function: a task is a serializable lambda or method
 * reference ({@link io.jasyncio.multiprocessing.SerializableCallable}, {@link
 * io.jasyncio.multiprocessing.SerializableFunction}, {@link
 * io.jasyncio.multiprocessing.SerializableRunnable}) whose class the child loads from the same
 * class path. Arguments, results and exceptions travel with Java serialization over an
 * authenticated local channel, behind a deserialization filter. A task that cannot be serialized
 * fails in the caller with an {@link java.lang.IllegalArgumentException} naming the class at fault.
 *
 * <p>A task's exception is rethrown in the caller unchanged, with its worker-side stack trace
 * attached as a {@link io.jasyncio.multiprocessing.RemoteTraceback}; one that cannot travel back
 * arrives as a {@link io.jasyncio.multiprocessing.RemoteError}. A worker that dies abruptly breaks a
 * process pool executor ({@link io.jasyncio.multiprocessing.BrokenProcessPool}) or, in a {@code
 * Pool}, fails only the task it held ({@link io.jasyncio.multiprocessing.WorkerLostError}).
 *
 * <p><b>Threads.</b> Everything here is thread-safe and blocks the calling thread where Python's
 * counterpart blocks; never block an event loop thread with it: from a coroutine, await the {@link
 * java.util.concurrent.CompletableFuture}s the pools return ({@code Asyncio.await(future)}) or use
 * {@code loop.runInExecutor(pool, task)}. A thread interrupted while it blocks here gets a {@link
 * java.util.concurrent.CancellationException}, and its interrupt status stays set.
 */
package io.jasyncio.multiprocessing;
