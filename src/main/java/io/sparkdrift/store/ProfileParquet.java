package io.sparkdrift.store;

import java.io.IOException;
import java.sql.Date;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Row;

/**
 * Reads a stored profile table (the {@link ProfileRows} schema, partitioned by {@code run_date},
 * lists and maps in Parquet's standard layout) on the driver, with the Parquet library alone
 * ({@link ParquetRowReader}, which fills the rows without record objects). A profile has one row
 * per feature, so this is small; reading it through a Spark query would cost a job plus query
 * planning and code generation for its nested schema, which is most of a nightly run's fixed cost.
 * Hidden files and directories ({@code _}, {@code .}) are skipped as Spark skips them.
 */
final class ProfileParquet {
    /** Columns a file must have to be taken for a profile table. */
    static final List<String> REQUIRED = List.of("run_id", "role", "feature", "type", "bin_count", "category_count");

    /** The rows, or the name of the first required column a file lacks. */
    record Read(List<Row> rows, String missingColumn) {
    }

    private ProfileParquet() {
    }

    /**
     * @param path a profile table directory, a file, or a glob
     * @param schema the columns to read: {@link ProfileRows#SCHEMA}, or {@link ProfileRows#COMPARED}
     *     to leave the fit state unread
     * @return the rows in the schema's column order (absent optional columns null)
     */
    static Read read(Configuration conf, String path, org.apache.spark.sql.types.StructType schema) throws IOException {
        Path root = new Path(path);
        FileSystem fs = root.getFileSystem(conf);
        FileStatus[] matches = fs.globStatus(root);
        List<Row> rows = new ArrayList<>();
        if (matches == null) {
            return new Read(rows, null);
        }
        for (FileStatus m : matches) {
            if (matches.length > 1 && ProfileStore.hidden(m.getPath().getName())) {
                continue; // a glob's hidden matches (versions, staging), skipped as Spark skips them
            }
            List<Path> files = new ArrayList<>();
            if (m.isFile()) {
                files.add(m.getPath());
            } else {
                RemoteIterator<LocatedFileStatus> it = fs.listFiles(m.getPath(), true);
                while (it.hasNext()) {
                    Path f = it.next().getPath();
                    if (visible(m.getPath(), f)) {
                        files.add(f);
                    }
                }
            }
            files.sort(null);
            for (Path f : files) {
                String missing = readFile(conf, f, schema, partitionValues(f), rows);
                if (missing != null) {
                    return new Read(rows, missing);
                }
            }
        }
        return new Read(rows, null);
    }

    /** Whether no name from below {@code root} down to {@code file} is {@link ProfileStore#hidden}. */
    private static boolean visible(Path root, Path file) {
        for (Path p = file; p != null && !p.equals(root) && p.depth() > root.depth(); p = p.getParent()) {
            if (ProfileStore.hidden(p.getName())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Hive-style partition values (name=value directories) on the file's path, the innermost first;
     * also above the given path, so that a path pointing into one run_date=... directory keeps its date.
     */
    private static Map<String, String> partitionValues(Path file) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Path p = file.getParent(); p != null && !p.isRoot(); p = p.getParent()) {
            int eq = p.getName().indexOf('=');
            if (eq > 0) {
                out.putIfAbsent(p.getName().substring(0, eq), p.getName().substring(eq + 1));
            }
        }
        return out;
    }

    private static String readFile(Configuration conf, Path file, org.apache.spark.sql.types.StructType schema,
            Map<String, String> partition, List<Row> out) throws IOException {
        Map<String, Object> extra = new LinkedHashMap<>();
        if (partition.containsKey("run_date")) {
            extra.put("run_date", Date.valueOf(partition.get("run_date")));
        }
        return ParquetRowReader.read(conf, file, schema, REQUIRED, extra, out);
    }
}
