/**
 * Layer 2, mergeable profiles: mutable accumulators for the hot loop, immutable snapshots downstream,
 * binnings (edges fitted once and persisted) and the fitting sample. May import {@code math} only; no Spark.
 */
package io.sparkdrift.profile;
