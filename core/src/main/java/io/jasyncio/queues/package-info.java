/**
 * Queues for the tasks of one event loop, as Python's {@code asyncio.queues}: {@link
 * io.jasyncio.queues.Queue} (FIFO), {@link io.jasyncio.queues.LifoQueue} and {@link
 * io.jasyncio.queues.PriorityQueue}, with {@link io.jasyncio.queues.QueueEmpty}, {@link
 * io.jasyncio.queues.QueueFull} and {@link io.jasyncio.queues.QueueShutDown}.
 *
 * <p>Semantics follow asyncio (3.13): back-pressure with a {@code maxsize}, getters and putters
 * served FIFO, a cancelled get or put that takes or adds nothing, {@code taskDone}/{@code join}
 * work counting and {@code shutdown(immediate)}. Subclasses change the order of items through three
 * small storage hooks, as asyncio's {@code _put}/{@code _get}. The queues are built on the public
 * {@link io.jasyncio.Future} API, as the primitives of {@link io.jasyncio.locks}.
 *
 * <p><b>Threads.</b> Loop-bound and not thread-safe: a queue is bound to the loop of the first
 * coroutine that calls one of its suspending methods ({@code put}, {@code get}, {@code join}), and
 * every method must be called on that loop's thread. Between threads use {@code
 * io.jasyncio.concurrent.JoinableQueue}; between threads and coroutines {@code
 * io.jasyncio.concurrent.BridgeQueue}.
 */
package io.jasyncio.queues;
