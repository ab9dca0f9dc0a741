package io.jasyncio.transports;

import io.jasyncio.Asyncio;
import io.jasyncio.Future;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A test protocol that records its callbacks in order ("made", "data", "eof", "lost:null" or
 * "lost:ExceptionClass", "pause", "resume"; consecutive "data" events collapse into one) and the
 * bytes it received. Make it on the loop thread.
 */
class Recorder implements Protocol {
  final List<String> events = new ArrayList<>();
  final ByteArrayOutputStream received = new ByteArrayOutputStream();
  final Future<Throwable> lost = Asyncio.getRunningLoop().createFuture();
  final Future<Void> made = Asyncio.getRunningLoop().createFuture();
  final Future<Void> eof = Asyncio.getRunningLoop().createFuture();
  Transport transport;
  boolean keepOpenOnEof;
  long expected = -1;
  final Future<Void> gotAll = Asyncio.getRunningLoop().createFuture();

  private void event(String e) {
    if (e.equals("data") && !events.isEmpty() && events.get(events.size() - 1).equals("data")) {
      return;
    }
    events.add(e);
  }

  @Override
  public void connectionMade(Transport t) {
    event("made");
    transport = t;
    made.setResult(null);
  }

  @Override
  public void dataReceived(ByteBuffer data) {
    event("data");
    byte[] b = new byte[data.remaining()];
    data.get(b);
    received.writeBytes(b);
    if (expected >= 0 && received.size() >= expected && !gotAll.done()) {
      gotAll.setResult(null);
    }
  }

  @Override
  public boolean eofReceived() {
    event("eof");
    eof.setResult(null);
    return keepOpenOnEof;
  }

  @Override
  public void connectionLost(Throwable exc) {
    event("lost:" + (exc == null ? "null" : exc.getClass().getSimpleName()));
    if (lost.done()) {
      throw new AssertionError("connectionLost called twice");
    }
    lost.setResult(exc);
  }

  @Override
  public void pauseWriting() {
    event("pause");
  }

  @Override
  public void resumeWriting() {
    event("resume");
  }

  /** Completes once {@code n} bytes in all were received. */
  Future<Void> gotAllOf(long n) {
    expected = n;
    if (received.size() >= n && !gotAll.done()) {
      gotAll.setResult(null);
    }
    return gotAll;
  }

  String text() {
    return received.toString(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
