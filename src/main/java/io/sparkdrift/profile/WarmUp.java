package io.sparkdrift.profile;

/**
 * When a task's state outgrows the caches, reading each feature's state in order before adding a
 * chunk of its values pays. A thousand features hold about 110 KB each of bins and bin finder
 * ({@link NumericAccumulator}), so between two chunks of one feature every other feature's state
 * passes through the cache and evicts it. Then each line a chunk's values touch arrives on a miss of
 * its own, in the values' random order; read first, in order ({@link NumericAccumulator#warmUp}), the
 * same lines stream in at the memory's bandwidth. Where the state stays cached, that read is pure cost.
 *
 * <p>Measured with one thread on the 2-core machine of the README, the benchmark's column shapes
 * ({@code FoldCost}): 11.9 → 10.0 ns per value at 1000 features, 12.8 → 10.4 at 300, and no gain at
 * 100 (11 MB of state). In {@code jobs/benchmark.sh}'s wide nightly runs the gain is within the
 * machine's spread (README, Performance). The same read of the value grids' tables took
 * {@code GridCost} from 12.8 to 10.8 ns per value at 1000 features but showed nothing in wide drift
 * runs, so the reference pass does not do it.
 */
public final class WarmUp {
    /** Task state above which reading it in order first pays (between the 11 MB that did not and the 34 MB that did). */
    static final long ABOVE_BYTES = 16L << 20;

    private WarmUp() {
    }

    /**
     * Whether to read each feature's state before its chunk, in a task whose state is {@code taskBytes};
     * never with the JVM property {@code sparkdrift.cold=true} (to measure both side by side).
     */
    public static boolean pays(long taskBytes) {
        return taskBytes > ABOVE_BYTES && !Boolean.getBoolean("sparkdrift.cold");
    }
}
