/**
 * Layer 1, pure metric code: divergences, binned and exact distances with their proven bounds, KS p-values,
 * chi-square, sorting kernels. Takes arrays and records; imports nothing of the project, no Spark, no
 * Hadoop. Every public numeric method documents its empty and non-finite behaviour and its units.
 */
package io.sparkdrift.math;
