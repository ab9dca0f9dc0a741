/**
 * Python's generator protocol on the JVM (PEP 255, 342, 380, 479), running on the same engines as
 * coroutines: {@link io.jasyncio.generators.Generator}, the {@link
 * io.jasyncio.generators.Yielder} its body yields through, {@link
 * io.jasyncio.generators.GeneratorBody}, {@link io.jasyncio.generators.GeneratorState}, {@link
 * io.jasyncio.generators.StopIteration} and {@link io.jasyncio.generators.GeneratorExit}.
 *
 * <h2>Python to Java</h2>
 *
 * <table>
 *   <caption>Correspondence</caption>
 *   <tr><th>Python</th><th>jasyncio</th></tr>
 *   <tr><td>{@code def gen(): ...} called as {@code gen()}</td>
 *       <td>{@code Generator.of(y -> { ...; return r; })}</td></tr>
 *   <tr><td>{@code x = yield v}</td><td>{@code x = y.yield(v)}</td></tr>
 *   <tr><td>{@code r = yield from sub}</td><td>{@code r = y.yieldFrom(sub)}</td></tr>
 *   <tr><td>{@code yield from range(3)}</td><td>{@code y.yieldAll(iterator)}</td></tr>
 *   <tr><td>{@code next(g)}, {@code g.send(v)}</td><td>{@code g.next()}, {@code g.send(v)}</td></tr>
 *   <tr><td>{@code g.throw(e)}</td><td>{@code g.throwInto(e)}</td></tr>
 *   <tr><td>{@code g.close()} (3.13: returns a value)</td>
 *       <td>{@code g.close()}; {@code g.closeAndGetValue()}</td></tr>
 *   <tr><td>{@code inspect.getgeneratorstate(g)}</td><td>{@code g.state()}</td></tr>
 *   <tr><td>{@code StopIteration.value}</td>
 *       <td>{@code StopIteration.value()}, {@code g.returnValue()}</td></tr>
 *   <tr><td>{@code for x in g}</td><td>{@code for (X x : g)}, {@code g.stream()}</td></tr>
 *   <tr><td>{@code @coroutine} primer</td><td>{@code Generator.primed(body)}</td></tr>
 *   <tr><td>{@code async for x in agen}</td>
 *       <td>{@code for (X x : g)} inside a coroutine, the body calling suspending methods</td></tr>
 *   <tr><td>ValueError / RuntimeError / TypeError</td>
 *       <td>{@code IllegalStateException} (messages as Python's)</td></tr>
 * </table>
 *
 * <h2>One example per operation</h2>
 *
 * {@snippet class=io.jasyncio.generators.GeneratorsSnippetsTest region=package-overview}
 *
 * <h2>Asynchronous generators</h2>
 *
 * A body may call suspending methods when the generator is driven from a coroutine; the task
 * driving it suspends (see {@link io.jasyncio.generators.Generator}):
 *
 * {@snippet class=io.jasyncio.generators.GeneratorsSnippetsTest region=async-generator}
 *
 * <h2>Differences from Python</h2>
 *
 * <ul>
 *   <li>Generators are not closed by the garbage collector: close them (try-with-resources) when
 *       their {@code finally} blocks matter. See {@link io.jasyncio.generators.Generator}.
 *   <li>Java has no implicit exception context ({@code __context__}); a body states it with
 *       {@link io.jasyncio.generators.Yielder#handling}, and it is attached as a suppressed
 *       exception.
 *   <li>{@code yield from} over a plain iterator is a separate method, {@link
 *       io.jasyncio.generators.Yielder#yieldAll}, so that a generator never loses its
 *       send/throw/close pass-through by being seen as an iterator.
 * </ul>
 *
 * <p>Threads: a generator is used by one thread at a time; it may move between threads with a
 * happens-before hand-off, never run on two at once.
 */
package io.jasyncio.generators;
