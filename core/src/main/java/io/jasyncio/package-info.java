/**
 * Coroutines on a single-threaded event loop, as Python's asyncio: {@link io.jasyncio.Asyncio}
 * (the module functions), {@link io.jasyncio.EventLoop}, {@link io.jasyncio.Future}, {@link
 * io.jasyncio.Task}, {@link io.jasyncio.TaskGroup}, {@link io.jasyncio.Timeout} and the
 * exceptions.
 *
 * <p>Naming: an operation that may suspend is a plain method ({@code get}, {@code acquire}); its
 * non-suspending twin is {@code getNowait}. Suspending methods run only inside a coroutine and
 * say so otherwise. Loop-bound objects are not thread-safe; {@link
 * io.jasyncio.EventLoop#callSoonThreadsafe} is the door from other threads.
 */
package io.jasyncio;
