/**
 * I/O glue between the event loop's selector and the streams and subprocess packages. Not part of the public API.
 */
package io.jasyncio.internal.io;
