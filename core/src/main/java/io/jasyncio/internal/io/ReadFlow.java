package io.jasyncio.internal.io;

/**
 * What a {@link io.jasyncio.streams.StreamReader} needs from its source for flow control: stop
 * and restart reading. Loop-bound.
 */
public interface ReadFlow {
  void pauseReading();

  void resumeReading();
}
