package io.sparkdrift.testing;

/**
 * JVM options for the job JVMs the integration tests launch (drift-report.sh runs, spark-submit
 * drivers, the standalone cluster's daemons). Those JVMs run the sample for a few seconds, which is
 * mostly class loading and Spark's first query plans: with the JIT stopped at its first tier such a
 * run takes about a fifth less time and half the CPU (measured on the sample with
 * {@code DRIFT_JAVA_OPTS}, 2 cores), which matters when two tests' JVMs share the machine. The
 * results are the same bits: Java arithmetic does not depend on which compiler runs it. Executors
 * that scan the larger generated table keep the default JIT.
 */
public final class ShortJobJvm {
    /** The options, space-separated. */
    public static final String OPTIONS = "-XX:TieredStopAtLevel=1";

    private ShortJobJvm() {
    }
}
