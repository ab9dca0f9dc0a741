/**
 * The process machinery behind {@code io.jasyncio.multiprocessing}. Not part of the public API.
 *
 * <p>Pieces: {@link io.jasyncio.internal.process.Serial} (Java serialization behind a filter),
 * {@link io.jasyncio.internal.process.Connection} (length-prefixed frames on a socket channel),
 * {@link io.jasyncio.internal.process.Broker} (this process's server: a Unix-domain socket in a
 * private directory, children authenticate with a one-time key; it also holds the queues and events
 * shared with children), {@link io.jasyncio.internal.process.ChildJvm} (starts a child JVM with
 * this JVM's command line), {@link io.jasyncio.internal.process.ChildMain} (the child's side),
 * {@link io.jasyncio.internal.process.WorkerPool} (workers, dispatch with one running and one
 * prefetched call per worker, worker death).
 *
 * <p><b>Threads.</b> Every class here is thread-safe. In the parent, each connection has one
 * reader thread (a daemon platform thread); in a child, the threads that wait read the connection
 * in turn ({@link io.jasyncio.internal.process.ParentLink}), and a daemon flusher thread, started on
 * the first deferred frame (a one-way put or task done), writes what no other send took along within
 * about a millisecond. Writes are serialized by the connection. No thread dispatches calls on its
 * own: the thread that submits a call or reads a result gives a worker its next call, writing it
 * after the pool's lock is released, and the reader completes the call's future; a worker runs each
 * call on the thread that read it.
 */
package io.jasyncio.internal.process;
