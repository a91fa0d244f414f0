/**
 * Layer 5, report.html: page, feature sections, SVG plots. Depends on the run's result types
 * ({@code run}, {@code compare}, {@code profile}), never on the job; no Spark.
 */
package io.sparkdrift.report;
