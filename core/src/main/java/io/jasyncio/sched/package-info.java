/**
 * A general-purpose event scheduler, as Python's sched module. Thread-safe.
 */
package io.jasyncio.sched;
