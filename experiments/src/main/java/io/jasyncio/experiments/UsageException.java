package io.jasyncio.experiments;

/**
 * A command-line mistake: an unknown experiment or model, a malformed option. The message names
 * the valid choices; the tool prints it with the usage and exits with status 2.
 *
 * <p><b>Threads.</b> Immutable.
 *
 * {@snippet :
 * try {
 *   Options.parse(List.of("disk"));
 * } catch (UsageException e) {
 *   System.err.println(e.getMessage()); // unknown experiment 'disk'; valid experiments: ...
 * }
 * }
 */
public class UsageException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
