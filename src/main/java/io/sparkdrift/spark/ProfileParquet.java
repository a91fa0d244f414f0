package io.sparkdrift.spark;

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
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.GroupType;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;

/**
 * Reads a stored profile table (the {@link ProfileRows} schema, as Spark wrote it: partitioned by
 * {@code run_date}, lists and maps in Parquet's standard layout) on the driver, with the Parquet
 * library alone. A profile has one row per feature, so this is small; reading it through a Spark
 * query would cost a job plus query planning and code generation for its nested schema, which is
 * most of a nightly run's fixed cost. Hidden files and directories ({@code _}, {@code .}) are skipped
 * as Spark skips them.
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
     * @return the rows in the {@link ProfileRows#SCHEMA} column order (absent optional columns null)
     */
    static Read read(Configuration conf, String path) throws IOException {
        Path root = new Path(path);
        FileSystem fs = root.getFileSystem(conf);
        FileStatus[] matches = fs.globStatus(root);
        List<Row> rows = new ArrayList<>();
        if (matches == null) {
            return new Read(rows, null);
        }
        for (FileStatus m : matches) {
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
                String missing = readFile(conf, f, partitionValues(f), rows);
                if (missing != null) {
                    return new Read(rows, missing);
                }
            }
        }
        return new Read(rows, null);
    }

    /** Whether no name from below {@code root} down to {@code file} starts with "_" or ".". */
    private static boolean visible(Path root, Path file) {
        for (Path p = file; p != null && !p.equals(root) && p.depth() > root.depth(); p = p.getParent()) {
            if (p.getName().startsWith("_") || p.getName().startsWith(".")) {
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

    private static String readFile(Configuration conf, Path file, Map<String, String> partition, List<Row> out)
            throws IOException {
        try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), file).withConf(conf).build()) {
            for (Group g = reader.read(); g != null; g = reader.read()) {
                for (String col : REQUIRED) {
                    if (!g.getType().containsField(col)) {
                        return col;
                    }
                }
                out.add(toRow(g, partition));
            }
        }
        return null;
    }

    private static Row toRow(Group g, Map<String, String> partition) {
        List<StructField> fields = List.of(ProfileRows.SCHEMA.fields());
        Object[] v = new Object[fields.size()];
        for (int i = 0; i < v.length; i++) {
            StructField f = fields.get(i);
            if (g.getType().containsField(f.name())) {
                v[i] = g.getFieldRepetitionCount(f.name()) == 0 ? null : value(g, g.getType().getFieldIndex(f.name()), f.dataType());
            } else if (partition.containsKey(f.name()) && f.dataType().equals(DataTypes.DateType)) {
                v[i] = Date.valueOf(partition.get(f.name()));
            }
        }
        return new GenericRowWithSchema(v, ProfileRows.SCHEMA);
    }

    /** Field {@code i} of {@code g} (present) as Spark's Row holds a value of {@code type}. */
    private static Object value(Group g, int i, DataType type) {
        if (type.equals(DataTypes.IntegerType)) {
            return g.getInteger(i, 0);
        } else if (type.equals(DataTypes.LongType)) {
            return g.getLong(i, 0);
        } else if (type.equals(DataTypes.DoubleType)) {
            return g.getDouble(i, 0);
        } else if (type.equals(DataTypes.BooleanType)) {
            return g.getBoolean(i, 0);
        } else if (type.equals(DataTypes.StringType)) {
            return g.getString(i, 0);
        } else if (type.equals(DataTypes.DateType)) {
            return Date.valueOf(java.time.LocalDate.ofEpochDay(g.getInteger(i, 0)));
        } else if (type instanceof ArrayType a) {
            // LIST: a repeated group holding one element field
            Group list = g.getGroup(i, 0);
            int n = list.getFieldRepetitionCount(0);
            List<Object> items = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                Group element = list.getGroup(0, k);
                items.add(element.getFieldRepetitionCount(0) == 0 ? null : value(element, 0, a.elementType()));
            }
            return scala.jdk.javaapi.CollectionConverters.asScala(items).toSeq();
        } else if (type instanceof MapType m) {
            // MAP: a repeated key_value group of (key, value)
            Group map = g.getGroup(i, 0);
            Map<Object, Object> entries = new LinkedHashMap<>();
            GroupType kv = map.getType().getType(0).asGroupType();
            for (int k = 0; k < map.getFieldRepetitionCount(0); k++) {
                Group e = map.getGroup(0, k);
                Object value = e.getFieldRepetitionCount(1) == 0 ? null : value(e, kv.getFieldIndex(kv.getFieldName(1)), m.valueType());
                entries.put(value(e, 0, m.keyType()), value);
            }
            return scala.jdk.javaapi.CollectionConverters.asScala(entries);
        }
        throw new IllegalArgumentException("no Parquet reading for " + type);
    }
}
