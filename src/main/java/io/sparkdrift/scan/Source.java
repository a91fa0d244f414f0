package io.sparkdrift.scan;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Where one input of a run comes from: files on a path, a table of the session's catalog (Hive
 * metastore, Delta, Iceberg: whatever the cluster configures), or a DataFrame handed over by code.
 * {@link InputReader#read} opens each the same way afterwards (filter, partition columns, errors).
 */
public sealed interface Source {
    /** What the run's outputs show as the input's location: the path, the table name or the code's label. */
    String location();

    /** What the outputs show as its format: the file format, {@code table} or {@code dataframe}. */
    String format();

    /**
     * Files or directories (Hive-style partitions allowed) in a file format.
     *
     * @param asOf for {@code delta}: a version number or a timestamp to read the table as of; else null
     */
    record Files(String path, String format, String asOf) implements Source {
        @Override
        public String location() {
            return path;
        }
    }

    /**
     * A table of the session catalog, by its (possibly multi-part) name.
     *
     * @param asOf a version number or a timestamp to read the table as of (Delta, Iceberg), or null
     */
    record Table(String name, String asOf) implements Source {
        @Override
        public String location() {
            return asOf == null ? name : name + " as of " + asOf;
        }

        @Override
        public String format() {
            return "table";
        }
    }

    /** A DataFrame given by code; {@code label} names it in the outputs. */
    record Frame(Dataset<Row> frame, String label) implements Source {
        @Override
        public String location() {
            return label;
        }

        @Override
        public String format() {
            return "dataframe";
        }
    }

    /** Files at {@code path} in {@code format}, read as they are now. */
    static Files files(String path, String format) {
        return new Files(path, format, null);
    }

    /** True when this input's types are inferred from text (CSV), so the reader may reconcile them. */
    default boolean inferredTypes() {
        return this instanceof Files f && f.format().equals("csv");
    }
}
