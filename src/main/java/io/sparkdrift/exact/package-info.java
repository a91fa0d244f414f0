/**
 * Layer 5, the Spark shell of exact mode: refines too-big bins, routes every finite value to its
 * x-task and runs the two shuffles; the work itself is {@link io.sparkdrift.exact.core}. May import
 * {@code exact.core}, {@code scan} (the column scans it routes from), {@code run}, {@code profile} and
 * {@code math}.
 */
package io.sparkdrift.exact;
