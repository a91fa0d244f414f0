/**
 * Layer 4, the run's shared result types: {@link io.sparkdrift.run.RunSummary}, the narrow
 * {@link io.sparkdrift.run.RunSettings} that outputs show, the schema version, the input-error type
 * and exit codes. May import {@code compare}, {@code profile} and {@code math}; no Spark. Everything
 * that writes a run's results (store, output, report) depends on these, never on the job.
 */
package io.sparkdrift.run;
