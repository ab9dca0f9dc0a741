/**
 * Queues for the tasks of one event loop, as asyncio.queues: Queue, LifoQueue, PriorityQueue. Loop-bound and not thread-safe.
 */
package io.jasyncio.queues;
