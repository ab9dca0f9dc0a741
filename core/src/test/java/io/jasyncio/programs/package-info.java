/**
 * Small programs that tests run in child JVMs (signals sent to a real process), outside the
 * io.jasyncio module's packages so that they run on the class path and beside the module alike.
 *
 * <p><b>Threads.</b> Each program runs on its JVM's main thread.
 */
package io.jasyncio.programs;
