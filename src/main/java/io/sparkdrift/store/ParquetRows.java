package io.sparkdrift.store;

import java.io.IOException;
import java.sql.Date;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.collection.immutable.ArraySeq;

/**
 * Spark rows as Parquet records, on the driver, with the Parquet library alone, for the job's own
 * small tables (results and profiles: rows per feature, never per data row); {@link ParquetRowReader}
 * reads them back. Written in the layout Spark writes — standard three-level lists and maps, dates
 * as INT32 DATE, Spark's schema in the footer, partitioned as {@code column=value/part-….snappy.parquet}
 * — so Spark, Hive and other engines read them as if Spark had written them. Doing it without a
 * Spark job saves the job, the query planning and the commit protocol, most of what small outputs
 * cost; atomicity comes from the output staging ({@link io.sparkdrift.output.OutputPublisher}).
 *
 * <p>Types: int, long, double, boolean, string, date, and arrays and maps of those.
 */
final class ParquetRows {
    /** Row groups of 32 MB: the writer buffers one, and the driver may be small (wide profiles are megabytes per row). */
    static final long ROW_GROUP_BYTES = 32L << 20;

    private ParquetRows() {
    }

    /**
     * Writes {@code rows} under {@code dir}, one file per value of the (date or string) column
     * {@code partitionBy}, which is left out of the files as Spark leaves partition columns out.
     */
    static void write(Configuration conf, List<Row> rows, StructType schema, String partitionBy, String dir)
            throws IOException {
        int part = schema.fieldIndex(partitionBy);
        StructType fileSchema = new StructType();
        for (StructField f : schema.fields()) {
            if (!f.name().equals(partitionBy)) {
                fileSchema = fileSchema.add(f);
            }
        }
        MessageType type = messageType(fileSchema);
        Path root = new Path(dir);
        // on a local disk through java.nio: Hadoop's local file system sets each new file's and
        // directory's permissions by starting a chmod process (without its native library), a few
        // milliseconds each, most of what writing a small table costs
        org.apache.hadoop.fs.FileSystem fs = root.getFileSystem(conf);
        boolean local = fs instanceof org.apache.hadoop.fs.LocalFileSystem || fs instanceof org.apache.hadoop.fs.RawLocalFileSystem;
        if (local) {
            java.nio.file.Files.createDirectories(localPath(fs, root)); // the table exists even without rows
        } else {
            fs.mkdirs(root);
        }
        Map<String, List<Row>> byValue = new LinkedHashMap<>();
        for (Row r : rows) {
            byValue.computeIfAbsent(String.valueOf(r.get(part)), k -> new ArrayList<>()).add(r);
        }
        Map<String, String> footer = Map.of("org.apache.spark.sql.parquet.row.metadata", fileSchema.json());
        for (Map.Entry<String, List<Row>> e : byValue.entrySet()) {
            Path file = new Path(new Path(root, partitionBy + "=" + e.getKey()),
                    "part-00000-" + UUID.randomUUID() + ".snappy.parquet");
            RowWriteSupport support = new RowWriteSupport(type, schema, fileSchema, footer);
            if (local) {
                java.nio.file.Files.createDirectories(localPath(fs, file.getParent()));
            }
            OutputFile target = local ? new LocalOutputFile(localPath(fs, file)) : HadoopOutputFile.fromPath(file, conf);
            // numbers (a profile's per-bin counts, sums, edges) are nearly all distinct: a dictionary would
            // be built, then dropped; strings (run ids, features, statuses) repeat and keep theirs. Off by
            // default and on by column, so no number column gets one whatever its path
            RowWriterBuilder builder = new RowWriterBuilder(target, support).withConf(conf)
                    .withCompressionCodec(CompressionCodecName.SNAPPY).withRowGroupSize(ROW_GROUP_BYTES)
                    .withDictionaryEncoding(false);
            for (ColumnDescriptor c : type.getColumns()) {
                if (c.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.BINARY) {
                    builder = builder.withDictionaryEncoding(String.join(".", c.getPath()), true);
                }
            }
            try (ParquetWriter<Row> w = builder.build()) {
                for (Row r : e.getValue()) {
                    w.write(r);
                }
            }
        }
    }

