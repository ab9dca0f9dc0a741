/**
 * Thread-side tools, as Python's concurrent.futures and queue modules: Futures.wait/asCompleted/map over any ExecutorService, JoinableQueue, and BridgeQueue (one queue with a thread face and a coroutine face).
 */
package io.jasyncio.concurrent;
