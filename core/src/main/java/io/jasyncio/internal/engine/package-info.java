/**
 * The coroutine engines: the only code that knows how a coroutine is suspended.
 *
 * <p>Everything else (event loop, futures, tasks, generators) talks to {@link
 * io.jasyncio.internal.engine.Engine} and {@link io.jasyncio.internal.engine.Fiber}. Two
 * implementations give the same observable behaviour:
 *
 * <ul>
 *   <li>{@link io.jasyncio.internal.engine.ContinuationEngine}: {@code
 *       jdk.internal.vm.Continuation}, reached through method handles looked up once (the JVM
 *       must run with {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}, or {@code
 *       =io.jasyncio} on the module path);
 *   <li>{@link io.jasyncio.internal.engine.VirtualThreadEngine}: one virtual thread per fiber,
 *       with a strict baton hand-off so that exactly one of them runs at a time.
 * </ul>
 *
 * <p>Fibers nest: a generator's fiber runs inside the fiber of the task that drives it. A
 * suspension names the fiber it suspends ({@link io.jasyncio.internal.engine.Engine#suspend});
 * suspending an outer fiber from inside an inner one suspends the whole chain, and resuming the
 * outer fiber continues the innermost one where it stopped.
 *
 * <p>Not part of the public API: nothing outside {@code io.jasyncio} may use it.
 */
package io.jasyncio.internal.engine;
