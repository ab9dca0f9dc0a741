/**
 * Synchronisation primitives for the tasks of one event loop, as asyncio.locks: Lock, Event, Condition, Semaphore, BoundedSemaphore, Barrier. Loop-bound and not thread-safe; waiters are woken FIFO and a cancelled waiter leaves the line.
 */
package io.jasyncio.locks;
