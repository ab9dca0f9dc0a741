package io.jasyncio.internal.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

/**
 * The class-data archive of worker JVMs, made and owned by the parent (the JDK's dynamic CDS
 * archive). A worker JVM spends most of its start loading and linking classes the JDK's default
 * archive does not hold (the worker's own, and those the JDK's Unix-domain sockets and
 * serialization need); with an archive of them it maps them instead.
 *
 * <p>How: when no archive matches, one child is started with {@code -XX:ArchiveClassesAtExit=}
 * a temporary file of its own, and the JVM writes the archive itself when that child ends (after
 * its pool let it go: {@code close}, {@code shutdown}, {@code maxTasksPerChild}; a killed child
 * writes nothing). When it has exited with code 0, this JVM checks the file (the JDK's magic
 * number) and renames it atomically to {@code <key>.<crc32>.jsa} in the archive directory; later
 * children get {@code -XX:SharedArchiveFile=} it. The key is a hash of the JDK (version, {@code
 * java.home}), the class path entries (path, size, last modified) and the child's JVM options, so a
 * changed jar or option gives another key. A file whose content no longer matches the CRC in its
 * name is deleted and made again; the JVM itself ignores an archive it cannot use (a fresh start,
 * no worse). The JVM's own {@code cds} and {@code aot} log output of such a child is turned off
 * (it would go to the shared stdout).
 *
 * <p>Used only for a class path made of jar files (the JDK archives classes from jars alone), no
 * module path, and when the caller's options do not choose a class-data or AOT archive of their
 * own. Off with {@code -Djasyncio.workerArchive=false}; the directory is {@code
 * -Djasyncio.workerArchive.dir=...}, by default {@code ~/.cache/jasyncio/worker-cds} (made with mode
 * 0700; a directory owned by another user, or open to others, is not used).
 *
 * <p>Threads: any thread may call {@link #plan}; the state shared between them is concurrent.
 */
public final class WorkerArchive {
  private WorkerArchive() {}

  /** The property that turns the archive off ({@code false}). */
  public static final String ENABLED_PROPERTY = "jasyncio.workerArchive";

  /** The property that names the archive directory. */
  public static final String DIR_PROPERTY = "jasyncio.workerArchive.dir";

  /** Options that keep the JVM's log about the archive off the child's stdout. */
  static final List<String> QUIET = List.of("-Xlog:cds*=off,aot*=off");

  /** The JDK's magic number of a dynamic archive, as the file's first four bytes hold it. */
  private static final int DYNAMIC_MAGIC = 0xf00baba8;

  /** Keys whose archive a child of this JVM is writing now. */
  private static final Set<String> RECORDING = ConcurrentHashMap.newKeySet();

  /** Archives checked by this JVM: path to "size:mtime" when it was found sound. */
  private static final ConcurrentHashMap<Path, String> CHECKED = new ConcurrentHashMap<>();

  private static final AtomicLong TEMP_NUMBERS = new AtomicLong();

  /** Children writing an archive, and the publication that follows each one's exit. */
  private static final ConcurrentHashMap<Process, CompletableFuture<Void>> RECORDERS =
      new ConcurrentHashMap<>();

  private static final AtomicBoolean HOOK = new AtomicBoolean();

  /** How long this JVM's exit waits for a child that writes an archive. */
  private static final long EXIT_WAIT_SECONDS = 10;

