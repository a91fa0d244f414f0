package io.sparkdrift.store;

import java.io.IOException;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.collection.immutable.ArraySeq;

/**
 * Parquet records straight into Spark rows, the reading side of {@link ParquetRows}: Parquet's
 * converters hand each value to the slot it fills, with no record objects in between (the example
 * {@code Group} reader built one object per list element, and a wide profile has millions). Arrays of
 * doubles, longs and ints become Scala {@link ArraySeq}s over primitive arrays (a valid value of a
 * Spark row's array field, read back without boxing by {@link #doubles} and {@link #longs}); other
 * arrays and maps hold boxed values as Spark's own rows do. Only the columns of the wanted schema
 * are read; a column the file lacks is null, or taken from {@code extra} (partition values).
 *
 * <p>Types: those {@link ParquetRows} writes — int, long, double, boolean, string, date, binary, and
 * arrays and maps of those, in Parquet's standard three-level layout; lists are also read in the
 * two-level layout of a repeated primitive (older writers, and Spark with
 * {@code spark.sql.parquet.writeLegacyFormat} for arrays without null elements).
 */
final class ParquetRowReader {
    private ParquetRowReader() {
    }

    /**
     * Adds the rows of {@code file} to {@code out}, or returns the first of {@code required} the
     * file's schema lacks (reading nothing).
     */
    static String read(Configuration conf, Path file, StructType schema, List<String> required, Map<String, Object> extra,
            List<Row> out) throws IOException {
        RowSupport support = new RowSupport(schema, required, extra);
        try (ParquetReader<Row> reader = ParquetReader.builder(support, file).withConf(conf).build()) {
            for (Row r = reader.read(); r != null; r = reader.read()) {
                out.add(r);
            }
        } catch (RuntimeException e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof MissingColumn m) {
                    return m.getMessage();
                }
            }
            throw e;
        }
        return null;
    }

    /** The values of an array field as a primitive array (a copy only when the row holds boxed values). */
    static double[] doubles(Row r, int i) {
        Object v = r.get(i);
        if (v instanceof ArraySeq.ofDouble a) {
            return a.unsafeArray();
        }
        return r.<Double>getList(i).stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** As {@link #doubles}, for longs. */
    static long[] longs(Row r, int i) {
        Object v = r.get(i);
        if (v instanceof ArraySeq.ofLong a) {
            return a.unsafeArray();
        }
        return r.<Long>getList(i).stream().mapToLong(Long::longValue).toArray();
    }

    /** As {@link #doubles}, for ints. */
    static int[] ints(Row r, int i) {
        Object v = r.get(i);
        if (v instanceof ArraySeq.ofInt a) {
            return a.unsafeArray();
        }
        return r.<Integer>getList(i).stream().mapToInt(Integer::intValue).toArray();
    }

    /** Thrown from the read support's init when the file lacks a required column (its message names it). */
    private static final class MissingColumn extends RuntimeException {
        MissingColumn(String column) {
            super(column, null, false, false);
        }
    }

    private static final class RowSupport extends ReadSupport<Row> {
        private final StructType schema;
        private final List<String> required;
        private final Map<String, Object> extra;

        RowSupport(StructType schema, List<String> required, Map<String, Object> extra) {
            this.schema = schema;
            this.required = required;
            this.extra = extra;
        }

        @Override
        public ReadContext init(InitContext context) {
            MessageType file = context.getFileSchema();
            for (String col : required) {
                if (!file.containsField(col)) {
                    throw new MissingColumn(col);
                }
            }
            List<Type> wanted = new ArrayList<>();
            for (Type t : file.getFields()) {
                if (schema.getFieldIndex(t.getName()).isDefined()) {
                    wanted.add(t);
                }
            }
            return new ReadContext(new MessageType(file.getName(), wanted));
        }

        @Override
        public RecordMaterializer<Row> prepareForRead(Configuration conf, Map<String, String> metadata, MessageType fileSchema,
                ReadContext context) {
            RowConverter root = new RowConverter(context.getRequestedSchema(), schema, extra);
            return new RecordMaterializer<>() {
                @Override
                public Row getCurrentRecord() {
                    return root.row;
                }

                @Override
                public GroupConverter getRootConverter() {
                    return root;
                }
            };
        }
    }

    /** A record: one slot per field of the Spark schema. */
    private static final class RowConverter extends GroupConverter {
        private final StructType schema;
        private final Object[] defaults;
        private final Converter[] fields;
        private Object[] values;
        private Row row;

        RowConverter(GroupType file, StructType schema, Map<String, Object> extra) {
            this.schema = schema;
            defaults = new Object[schema.size()];
            for (int i = 0; i < defaults.length; i++) {
                defaults[i] = extra.get(schema.fields()[i].name());
            }
            fields = new Converter[file.getFieldCount()];
            for (int k = 0; k < fields.length; k++) {
                Type t = file.getType(k);
                int slot = schema.fieldIndex(t.getName());
                StructField f = schema.fields()[slot];
                fields[k] = converter(t, f.dataType(), v -> values[slot] = v);
            }
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return fields[fieldIndex];
        }

        @Override
        public void start() {
            values = defaults.clone();
        }

        @Override
        public void end() {
            row = new GenericRowWithSchema(values, schema);
        }
    }

    /** The repeated group of a list or a map: its fields' converters, and what to do as each element starts and ends. */
    private static final class Element extends GroupConverter {
        private final Runnable start;
        private final Runnable end;
        private final Converter[] fields;

        Element(Runnable start, Runnable end, Converter... fields) {
            this.start = start;
            this.end = end;
            this.fields = fields;
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return fields[fieldIndex];
        }

        @Override
        public void start() {
            start.run();
        }

        @Override
        public void end() {
            end.run();
        }
    }

    /** The converter of a value of Spark type {@code type} stored as {@code t}, handing it to {@code sink}. */
    private static Converter converter(Type t, DataType type, Consumer<Object> sink) {
        if (type instanceof ArrayType a) {
            Type repeated = t.asGroupType().getType(0);
            boolean twoLevel = repeated.isPrimitive(); // the repeated field is the element itself
            DataType e = a.elementType();
            return e.equals(DataTypes.DoubleType) || e.equals(DataTypes.LongType) || e.equals(DataTypes.IntegerType)
                    ? new PrimitiveListConverter(e, twoLevel, sink)
                    : new ListConverter(twoLevel ? repeated : repeated.asGroupType().getType(0), e, twoLevel, sink);
        }
        if (type instanceof MapType m) {
            return new MapConverter(t.asGroupType().getType(0).asGroupType(), m, sink);
        }
        return new ValueConverter(type, sink);
    }

    /** A primitive value as Spark's row holds it. */
    private static final class ValueConverter extends PrimitiveConverter {
        private final boolean date;
        private final boolean string;
        private final Consumer<Object> sink;

        ValueConverter(DataType type, Consumer<Object> sink) {
            this.date = type.equals(DataTypes.DateType);
            this.string = type.equals(DataTypes.StringType);
            this.sink = sink;
        }

        @Override
        public void addInt(int v) {
            sink.accept(date ? Date.valueOf(java.time.LocalDate.ofEpochDay(v)) : (Object) v);
        }

        @Override
        public void addLong(long v) {
            sink.accept(v);
        }

        @Override
        public void addDouble(double v) {
            sink.accept(v);
        }

        @Override
        public void addBoolean(boolean v) {
            sink.accept(v);
        }

        @Override
        public void addBinary(Binary v) {
            sink.accept(string ? v.toStringUsingUTF8() : v.getBytes());
        }
    }

    /**
     * A list of doubles, longs or ints into a primitive array; a list holding a null element (which
     * {@link ParquetRows} never writes for these) falls back to a boxed list with the null kept.
     */
    private static final class PrimitiveListConverter extends GroupConverter {
        private final DataType element;
        private final Consumer<Object> sink;
        private final Converter repeated;
        private double[] d = new double[16];
        private long[] l = new long[16];
        private int size;
        private boolean added;
        private List<Integer> nullAt;

        /** @param twoLevel each value of the repeated field is an element (no group around it) */
        PrimitiveListConverter(DataType element, boolean twoLevel, Consumer<Object> sink) {
            this.element = element;
            this.sink = sink;
            PrimitiveConverter value = new PrimitiveConverter() {
                @Override
                public void addDouble(double v) {
                    putDouble(v);
                    valueAdded(twoLevel);
                }

                @Override
                public void addLong(long v) {
                    putLong(v);
                    valueAdded(twoLevel);
                }

                @Override
                public void addInt(int v) {
                    putLong(v);
                    valueAdded(twoLevel);
                }
            };
            repeated = twoLevel ? value : new Element(() -> added = false, this::elementEnded, value);
        }

        /** A value arrived; in the two-level layout it is a whole element. */
        private void valueAdded(boolean twoLevel) {
            added = true;
            if (twoLevel) {
                elementEnded();
            }
        }

        private void elementEnded() {
            if (!added) { // a null element: a placeholder now, the null when the list ends
                (nullAt == null ? nullAt = new ArrayList<>() : nullAt).add(size);
                putDouble(0);
                putLong(0);
            }
            size++;
            added = false;
        }

        private void putDouble(double v) {
            if (size == d.length) {
                d = Arrays.copyOf(d, size * 2);
            }
            d[size] = v;
        }

        private void putLong(long v) {
            if (size == l.length) {
                l = Arrays.copyOf(l, size * 2);
            }
            l[size] = v;
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return repeated;
        }

        @Override
        public void start() {
            size = 0;
            nullAt = null;
        }

        @Override
        public void end() {
            Object seq;
            if (element.equals(DataTypes.DoubleType)) {
                seq = new ArraySeq.ofDouble(Arrays.copyOf(d, size));
            } else if (element.equals(DataTypes.LongType)) {
                seq = new ArraySeq.ofLong(Arrays.copyOf(l, size));
            } else {
                int[] ints = new int[size];
                for (int i = 0; i < size; i++) {
                    ints[i] = (int) l[i];
                }
                seq = new ArraySeq.ofInt(ints);
            }
            if (nullAt != null) {
                List<Object> boxed = new ArrayList<>(scala.jdk.javaapi.CollectionConverters.asJava((scala.collection.Seq<?>) seq));
                nullAt.forEach(i -> boxed.set(i, null));
                seq = scala.jdk.javaapi.CollectionConverters.asScala(boxed).toSeq();
            }
            sink.accept(seq);
        }
    }

    /** Any other list, element by element (a missing element is a null one). */
    private static final class ListConverter extends GroupConverter {
        private final Converter repeated;
        private final Consumer<Object> sink;
        private List<Object> items;
        private Object item;

        /** @param twoLevel each value of the repeated field is an element (no group around it) */
        ListConverter(Type elementType, DataType element, boolean twoLevel, Consumer<Object> sink) {
            this.sink = sink;
            Converter value = converter(elementType, element, twoLevel ? v -> items.add(v) : v -> item = v);
            repeated = twoLevel ? value : new Element(() -> item = null, () -> items.add(item), value);
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return repeated;
        }

        @Override
        public void start() {
            items = new ArrayList<>();
        }

        @Override
        public void end() {
            sink.accept(scala.jdk.javaapi.CollectionConverters.asScala(items).toSeq());
        }
    }

    /** A map, entry by entry, in the file's order. */
    private static final class MapConverter extends GroupConverter {
        private final GroupConverter entry;
        private final Consumer<Object> sink;
        private Map<Object, Object> entries;
        private Object key;
        private Object value;

        MapConverter(GroupType keyValue, MapType type, Consumer<Object> sink) {
            this.sink = sink;
            Converter k = converter(keyValue.getType(0), type.keyType(), v -> key = v);
            Converter v = converter(keyValue.getType(1), type.valueType(), x -> value = x);
            entry = new Element(() -> {
                key = null;
                value = null;
            }, () -> entries.put(key, value), k, v);
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return entry;
        }

        @Override
        public void start() {
            entries = new LinkedHashMap<>();
        }

        @Override
        public void end() {
            sink.accept(scala.jdk.javaapi.CollectionConverters.asScala(entries));
        }
    }
}
