package io.jasyncio.subprocess;

/**
 * Where a child's standard stream goes (asyncio.subprocess's PIPE, DEVNULL, STDOUT, and None for
 * inherit).
 *
 * {@snippet class=io.jasyncio.subprocess.SubprocessSnippetsTest region=redirect}
 *
 * <p>Immutable; any thread may use it.
 */
public enum Redirect {
  /** A pipe to this process: a {@code StreamWriter} for stdin, a {@code StreamReader} else. */
  PIPE,
  /** The null device. */
  DEVNULL,
  /** The same stream as this process. */
  INHERIT,
  /** For stderr only: into the same pipe or file as stdout. */
  STDOUT
}