    /** A path of the local file system as java.nio sees it. */
    private static java.nio.file.Path localPath(org.apache.hadoop.fs.FileSystem fs, Path p) {
        return java.nio.file.Path.of(fs.makeQualified(p).toUri());
    }

    /** A writer of rows through {@link RowWriteSupport}. */
    private static final class RowWriterBuilder extends ParquetWriter.Builder<Row, RowWriterBuilder> {
        private final RowWriteSupport support;

        RowWriterBuilder(OutputFile file, RowWriteSupport support) {
            super(file);
            this.support = support;
        }

        @Override
        protected RowWriterBuilder self() {
            return this;
        }

        @Override
        protected WriteSupport<Row> getWriteSupport(Configuration conf) {
            return support;
        }
    }

    /**
     * Rows straight to Parquet's record consumer, value by value (no intermediate record objects: a
     * profile row holds thousands of array elements), in the layout of {@link #messageType}.
     */
    private static final class RowWriteSupport extends WriteSupport<Row> {
        private final MessageType type;
        private final StructType schema;
        private final StructType fileSchema;
        private final int[] index;
        private final Map<String, String> footer;
        private RecordConsumer out;

        RowWriteSupport(MessageType type, StructType schema, StructType fileSchema, Map<String, String> footer) {
            this.type = type;
            this.schema = schema;
            this.fileSchema = fileSchema;
            this.footer = footer;
            index = new int[fileSchema.size()];
            for (int i = 0; i < index.length; i++) {
                index[i] = schema.fieldIndex(fileSchema.fields()[i].name());
            }
        }

        @Override
        public WriteContext init(Configuration conf) {
            return new WriteContext(type, footer);
        }

        @Override
        public void prepareForWrite(RecordConsumer consumer) {
            out = consumer;
        }

        @Override
        public void write(Row r) {
            out.startMessage();
            StructField[] fields = fileSchema.fields();
            for (int i = 0; i < fields.length; i++) {
                Object v = r.get(index[i]);
                if (v != null) {
                    out.startField(fields[i].name(), i);
                    value(v, fields[i].dataType());
                    out.endField(fields[i].name(), i);
                }
            }
            out.endMessage();
        }

        /** One value of {@code t}, in the field the caller opened. */
        private void value(Object v, DataType t) {
            if (t instanceof ArrayType && primitiveArray(v)) {
                primitives(v);
            } else if (t instanceof ArrayType a) {
                out.startGroup();
                List<?> items = asList(v);
                if (!items.isEmpty()) {
                    out.startField("list", 0);
                    for (Object item : items) {
                        out.startGroup();
                        if (item != null) {
                            out.startField("element", 0);
                            value(item, a.elementType());
                            out.endField("element", 0);
                        }
                        out.endGroup();
                    }
                    out.endField("list", 0);
                }
                out.endGroup();
            } else if (t instanceof MapType m) {
                out.startGroup();
                Map<?, ?> entries = asMap(v);
                if (!entries.isEmpty()) {
                    out.startField("key_value", 0);
                    for (Map.Entry<?, ?> e : entries.entrySet()) {
                        out.startGroup();
                        out.startField("key", 0);
                        value(e.getKey(), m.keyType());
                        out.endField("key", 0);
                        if (e.getValue() != null) {
                            out.startField("value", 1);
                            value(e.getValue(), m.valueType());
                            out.endField("value", 1);
                        }
                        out.endGroup();
                    }
                    out.endField("key_value", 0);
                }
                out.endGroup();
            } else if (t.equals(DataTypes.IntegerType)) {
                out.addInteger((Integer) v);
            } else if (t.equals(DataTypes.LongType)) {
                out.addLong((Long) v);
            } else if (t.equals(DataTypes.DoubleType)) {
                out.addDouble((Double) v);
            } else if (t.equals(DataTypes.BooleanType)) {
                out.addBoolean((Boolean) v);
            } else if (t.equals(DataTypes.StringType)) {
                out.addBinary(org.apache.parquet.io.api.Binary.fromString((String) v));
            } else if (t.equals(DataTypes.DateType)) {
                out.addInteger((int) ((Date) v).toLocalDate().toEpochDay());
            } else if (t.equals(DataTypes.BinaryType)) {
                out.addBinary(org.apache.parquet.io.api.Binary.fromConstantByteArray((byte[]) v));
            } else {
                throw new IllegalArgumentException("no Parquet writing for " + t);
            }
        }

