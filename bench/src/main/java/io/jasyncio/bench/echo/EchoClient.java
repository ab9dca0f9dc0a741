package io.jasyncio.bench.echo;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one load client of the TCP echo benchmark, plain Java NIO, used against every server
 * (jasyncio, CPython asyncio, uvloop, the blocking floor): {@code --connections} connections each
 * doing request/response ping-pong with messages of {@code --size} bytes. It warms up unmeasured
 * for {@code --warmup} seconds and at least {@code --warmup-requests} requests (so that a JVM
 * server's hot paths are compiled even when it is slow; but never longer than 3 x {@code --warmup}
 * + 10 s), then counts the requests answered during {@code --duration} seconds.
 *
 * <p>With one connection it uses a blocking channel on one platform thread (the lowest latency for
 * ping-pong); with more, one thread multiplexes every connection on a selector (so that the
 * client's own cost stays small next to the server's). {@code --mode blocking|selector} forces one
 * or the other.
 *
 * <p>With {@code --server-pid}, it reads the server's CPU time (utime + stime of {@code
 * /proc/PID/stat}, in {@code --clk-tck} ticks per second) at the start and at the end of the
 * measured window and reports the server's CPU-seconds per 1,000 requests.
 *
 * <p>Every echoed message is checked (a per-connection sequence number in its first bytes, and its
 * last byte): a wrong echo ends the run with an error.
 *
 * <p>Output: one {@code key: value} line per figure ({@code requests_per_s}, {@code
 * server_cpu_s_per_1k}, ...).
 *
 * {@snippet lang=sh :
 * java -cp "$CP" io.jasyncio.bench.echo.EchoClient --port 8888 --size 1024 --connections 10 \
 *     --warmup 2 --duration 5 --server-pid 4242
 * }
 */
public final class EchoClient {
  private static final String USAGE =
      "EchoClient --port PORT [--host 127.0.0.1] [--size BYTES] [--connections N]"
          + " [--warmup SECONDS] [--warmup-requests 20000] [--duration SECONDS]"
          + " [--server-pid PID] [--clk-tck 100]"
          + " [--mode auto|blocking|selector]";

  private final InetSocketAddress address;
  private final int size;
  private final int connections;
  private final long warmupNanos;
  private final long warmupRequests;
  private final long maxWarmupNanos;
  private final long durationNanos;
  private final long serverPid;
  private final int clkTck;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  private long measuredRequests;
  private long measuredNanos;
  private long warmupTookNanos;
  private long serverTicks = -1;

