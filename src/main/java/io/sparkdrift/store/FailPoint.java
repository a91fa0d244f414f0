package io.sparkdrift.store;

import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.sql.Row;

/**
 * A named point where a test can make a Spark job fail inside its tasks: when the JVM system
 * property {@code sparkdrift.failpoint} equals the name, every row throws ({@link #heap}: the driver's
 * heap runs out instead). Used to prove that a
 * run failing while it writes leaves earlier outputs intact; when {@code sparkdrift.haltpoint} equals
 * it, the JVM halts there as a SIGKILL would. Passes every row otherwise.
 */
final class FailPoint implements FilterFunction<Row> {
    static final String PROPERTY = "sparkdrift.failpoint";
    /** Halts the JVM instead of failing (the kill tests; same property as the output publisher's halt points). */
    static final String HALT_PROPERTY = "sparkdrift.haltpoint";
    private final String name;

    FailPoint(String name) {
        this.name = name;
    }

    /**
     * A named point on the driver where a test can make the heap run out: when {@code sparkdrift.failpoint}
     * equals the name, throws the OutOfMemoryError a driver too small for what it reads throws there (the
     * exit code and the one line a run prints then are tested through it). Does nothing otherwise.
     */
    static void heap(String name) {
        if (name.equals(System.getProperty(PROPERTY))) {
            throw new OutOfMemoryError("Java heap space (fail point " + name + ")");
        }
    }

    @Override
    public boolean call(Row row) {
        if (name.equals(System.getProperty(PROPERTY))) {
            throw new IllegalStateException("fail point " + name + " reached");
        }
        if (name.equals(System.getProperty(HALT_PROPERTY))) {
            Runtime.getRuntime().halt(137); // as a SIGKILL of the JVM would, mid-write
        }
        return true;
    }
}