        private static boolean primitiveArray(Object v) {
            return v instanceof ArraySeq.ofDouble || v instanceof ArraySeq.ofLong || v instanceof ArraySeq.ofInt;
        }

        /** The profile's arrays (doubles, longs, ints over primitive arrays), element by element without boxing. */
        private void primitives(Object v) {
            int n = ((ArraySeq<?>) v).length();
            out.startGroup();
            if (n > 0) {
                out.startField("list", 0);
                for (int k = 0; k < n; k++) {
                    out.startGroup();
                    out.startField("element", 0);
                    if (v instanceof ArraySeq.ofDouble d) {
                        out.addDouble(d.unsafeArray()[k]);
                    } else if (v instanceof ArraySeq.ofLong l) {
                        out.addLong(l.unsafeArray()[k]);
                    } else {
                        out.addInteger(((ArraySeq.ofInt) v).unsafeArray()[k]);
                    }
                    out.endField("element", 0);
                    out.endGroup();
                }
                out.endField("list", 0);
            }
            out.endGroup();
        }
    }

    /** The Parquet schema Spark writes for {@code schema}. */
    static MessageType messageType(StructType schema) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (StructField f : schema.fields()) {
            b.addField(type(f.name(), f.dataType(), f.nullable()));
        }
        return b.named("spark_schema");
    }

    private static Type type(String name, DataType t, boolean nullable) {
        Type.Repetition rep = nullable ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
        if (t instanceof ArrayType a) {
            return Types.buildGroup(rep).as(LogicalTypeAnnotation.listType())
                    .addField(Types.repeatedGroup().addField(type("element", a.elementType(), a.containsNull())).named("list"))
                    .named(name);
        }
        if (t instanceof MapType m) {
            return Types.buildGroup(rep).as(LogicalTypeAnnotation.mapType())
                    .addField(Types.repeatedGroup().addField(type("key", m.keyType(), false))
                            .addField(type("value", m.valueType(), m.valueContainsNull())).named("key_value"))
                    .named(name);
        }
        if (t.equals(DataTypes.IntegerType)) {
            return Types.primitive(PrimitiveTypeName.INT32, rep).named(name);
        } else if (t.equals(DataTypes.LongType)) {
            return Types.primitive(PrimitiveTypeName.INT64, rep).named(name);
        } else if (t.equals(DataTypes.DoubleType)) {
            return Types.primitive(PrimitiveTypeName.DOUBLE, rep).named(name);
        } else if (t.equals(DataTypes.BooleanType)) {
            return Types.primitive(PrimitiveTypeName.BOOLEAN, rep).named(name);
        } else if (t.equals(DataTypes.StringType)) {
            return Types.primitive(PrimitiveTypeName.BINARY, rep).as(LogicalTypeAnnotation.stringType()).named(name);
        } else if (t.equals(DataTypes.DateType)) {
            return Types.primitive(PrimitiveTypeName.INT32, rep).as(LogicalTypeAnnotation.dateType()).named(name);
        } else if (t.equals(DataTypes.BinaryType)) {
            return Types.primitive(PrimitiveTypeName.BINARY, rep).named(name);
        }
        throw new IllegalArgumentException("no Parquet writing for " + t);
    }

    private static List<?> asList(Object v) {
        if (v instanceof scala.collection.Seq<?> s) {
            return scala.jdk.javaapi.CollectionConverters.asJava(s);
        }
        return (List<?>) v;
    }

    private static Map<?, ?> asMap(Object v) {
        if (v instanceof scala.collection.Map<?, ?> m) {
            return scala.jdk.javaapi.CollectionConverters.asJava(m);
        }
        return (Map<?, ?>) v;
    }
}
