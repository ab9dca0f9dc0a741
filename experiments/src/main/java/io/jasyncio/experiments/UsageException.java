package io.jasyncio.experiments;

/**
 * A command-line mistake: an unknown experiment or model, a malformed option. The message names
 * the valid choices; the tool prints it with the usage and exits with status 2.
 *
 * <p><b>Threads.</b> Immutable.
 *
 * {@snippet class=io.jasyncio.experiments.ExperimentsSnippetsTest region=usageException}
 */
public class UsageException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
