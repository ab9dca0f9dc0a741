package io.jasyncio.cluster;

/**
 * A {@link ClusterExecutor} lost its cluster: no member was reachable for {@link
 * ClusterExecutor#NO_MEMBER_TIMEOUT}. Every pending and running call of the executor fails with it,
 * and every later submit throws it: the executor is unusable and never hangs (as the process pool's
 * {@link io.jasyncio.multiprocessing.BrokenProcessPool}). The message names the cluster.
 *
 * {@snippet class=io.jasyncio.cluster.ClusterSnippetsTest region=brokenCluster}
 */
public class BrokenCluster extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * With a message that says which cluster was lost and how.
   *
   * @param message the message
   */
  public BrokenCluster(String message) {
    super(message);
  }

  /**
   * With a message and the failure that ended the connection.
   *
   * @param message the message
   * @param cause the failure
   */
  public BrokenCluster(String message, Throwable cause) {
    super(message, cause);
  }
}
