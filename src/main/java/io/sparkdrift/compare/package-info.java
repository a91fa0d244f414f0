/**
 * Layer 3, the comparison of two profiles: metrics per feature with units, the drift policy and its
 * thresholds, the per-feature result. May import {@code math} and {@code profile}; no Spark.
 */
package io.sparkdrift.compare;