  EchoClient(
      InetSocketAddress address,
      int size,
      int connections,
      double warmupSeconds,
      long warmupRequests,
      double durationSeconds,
      long serverPid,
      int clkTck) {
    if (address.getPort() == 0) {
      throw new IllegalArgumentException("--port is required; usage: " + USAGE);
    }
    this.address = address;
    this.size = size;
    this.connections = connections;
    this.warmupNanos = (long) (warmupSeconds * 1e9);
    this.warmupRequests = warmupRequests;
    this.maxWarmupNanos = (long) ((3 * warmupSeconds + 10) * 1e9);
    this.durationNanos = (long) (durationSeconds * 1e9);
    this.serverPid = serverPid;
    this.clkTck = clkTck;
  }

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv, USAGE);
    String pid = args.string("server-pid", null);
    EchoClient client =
        new EchoClient(
            new InetSocketAddress(args.string("host", "127.0.0.1"), args.port("port", 0)),
            args.positiveInt("size", 1024),
            args.positiveInt("connections", 1),
            args.positiveSeconds("warmup", 2),
            args.positiveInt("warmup-requests", 20_000),
            args.positiveSeconds("duration", 5),
            pid == null ? -1 : Long.parseLong(pid),
            args.positiveInt("clk-tck", 100));
    String report;
    try {
      report = client.run(args.string("mode", "auto"));
    } catch (Exception e) {
      System.err.println("EchoClient failed: " + e);
      e.printStackTrace();
      System.exit(1);
      return;
    }
    System.out.print(report);
    System.out.flush();
    System.exit(0); // connections still closing must not hold the process
  }

  /**
   * Runs the load ({@code mode}: auto, blocking or selector) and returns the report; throws the
   * first failure (a wrong echo: {@link IllegalStateException}).
   */
  String run(String mode) throws Exception {
    if (mode.equals("auto")) {
      mode = connections == 1 ? "blocking" : "selector";
    }
    switch (mode) {
      case "blocking" -> runBlocking();
      case "selector" -> runSelector();
      default ->
          throw new IllegalArgumentException(
              "--mode must be auto, blocking or selector, not '" + mode + "'");
    }
    Throwable f = failure.get();
    if (f instanceof Exception e) {
      throw e;
    } else if (f != null) {
      throw new IllegalStateException("a connection failed", f);
    }
    return report(mode);
  }

  /** Requests answered in the measured window of the last run. */
  long measuredRequests() {
    return measuredRequests;
  }

  /** The server's CPU time in the measured window of the last run, in ticks; -1 without pid. */
  long serverTicks() {
    return serverTicks;
  }

  private String report(String mode) {
    double seconds = measuredNanos / 1e9;
    double rps = measuredRequests / seconds;
    StringBuilder sb = new StringBuilder();
    sb.append("client_mode: ").append(mode).append('\n');
    sb.append("connections: ").append(connections).append('\n');
    sb.append("size: ").append(size).append('\n');
    sb.append("warmup_s: ")
        .append(String.format(Locale.ROOT, "%.3f", warmupTookNanos / 1e9))
        .append('\n');
    sb.append("requests: ").append(measuredRequests).append('\n');
    sb.append("seconds: ").append(String.format(Locale.ROOT, "%.3f", seconds)).append('\n');
    sb.append("requests_per_s: ").append(String.format(Locale.ROOT, "%.1f", rps)).append('\n');
    if (serverTicks >= 0) {
      double cpu = (double) serverTicks / clkTck;
      sb.append("server_cpu_s: ").append(String.format(Locale.ROOT, "%.3f", cpu)).append('\n');
      // Near 1.0: the server was the bottleneck (it had a CPU of its own and used all of it).
      sb.append("server_cpu_share: ")
          .append(String.format(Locale.ROOT, "%.2f", cpu / seconds))
          .append('\n');
      sb.append("server_cpu_s_per_1k: ")
          .append(
              measuredRequests == 0
                  ? "nan"
                  : String.format(Locale.ROOT, "%.6f", cpu * 1000 / measuredRequests))
          .append('\n');
    }
    return sb.toString();
  }

  /** utime + stime of the server, in clock ticks; -1 without a server pid. */
  private long serverCpuTicks() throws IOException {
    if (serverPid < 0) {
      return -1;
    }
    String stat = Files.readString(Path.of("/proc/" + serverPid + "/stat"));
    // The command name (field 2) may hold spaces and parentheses: fields 3.. follow the last ')'.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 (utime) and 15 (stime)
  }

  private SocketChannel connect() throws IOException {
    SocketChannel ch = SocketChannel.open();
    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
    ch.connect(address);
    return ch;
  }

  // ---- one connection per blocking channel, one platform thread each -----------------------

  private static final class Worker implements Runnable {
    final EchoClient client;
    final SocketChannel channel;
    final Message message;
    volatile boolean stop;
    volatile long count;

    Worker(EchoClient client, SocketChannel channel, int id) {
      this.client = client;
      this.channel = channel;
      this.message = new Message(client.size, id);
    }

    @Override
    public void run() {
      try {
        while (!stop) {
          ByteBuffer out = message.next();
          while (out.hasRemaining()) {
            channel.write(out);
          }
          ByteBuffer in = message.in;
          in.clear();
          while (in.hasRemaining()) {
            if (channel.read(in) < 0) {
              throw new EOFException("the server closed the connection mid-message");
            }
          }
          message.check();
          count = count + 1; // single writer
        }
        channel.shutdownOutput();
      } catch (IOException | RuntimeException e) {
        if (!stop) {
          client.failure.compareAndSet(null, e);
        }
      }
    }
  }

  private void runBlocking() throws Exception {
    List<Worker> workers = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      Worker w = new Worker(this, connect(), i);
      workers.add(w);
      Thread t = new Thread(w, "echo-client-" + i);
      t.setDaemon(true);
      threads.add(t);
    }
    long start = System.nanoTime();
    threads.forEach(Thread::start);
    sleepUntil(start + warmupNanos);
    while (sum(workers) < warmupRequests
        && System.nanoTime() - start < maxWarmupNanos
        && failure.get() == null) {
      Thread.sleep(5);
    }
    long c0 = sum(workers);
    long cpu0 = serverCpuTicks();
    long t0 = System.nanoTime();
    warmupTookNanos = t0 - start;
    sleepUntil(t0 + durationNanos);
    long c1 = sum(workers);
    long cpu1 = serverCpuTicks();
    long t1 = System.nanoTime();
    measuredRequests = c1 - c0;
    measuredNanos = t1 - t0;
    serverTicks = cpu0 < 0 ? -1 : cpu1 - cpu0;
    for (Worker w : workers) {
      w.stop = true;
    }
    for (int i = 0; i < threads.size(); i++) {
      threads.get(i).join(5000);
      workers.get(i).channel.close();
    }
  }

  private void sleepUntil(long deadline) throws InterruptedException {
    long left;
    while ((left = deadline - System.nanoTime()) > 0 && failure.get() == null) {
      Thread.sleep(Math.min(100, Math.max(1, left / 1_000_000)));
    }
  }

  private static long sum(List<Worker> workers) {
    long s = 0;
    for (Worker w : workers) {
      s += w.count;
    }
    return s;
  }

  // ---- every connection on one selector, one thread -------------------------------------------

  private void runSelector() throws IOException {
    List<SocketChannel> channels = new ArrayList<>();
    try (Selector selector = Selector.open()) {
      for (int i = 0; i < connections; i++) {
        SocketChannel ch = connect();
        ch.configureBlocking(false);
        channels.add(ch);
        Message m = new Message(size, i);
        SelectionKey key = ch.register(selector, 0, m);
        send(key, m);
      }
      long count = 0;
      long start = System.nanoTime();
      long c0 = 0;
      long cpu0 = -1;
      long t0 = 0;
      boolean measuring = false;
      boolean stopping = false;
      long stopDeadline = 0;
      int open = connections;
      while (open > 0) {
        selector.select(50);
        var it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
          SelectionKey key = it.next();
          it.remove();
          Message m = (Message) key.attachment();
          SocketChannel ch = (SocketChannel) key.channel();
          if (key.isWritable()) {
            ch.write(m.out);
            if (!m.out.hasRemaining()) {
              key.interestOps(SelectionKey.OP_READ);
            }
          } else if (key.isReadable()) {
            if (ch.read(m.in) < 0) {
              throw new EOFException("the server closed a connection mid-message");
            }
            if (!m.in.hasRemaining()) {
              m.check();
              count++;
              if (stopping) {
                key.cancel();
                ch.close();
                open--;
              } else {
                send(key, m);
              }
            }
          }
        }
        long now = System.nanoTime();
        if (!measuring && !stopping && warmedUp(now - start, count)) {
          measuring = true;
          c0 = count;
          cpu0 = serverCpuTicks();
          t0 = System.nanoTime();
          warmupTookNanos = t0 - start;
        } else if (measuring && now - t0 >= durationNanos) {
          long cpu1 = serverCpuTicks();
          measuredNanos = System.nanoTime() - t0;
          measuredRequests = count - c0;
          serverTicks = cpu0 < 0 ? -1 : cpu1 - cpu0;
          measuring = false;
          stopping = true; // each connection closes once its request in flight is answered
          stopDeadline = now + 5_000_000_000L;
        } else if (stopping && now - stopDeadline > 0) {
          break;
        }
      }
    } finally {
      for (SocketChannel ch : channels) {
        ch.close();
      }
    }
  }

  private boolean warmedUp(long elapsed, long requests) {
    return elapsed >= warmupNanos && (requests >= warmupRequests || elapsed >= maxWarmupNanos);
  }

  private static void send(SelectionKey key, Message m) throws IOException {
    ByteBuffer out = m.next();
    ((SocketChannel) key.channel()).write(out);
    m.in.clear();
    key.interestOps(out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
  }

  /** One connection's request and response buffers; the request carries a sequence number. */
  private static final class Message {
    final ByteBuffer out;
    final ByteBuffer in;
    long seq;

    Message(int size, int id) {
      out = ByteBuffer.allocateDirect(size);
      in = ByteBuffer.allocateDirect(size);
      for (int i = 0; i < size; i++) {
        out.put(i, (byte) (i * 31 + id));
      }
    }

    /** The next request, ready to write. */
    ByteBuffer next() {
      seq++;
      if (out.capacity() >= Long.BYTES) {
        out.putLong(0, seq);
      }
      return out.clear();
    }

    /** Checks that {@link #in} holds the echo of the last request. */
    void check() {
      int n = in.capacity();
      boolean ok = in.get(n - 1) == out.get(n - 1) && (n < Long.BYTES || in.getLong(0) == seq);
      if (!ok) {
        throw new IllegalStateException("wrong echo for request " + seq + " of " + n + " bytes");
      }
    }
  }
}
