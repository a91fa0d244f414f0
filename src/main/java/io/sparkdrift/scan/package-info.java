/**
 * Layer 5, reading inputs on the cluster: input resolution, feature planning, the vectorized and row
 * scans that fold every feature in one pass, and the ordered reduce of task states. May import
 * {@code run}, {@code profile} and {@code math}.
 */
package io.sparkdrift.scan;
