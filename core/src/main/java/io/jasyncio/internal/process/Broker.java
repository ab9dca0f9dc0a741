package io.jasyncio.internal.process;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This process's server for its children: a Unix-domain socket in a private directory (mode 0700),
 * or a loopback TCP socket where Unix-domain sockets are missing. A child proves itself with the
 * one-time key it read from its stdin (first frame, {@link Wire#HELLO}); a connection with any
 * other key is closed at once. After that the connection belongs to the {@link Endpoint} that
 * registered the key, and its shared-object requests go to {@link SharedObjects}.
 *
 * <p>Started on first use; one per process.
 */
public final class Broker {
  /** The owner of a registered key: gets the connection, its frames and its end. */
  public interface Endpoint {
    /** The child connected (on the connection's reader thread, before any frame). */
    void connected(Connection c, long pid);

    /** A frame that is not a shared-object request. */
    void frame(Connection.Frame f);

    /** The connection ended (end of stream or error). */
    void closed();
  }

  private static volatile Broker instance;

  /** Made on first use: a child, which only connects, never loads the security providers. */
  private static final class Random {
    static final SecureRandom RANDOM = new SecureRandom();
  }

  private final ServerSocketChannel server;
  private final String address;
  private final Path dir;
  private final Map<byte[], Endpoint> pending = new ConcurrentHashMap<>();

  /** This process's broker, started on first call. */
  public static Broker get() {
    Broker b = instance;
    if (b == null) {
      synchronized (Broker.class) {
        b = instance;
        if (b == null) {
          try {
            instance = b = new Broker();
          } catch (IOException e) {
            throw new IllegalStateException("cannot start the process broker: " + e, e);
          }
        }
      }
    }
    return b;
  }

  /** The running broker's address, or null when this process has not started one. */
  public static String localAddress() {
    Broker b = instance;
    return b == null ? null : b.address;
  }

  private Broker() throws IOException {
    ServerSocketChannel s = null;
    Path d = null;
    String a;
    try {
      d = privateDirectory();
      Path socket = d.resolve("b");
      s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      s.bind(UnixDomainSocketAddress.of(socket));
      a = "unix:" + socket;
    } catch (UnsupportedOperationException | IOException noUnixSockets) {
      if (s != null) {
        s.close();
      }
      s = ServerSocketChannel.open();
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      InetSocketAddress local = (InetSocketAddress) s.getLocalAddress();
      a = "tcp:" + local.getAddress().getHostAddress() + ":" + local.getPort();
    }
    server = s;
    address = a;
    dir = d;
    Thread accept = new Thread(this::acceptLoop, "jasyncio-broker");
    accept.setDaemon(true);
    accept.start();
    Runtime.getRuntime().addShutdownHook(new Thread(this::deleteFiles, "jasyncio-broker-cleanup"));
  }

  private static Path privateDirectory() throws IOException {
    Path base = Path.of(System.getProperty("java.io.tmpdir"));
    if (base.toString().length() > 60) {
      base = Path.of("/tmp"); // a Unix-domain socket path holds about 100 bytes
    }
    removeStale(base);
    return Files.createTempDirectory(
        base, "jasyncio-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
  }

  /**
   * Deletes the directories of brokers that died without cleaning up (killed with SIGKILL): a
   * socket file that nobody listens on any more. A directory without its socket yet (a broker
   * starting now) is left alone.
   */
  private static void removeStale(Path base) {
    try (java.nio.file.DirectoryStream<Path> dirs =
        Files.newDirectoryStream(base, "jasyncio-[0-9]*")) {
      for (Path d : dirs) {
        Path socket = d.resolve("b");
        if (!Files.isDirectory(d) || !Files.exists(socket) || !Files.isWritable(d)) {
          continue;
        }
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
          // alive: leave it
        } catch (java.net.ConnectException nobodyListens) {
          Files.deleteIfExists(socket);
          Files.deleteIfExists(d);
        } catch (IOException | RuntimeException other) {
          // not ours to judge
        }
      }
    } catch (IOException | RuntimeException e) {
      // best effort
    }
  }

  private static final java.util.List<Runnable> EXIT_TASKS =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * Runs {@code task} when this JVM exits normally, before the broker's socket is removed (so that
   * children still starting can connect): waiting for non-daemon children, for one.
   */
  public static void atExit(Runnable task) {
    EXIT_TASKS.add(task);
  }

  private void deleteFiles() {
    for (Runnable t : EXIT_TASKS) {
      try {
        t.run();
      } catch (RuntimeException e) {
        // the others still run
      }
    }
    if (dir != null) {
      try {
        Files.deleteIfExists(dir.resolve("b"));
        Files.deleteIfExists(dir);
      } catch (IOException ignored) {
        // best effort at exit
      }
    }
  }

  /** The address children connect to ("unix:PATH" or "tcp:HOST:PORT"). */
  public String address() {
    return address;
  }

  /** A fresh one-time key for {@code e}; the first connection that presents it belongs to e. */
  public byte[] register(Endpoint e) {
    byte[] key = new byte[Wire.KEY_BYTES];
    Random.RANDOM.nextBytes(key);
    pending.put(key, e);
    return key;
  }

  /** Forgets a key that was never used (its child died before connecting). */
  public void unregister(byte[] key) {
    pending.remove(key);
  }

  /** The hex form of a key, as written to a child's stdin. */
  public static String hex(byte[] key) {
    return HexFormat.of().formatHex(key);
  }

  /** Opens a channel to a broker address. */
  public static SocketChannel connect(String address) throws IOException {
    SocketAddress sa;
    if (address.startsWith("unix:")) {
      sa = UnixDomainSocketAddress.of(address.substring(5));
    } else if (address.startsWith("tcp:")) {
      String hp = address.substring(4);
      int colon = hp.lastIndexOf(':');
      sa = new InetSocketAddress(hp.substring(0, colon), Integer.parseInt(hp.substring(colon + 1)));
    } else {
      throw new IOException("bad broker address " + address);
    }
    return SocketChannel.open(sa);
  }

  private void acceptLoop() {
    while (server.isOpen()) {
      SocketChannel c;
      try {
        c = server.accept();
      } catch (IOException e) {
        return;
      }
      Thread t = new Thread(() -> serve(new Connection(c)), "jasyncio-broker-conn");
      t.setDaemon(true);
      t.start();
    }
  }

  private Endpoint authenticate(Connection.Frame hello) {
    if (hello == null || hello.type() != Wire.HELLO || hello.payload().length != Wire.KEY_BYTES + 8) {
      return null;
    }
    byte[] key = new byte[Wire.KEY_BYTES];
    ByteBuffer.wrap(hello.payload()).get(key);
    for (Map.Entry<byte[], Endpoint> e : pending.entrySet()) {
      if (MessageDigest.isEqual(e.getKey(), key) && pending.remove(e.getKey(), e.getValue())) {
        return e.getValue();
      }
    }
    return null;
  }

  private void serve(Connection c) {
    Endpoint endpoint;
    long pid;
    try {
      Connection.Frame hello = c.read();
      endpoint = authenticate(hello);
      if (endpoint == null) {
        c.close(); // refused: no key, or not one of ours
        return;
      }
      pid = ByteBuffer.wrap(hello.payload(), Wire.KEY_BYTES, 8).getLong();
    } catch (IOException e) {
      c.close();
      return;
    }
    Thread.currentThread().setName("jasyncio-broker-child-" + pid);
    Object owner = c;
    try {
      endpoint.connected(c, pid);
      for (Connection.Frame f; (f = c.read()) != null; ) {
        switch (f.type()) {
          case Wire.REQUEST -> {
            long id = f.id();
            SharedObjects.handle(owner, id, Wire.request(f.payload()), r -> send(c, id, r));
          }
          case Wire.NOTE -> {
            Wire.Request r = Wire.request(f.payload());
            SharedObjects.handle(owner, 0, r, reply -> noted(c, r, reply));
          }
          case Wire.CANCEL -> SharedObjects.cancel(owner, f.id());
          default -> endpoint.frame(f);
        }
      }
    } catch (IOException | RuntimeException e) {
      // the child went away (or sent garbage): treat as its end
    } finally {
      c.close();
      SharedObjects.dropOwner(owner);
      endpoint.closed();
    }
  }

  /** The reply to a NOTE: only a task done too many is told (late), everything else is dropped. */
  private static boolean noted(Connection c, Wire.Request r, Wire.Reply reply) {
    if (reply.status() == Wire.TOO_MANY_DONE) {
      try {
        c.send(Wire.LATE_TOO_MANY_DONE, r.object(), null);
      } catch (IOException gone) {
        return false;
      }
    }
    return true;
  }

  private static boolean send(Connection c, long id, Wire.Reply r) {
    try {
      c.send(Wire.REPLY, id, Wire.reply(r));
      return true;
    } catch (IOException gone) {
      return false;
    }
  }
}
