/**
 * Layer 8, the code API: {@link io.sparkdrift.api.DriftCheck} compares DataFrames, catalog tables,
 * files or stored profiles and returns a {@link io.sparkdrift.api.DriftResult};
 * {@link io.sparkdrift.api.ReferenceProfile} builds, stores, loads and merges reference profiles.
 * The command line is a thin shell over these classes: the same settings (the config file's keys),
 * the same checks, the same results to the last bit.
 */
package io.sparkdrift.api;