  /** At this JVM's exit: lets every recording child go and waits for its archive (bounded). */
  static void atExit() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(EXIT_WAIT_SECONDS);
    for (var e : RECORDERS.entrySet()) {
      try {
        e.getKey().getOutputStream().close(); // its stdin ends: it writes the archive and exits
      } catch (IOException ignored) {
        // already closed
      }
    }
    for (var e : RECORDERS.entrySet()) {
      try {
        e.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException | InterruptedException | TimeoutException ex) {
        e.getKey().destroyForcibly(); // no child outlives this JVM for an archive
      }
    }
  }

  /** What a child gets: extra JVM options, and what to do once it is started. */
  public record Plan(List<String> options, Path recordingOrNull, String keyOrNull, Path dirOrNull) {
    static final Plan NONE = new Plan(List.of(), null, null, null);

    /**
     * Publishes the archive the child writes (if it records one) once it has exited, and returns
     * the process to use in its place: its {@code onExit()} and {@code waitFor()} end once the
     * archive is published, so that a pool whose workers have all exited finds it. Should this JVM
     * end first, a shutdown hook lets the child go and waits for it (a few seconds at most), so
     * that the archive is not lost and the child does not outlive this JVM while it writes.
     */
    public Process started(Process child) {
      if (recordingOrNull == null) {
        return child;
      }
      CompletableFuture<Void> done = child.onExit().thenRun(() -> finish(this, child.exitValue()));
      RECORDERS.put(child, done);
      done.whenComplete((x, e) -> RECORDERS.remove(child));
      if (HOOK.compareAndSet(false, true)) {
        Runtime.getRuntime().addShutdownHook(new Thread(WorkerArchive::atExit, "jasyncio-archive-exit"));
      }
      return new Recording(child, done);
    }

    /** The child could not be started: nothing will be written. */
    public void failed() {
      if (recordingOrNull != null) {
        RECORDING.remove(keyOrNull);
      }
    }
  }

  /**
   * The archive options of a child with the given role, JVM options (inherited flags, jasyncio's
   * defaults and the caller's, in the order they are given) and class path. Only a pool worker
   * records an archive; every child uses one. {@code launcherOrNull} is the launcher jar the child
   * is started through ({@link #launcher}), if any.
   */
  public static Plan plan(String role, List<String> options, String classPath, String modulePath,
      Path launcherOrNull) {
    if (!applies(modulePath) || choosesItsOwnArchive(options)) {
      return Plan.NONE;
    }
    try {
      List<Path> jars = jarClassPath(classPath);
      if (jars == null) {
        return Plan.NONE;
      }
      Path dir = directory();
      if (dir == null) {
        return Plan.NONE;
      }
      if (launcherOrNull != null) {
        jars = new ArrayList<>(jars);
        jars.add(launcherOrNull);
      }
      String key = key(options, jars);
      Path archive = find(dir, key);
      if (archive != null) {
        List<String> out = new ArrayList<>(QUIET);
        out.add("-XX:SharedArchiveFile=" + archive);
        return new Plan(List.copyOf(out), null, key, dir);
      }
      if (!"worker".equals(role) || !RECORDING.add(key)) {
        return Plan.NONE;
      }
      Path temp = dir.resolve(key + "." + ProcessHandle.current().pid() + "-"
          + TEMP_NUMBERS.incrementAndGet() + ".tmp");
      List<String> out = new ArrayList<>(QUIET);
      out.add("-XX:ArchiveClassesAtExit=" + temp);
      return new Plan(List.copyOf(out), temp, key, dir);
    } catch (IOException | RuntimeException e) {
      return Plan.NONE; // no archive: a fresh start, as without one
    }
  }

  /** Launcher jars made by this JVM, by manifest. */
  private static final ConcurrentHashMap<String, Path> LAUNCHERS = new ConcurrentHashMap<>();

  /**
   * A launcher jar for a child, or null to start it as before. The parent's {@code --add-exports
   * java.base/jdk.internal.vm=ALL-UNNAMED} on a child's command line turns off the JDK's archived
   * module graph, which makes the JVM's own start about a quarter longer; the same export in the
   * manifest of the jar a child is started with ({@code java -jar}) is applied after the module
   * system's set-up and keeps it. The jar holds only a manifest: {@code Main-Class} {@link
   * ChildMain}, {@code Add-Exports}, and the class path in {@code Class-Path}; it lives in the
   * archive directory, named by its content. Used under the worker archive's conditions (a class
   * path of jars, no module path, not turned off), when that export is the only module flag the
   * child inherits and the caller's options choose no archive of their own.
   */
  public static Path launcher(List<String> flags, List<String> jvmOptions, String classPath,
      String modulePath) {
    if (!applies(modulePath)
        || !ChildJvm.onlyEngineExport(flags)
        || choosesItsOwnArchive(jvmOptions)) {
      return null;
    }
    for (String o : jvmOptions) {
      if (o.startsWith("--") || o.equals("-jar") || o.equals("-cp") || o.equals("-classpath")) {
        return null;
      }
    }
    try {
      List<Path> jars = jarClassPath(classPath);
      if (jars == null) {
        return null;
      }
      StringBuilder cp = new StringBuilder();
      for (Path j : jars) {
        cp.append(cp.isEmpty() ? "" : " ").append(j.toUri().toASCIIString());
      }
      String manifestKey = cp.toString();
      Path known = LAUNCHERS.get(manifestKey);
      if (known != null && Files.isRegularFile(known)) {
        return known;
      }
      Path dir = directory();
      if (dir == null) {
        return null;
      }
      java.util.jar.Manifest m = new java.util.jar.Manifest();
      java.util.jar.Attributes a = m.getMainAttributes();
      a.put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
      a.put(java.util.jar.Attributes.Name.MAIN_CLASS, ChildMain.class.getName());
      a.putValue("Add-Exports", "java.base/jdk.internal.vm");
      a.put(java.util.jar.Attributes.Name.CLASS_PATH, manifestKey);
      byte[] text = (ChildMain.class.getName() + "\n" + manifestKey).getBytes(StandardCharsets.UTF_8);
      Path target = dir.resolve("launcher-" + hash(text) + ".jar");
      if (!Files.isRegularFile(target)) {
        Path temp = dir.resolve("launcher." + ProcessHandle.current().pid() + "-"
            + TEMP_NUMBERS.incrementAndGet() + ".tmp");
        try {
          try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(temp), m)) {
            out.flush();
          }
          Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
          Files.deleteIfExists(temp);
        }
      }
      LAUNCHERS.put(manifestKey, target);
      return target;
    } catch (IOException | RuntimeException e) {
      return null; // started as before
    }
  }

  /** Whether archives and launchers may be used at all: not turned off, no modules involved. */
  private static boolean applies(String modulePath) {
    return !"false".equalsIgnoreCase(System.getProperty(ENABLED_PROPERTY, "true"))
        && modulePath.isEmpty()
        && !ChildMain.class.getModule().isNamed();
  }

  /** Whether the options already say how the JVM shares class data (the caller's choice stays). */
  static boolean choosesItsOwnArchive(List<String> options) {
    for (String o : options) {
      if (o.startsWith("-Xshare") || o.contains("SharedArchiveFile") || o.contains("ArchiveClasses")
          || o.contains("AOT") || o.contains("SharedSpaces") || o.contains("ClassList")
          || o.contains("DynamicDump")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The class path's entries when all are jar files that exist and name no further class path in
   * their manifest (the key covers the jars it can see; a test runner's manifest-only jar, for
   * one, does not qualify), else null.
   */
  static List<Path> jarClassPath(String classPath) {
    if (classPath.isEmpty()) {
      return null;
    }
    List<Path> out = new ArrayList<>();
    for (String entry : classPath.split(java.io.File.pathSeparator)) {
      Path p = Path.of(entry).toAbsolutePath();
      if (!entry.toLowerCase(java.util.Locale.ROOT).endsWith(".jar") || !Files.isRegularFile(p)
          || namesAClassPath(p)) {
        return null;
      }
      out.add(p);
    }
    return out;
  }

  /** Jars looked at by this JVM: path to "size:mtime:whether its manifest has a Class-Path". */
  private static final ConcurrentHashMap<Path, String> MANIFESTS = new ConcurrentHashMap<>();

  /** Whether the jar's manifest has a {@code Class-Path} (unreadable: treated as if it had). */
  static boolean namesAClassPath(Path jar) {
    try {
      String stamp = Files.size(jar) + ":" + Files.getLastModifiedTime(jar).toMillis() + ":";
      String known = MANIFESTS.get(jar);
      if (known != null && known.startsWith(stamp)) {
        return known.endsWith("true");
      }
      boolean has;
      try (java.util.jar.JarFile j = new java.util.jar.JarFile(jar.toFile(), false)) {
        java.util.jar.Manifest m = j.getManifest();
        has = m != null
            && m.getMainAttributes().getValue(java.util.jar.Attributes.Name.CLASS_PATH) != null;
      }
      MANIFESTS.put(jar, stamp + has);
      return has;
    } catch (IOException | RuntimeException e) {
      return true;
    }
  }

  /** The key of an archive: what the JVM checks an archive against, hashed. */
  static String key(List<String> options, List<Path> jars) throws IOException {
    StringBuilder s = new StringBuilder();
    s.append(System.getProperty("java.vm.version")).append('\n');
    s.append(System.getProperty("java.home")).append('\n');
    for (String o : options) {
      if (!o.startsWith("-D")) {
        s.append("opt ").append(o).append('\n');
      }
    }
    for (Path j : jars) {
      s.append("jar ").append(j).append(' ').append(Files.size(j)).append(' ')
          .append(Files.getLastModifiedTime(j).toMillis()).append('\n');
    }
    // two 64-bit FNV-1a hashes (no digest provider to load in this JVM's start path): a key names
    // an archive; the JVM itself checks the archive against the class path it is given
    return hash(s.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** Two 64-bit FNV-1a hashes of {@code bytes} with different seeds, in hex (32 digits). */
  private static String hash(byte[] bytes) {
    return HexFormat.of().toHexDigits(fnv(bytes, 0xcbf29ce484222325L))
        + HexFormat.of().toHexDigits(fnv(bytes, 0x84222325cbf29ce4L));
  }

  private static long fnv(byte[] bytes, long seed) {
    long h = seed;
    for (byte b : bytes) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** The archive directory, made private if missing; null when it cannot be trusted or made. */
  static Path directory() {
    String given = System.getProperty(DIR_PROPERTY, "");
    Path dir;
    if (!given.isEmpty()) {
      dir = Path.of(given);
    } else {
      String home = System.getProperty("user.home", "");
      if (home.isEmpty() || home.equals("?")) {
        return null;
      }
      dir = Path.of(home, ".cache", "jasyncio", "worker-cds");
    }
    try {
      dir = dir.toAbsolutePath();
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        Path parent = dir.getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        try {
          Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
              PosixFilePermissions.fromString("rwx------")));
        } catch (java.nio.file.FileAlreadyExistsException e) {
          // made by another JVM meanwhile: checked below
        }
      }
      PosixFileAttributeView view = Files.getFileAttributeView(
          dir, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
      if (view == null) {
        return null; // no owner nor mode to check: not used
      }
      PosixFileAttributes a = view.readAttributes();
      Set<PosixFilePermission> p = a.permissions();
      if (!a.isDirectory()
          || !a.owner().getName().equals(System.getProperty("user.name"))
          || p.contains(PosixFilePermission.GROUP_WRITE)
          || p.contains(PosixFilePermission.OTHERS_WRITE)) {
        return null;
      }
      return dir;
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return null;
    }
  }

  /** A sound archive of {@code key} in {@code dir}, or null; unsound ones are deleted. */
  static Path find(Path dir, String key) throws IOException {
    String prefix = key + ".";
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, f -> {
      String n = f.getFileName().toString();
      return n.startsWith(prefix) && n.endsWith(".jsa");
    })) {
      for (Path f : files) {
        if (sound(f)) {
          return f;
        }
        Files.deleteIfExists(f);
        CHECKED.remove(f);
      }
    }
    return null;
  }

  /** Whether the file's content matches the CRC in its name (checked once per JVM and version). */
  static boolean sound(Path f) {
    try {
      String stamp = Files.size(f) + ":" + Files.getLastModifiedTime(f).toMillis();
      if (stamp.equals(CHECKED.get(f))) {
        return true;
      }
      String name = f.getFileName().toString();
      String[] parts = name.split("\\.");
      if (parts.length != 3) {
        return false;
      }
      long expected = Long.parseLong(parts[1], 16);
      if (magic(f) != DYNAMIC_MAGIC || crc(f) != expected) {
        return false;
      }
      CHECKED.put(f, stamp);
      return true;
    } catch (IOException | NumberFormatException e) {
      return false;
    }
  }

  /** The file's first four bytes as the JVM wrote them (little-endian or big-endian host). */
  static int magic(Path f) throws IOException {
    try (InputStream in = Files.newInputStream(f)) {
      byte[] b = in.readNBytes(4);
      if (b.length < 4) {
        return 0;
      }
      int le = (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
      int be = (b[3] & 0xff) | (b[2] & 0xff) << 8 | (b[1] & 0xff) << 16 | (b[0] & 0xff) << 24;
      return le == DYNAMIC_MAGIC || be == DYNAMIC_MAGIC ? DYNAMIC_MAGIC : le;
    }
  }

  static long crc(Path f) throws IOException {
    CRC32 crc = new CRC32();
    try (InputStream in = Files.newInputStream(f)) {
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) {
        crc.update(buf, 0, n);
      }
    }
    return crc.getValue();
  }

  private static long modified(Path f) {
    try {
      return Files.getLastModifiedTime(f).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }

  /** The recording child has exited: publish its archive when it wrote a sound one. */
  static void finish(Plan plan, int exitCode) {
    Path temp = plan.recordingOrNull();
    try {
      if (exitCode == 0 && Files.isRegularFile(temp) && magic(temp) == DYNAMIC_MAGIC) {
        String crc = String.format("%08x", crc(temp));
        Path target = plan.dirOrNull().resolve(plan.keyOrNull() + "." + crc + ".jsa");
        try {
          Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          // same directory: cannot happen on a local file system; keep nothing half-made
        }
      }
    } catch (IOException | RuntimeException e) {
      // no archive this time: the next pool records again
    } finally {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // left for cleanUp
      }
      RECORDING.remove(plan.keyOrNull());
      cleanUp(plan.dirOrNull());
    }
  }

  /** How many archives the directory keeps (the most recently written). */
  static final int KEPT = 16;

  /**
   * Deletes temporary files left by JVMs that are gone (a parent that died while its child was
   * writing), and the oldest archives beyond {@link #KEPT} (each rebuilt jar makes a new one).
   */
  static void cleanUp(Path dir) {
    try (java.util.stream.Stream<Path> all = Files.list(dir)) {
      List<Path> archives = all.filter(f -> f.getFileName().toString().endsWith(".jsa"))
          .sorted(java.util.Comparator.comparing(WorkerArchive::modified).reversed())
          .toList();
      for (Path old : archives.subList(Math.min(KEPT, archives.size()), archives.size())) {
        Files.deleteIfExists(old);
      }
    } catch (IOException | RuntimeException e) {
      // kept for now
    }
    try (DirectoryStream<Path> files =
        Files.newDirectoryStream(dir, f -> f.getFileName().toString().endsWith(".tmp"))) {
      for (Path f : files) {
        String[] parts = f.getFileName().toString().split("\\.");
        if (parts.length != 3) {
          continue;
        }
        String pid = parts[1].contains("-") ? parts[1].substring(0, parts[1].indexOf('-')) : "";
        try {
          long p = Long.parseLong(pid);
          if (ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)) {
            continue;
          }
        } catch (NumberFormatException e) {
          continue;
        }
        Files.deleteIfExists(f);
      }
    } catch (IOException | RuntimeException e) {
      // nothing to clean, or not now
    }
  }

  /** A child that records the archive: the same process, whose exit includes the publication. */
  private static final class Recording extends Process {
    private final Process p;
    private final CompletableFuture<Void> published;

    Recording(Process p, CompletableFuture<Void> published) {
      this.p = p;
      this.published = published;
    }

    @Override
    public java.io.OutputStream getOutputStream() {
      return p.getOutputStream();
    }

    @Override
    public InputStream getInputStream() {
      return p.getInputStream();
    }

    @Override
    public InputStream getErrorStream() {
      return p.getErrorStream();
    }

    @Override
    public int waitFor() throws InterruptedException {
      int code = p.waitFor();
      try {
        published.get();
      } catch (ExecutionException e) {
        // published or not, the child has exited
      }
      return code;
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
      try {
        published.get(timeout, unit);
        return true;
      } catch (ExecutionException e) {
        return true;
      } catch (TimeoutException e) {
        return false;
      }
    }

    @Override
    public int exitValue() {
      return p.exitValue();
    }

    @Override
    public void destroy() {
      p.destroy();
    }

    @Override
    public Process destroyForcibly() {
      p.destroyForcibly();
      return this;
    }

    @Override
    public boolean supportsNormalTermination() {
      return p.supportsNormalTermination();
    }

    @Override
    public boolean isAlive() {
      return p.isAlive();
    }

    @Override
    public long pid() {
      return p.pid();
    }

    @Override
    public CompletableFuture<Process> onExit() {
      return published.handle((x, e) -> this);
    }

    @Override
    public ProcessHandle toHandle() {
      return p.toHandle();
    }

    @Override
    public String toString() {
      return p.toString();
    }
  }
}
