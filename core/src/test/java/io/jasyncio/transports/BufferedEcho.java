package io.jasyncio.transports;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * An echo server protocol that owns its read buffer: it echoes each read straight from it, and
 * records its callbacks ("made", "data", "eof", "lost:...").
 */
class BufferedEcho implements BufferedProtocol {
  final ByteBuffer buf = ByteBuffer.allocate(4096);
  final List<String> events = new ArrayList<>();
  final List<Integer> hints = new ArrayList<>();
  Transport transport;

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
  }

  @Override
  public ByteBuffer getBuffer(int sizeHint) {
    hints.add(sizeHint);
    // Offer a window that does not start at 0: the transport must respect position and limit.
    return buf.clear().position(7).limit(4000);
  }

  @Override
  public void bufferUpdated(int nbytes) {
    event("data");
    if (buf.position() != 7 || buf.limit() != 4000) {
      throw new AssertionError("the transport moved the buffer: " + buf);
    }
    transport.write(buf.slice(7, nbytes));
  }

  @Override
  public boolean eofReceived() {
    event("eof");
    return false;
  }

  @Override
  public void connectionLost(Throwable exc) {
    event("lost:" + (exc == null ? "null" : exc.getClass().getSimpleName()));
  }
}
