/**
 * Layer 6, one run of each mode: drift runs, profiling and merging, queries. Takes typed settings
 * records; may import every layer below.
 */
package io.sparkdrift.job;
