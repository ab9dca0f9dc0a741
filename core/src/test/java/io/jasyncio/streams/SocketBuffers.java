package io.jasyncio.streams;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How many bytes a loopback TCP connection's kernel buffers can hold at most (the sender's send
 * buffer plus the receiver's receive buffer, autotuning included), so that a test can make a
 * writer's back-pressure certain rather than hope the kernel stays small for a while: once a
 * transport buffers more than {@link #bound()} plus the low-water mark towards a peer that never
 * reads, its buffer cannot fall to the low-water mark whatever the machine's speed.
 *
 * <p>Linux publishes the limits in {@code /proc/sys/net/ipv4/tcp_{r,w}mem} (third field); where
 * they are not readable a generous 64 MiB stands in.
 *
 * {@snippet :
 * while (w.getWriteBufferSize() <= SocketBuffers.bound() + 64 * 1024) {
 *   w.write(new byte[1 << 20]);
 * }
 * }
 */
final class SocketBuffers {
  private SocketBuffers() {}

  /** The most the kernel can hold for one loopback connection, in bytes. */
  static long bound() {
    try {
      return max("tcp_rmem") + max("tcp_wmem");
    } catch (IOException | RuntimeException e) {
      return 64L * 1024 * 1024;
    }
  }

  private static long max(String name) throws IOException {
    String[] f = Files.readString(Path.of("/proc/sys/net/ipv4", name)).trim().split("\\s+");
    return Long.parseLong(f[2]);
  }
}
