/**
 * Synchronisation primitives for the tasks of one event loop, as Python's {@code asyncio.locks}:
 * {@link io.jasyncio.locks.Lock}, {@link io.jasyncio.locks.Event}, {@link
 * io.jasyncio.locks.Condition}, {@link io.jasyncio.locks.Semaphore}, {@link
 * io.jasyncio.locks.BoundedSemaphore} and {@link io.jasyncio.locks.Barrier}.
 *
 * <p>Semantics follow asyncio (3.13): waiters are woken in FIFO order; a task that was woken but
 * has not run yet cannot be overtaken by a newcomer; a waiter that is cancelled leaves the line,
 * and a wake-up it had already received passes to the next waiter. Locks have no owner. Python's
 * {@code async with lock:} is {@code try (Held held = lock.hold()) { ... }}.
 *
 * <p>Every primitive is built on the public {@link io.jasyncio.Future} and {@link
 * io.jasyncio.EventLoop} API: a waiter is a future from {@code loop.createFuture()}, a wake-up is
 * {@code future.setResult(...)}. The suspending methods ({@code acquire}, {@code hold}, {@code
 * await}, {@code awaitFor}) may only be called from a coroutine and throw {@link
 * IllegalStateException} naming the method otherwise.
 *
 * <p><b>Threads.</b> Loop-bound and not thread-safe: a primitive is bound to the loop of the first
 * coroutine that suspends on it (a coroutine of another loop gets {@link IllegalStateException}),
 * and every method must be called on that loop's thread. For threads, use {@code
 * java.util.concurrent.locks} and {@code java.util.concurrent}.
 */
package io.jasyncio.locks;
