/** Small utilities shared by jasyncio's packages. Not part of the public API. */
package io.jasyncio.internal.util;
