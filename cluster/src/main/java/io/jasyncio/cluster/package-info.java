/**
 * The process pool's executor API on a Hazelcast cluster, for CPU work that outgrows one machine.
 *
 * <p>{@link io.jasyncio.cluster.ClusterExecutor} is an {@link java.util.concurrent.ExecutorService}
 * that runs serializable lambdas and method references (the task types of {@code
 * io.jasyncio.multiprocessing}) on the members of a Hazelcast cluster, as a Hazelcast client.
 * {@link io.jasyncio.cluster.LocalCluster} starts members as separate JVMs on 127.0.0.1, for trying
 * things out and for tests; {@link io.jasyncio.cluster.ClusterMember} is the entry point of a
 * member JVM, also on real machines.
 *
 * <p><b>Failure semantics.</b> Calls are run at least once: a call whose member leaves the cluster
 * before its result came back is run again on another member, so tasks must be idempotent. Each
 * future completes exactly once. When no member is left, every pending call fails with {@link
 * io.jasyncio.cluster.BrokenCluster} within {@link io.jasyncio.cluster.ClusterExecutor#NO_MEMBER_TIMEOUT}.
 *
 * <p><b>Threads.</b> Every public method of {@code ClusterExecutor} and {@code LocalCluster} may be
 * called from any thread. Futures are completed on the executor's own result thread: dependent
 * actions attached with the non-async {@code CompletableFuture} methods run there, and must be
 * short. No method blocks an event loop's thread except the documented blocking ones ({@code
 * close}, {@code awaitTermination}, the map iterator's {@code next}).
 *
 * <p>See docs/cluster.md for a real cluster's set-up, network security and a scaling model.
 */
package io.jasyncio.cluster;
