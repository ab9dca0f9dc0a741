/**
 * Python's generator protocol on the JVM (PEP 255, 342, 380): {@code Generator} with {@code
 * next}, {@code send}, {@code throwInto}, {@code close} and {@code yieldFrom}, running on the same
 * engines as coroutines. A generator body may call suspending methods when it is driven from
 * inside a coroutine (Python's async generators).
 */
package io.jasyncio.generators;
