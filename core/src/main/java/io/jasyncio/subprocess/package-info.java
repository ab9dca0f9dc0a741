/**
 * Child processes with pipes driven from the event loop, as asyncio.subprocess.
 */
package io.jasyncio.subprocess;
