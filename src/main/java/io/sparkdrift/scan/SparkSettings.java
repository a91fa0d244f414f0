package io.sparkdrift.scan;

import io.sparkdrift.run.InputException;
import org.apache.spark.SparkConf;

/**
 * Spark settings the job cannot run under, refused before any work with a one-line error that names
 * the setting and the fix (instead of a failure deep in the first scan that blames the input).
 * Today one: {@code spark.kryo.registrationRequired=true} under the Kryo serializer, where Spark's own
 * Parquet reading stops at its first unregistered class ({@code BooleanType$}) and the job's
 * {@link Shipped} values, which Kryo hands to Java serialization, would stop next.
 */
public final class SparkSettings {
    static final String SERIALIZER = "spark.serializer";
    static final String REGISTRATION_REQUIRED = "spark.kryo.registrationRequired";

    private SparkSettings() {
    }

    /**
     * @throws InputException when {@code conf} holds a setting the job cannot run under
     */
    public static void check(SparkConf conf) {
        boolean kryo = conf.get(SERIALIZER, "").trim().endsWith(".KryoSerializer");
        if (kryo && "true".equalsIgnoreCase(conf.get(REGISTRATION_REQUIRED, "false").trim())) {
            throw new InputException(REGISTRATION_REQUIRED + "=true is not supported: Spark's own Parquet reading"
                    + " sends classes nobody registers; run the job with --conf " + REGISTRATION_REQUIRED + "=false"
                    + " (Kryo itself is fine)");
        }
    }
}
