/**
 * Layer 5, exact mode's Spark-free core: the plan (x-tasks and u-slices from two profiles), block
 * routing, the W1/KS sweeps and the W2 pairing, returning typed records
 * ({@link io.sparkdrift.exact.core.Routed}, {@link io.sparkdrift.exact.core.PartialSum},
 * {@link io.sparkdrift.exact.core.Exact}). May import {@code profile} and {@code math}; never Spark or
 * Scala, so it is tested in milliseconds against the pure oracles.
 */
package io.sparkdrift.exact.core;
