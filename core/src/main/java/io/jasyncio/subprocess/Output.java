package io.jasyncio.subprocess;

/**
 * What {@link AsyncProcess#communicate} collected: the child's whole output, each null unless
 * that stream was a {@link Redirect#PIPE}.
 *
 * {@snippet class=io.jasyncio.subprocess.SubprocessSnippetsTest region=output}
 *
 * <p>Immutable once returned; any thread may read it.
 *
 * @param stdout the bytes written to standard output, or null
 * @param stderr the bytes written to standard error, or null
 */
public record Output(byte[] stdout, byte[] stderr) {
  @Override
  public String toString() {
    return "Output[stdout=" + (stdout == null ? "null" : stdout.length + " bytes")
        + ", stderr=" + (stderr == null ? "null" : stderr.length + " bytes") + "]";
  }
}
