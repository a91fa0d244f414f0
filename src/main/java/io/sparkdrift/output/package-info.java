/**
 * Layer 5, what a run writes for people and schedulers: summary.json, the console table, query
 * output, staged publishing into {@code --out}. Depends on the run's result types ({@code run},
 * {@code compare}, {@code profile}), never on the job; no Spark.
 */
package io.sparkdrift.output;
