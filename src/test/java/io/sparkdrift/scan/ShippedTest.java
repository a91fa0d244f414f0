package io.sparkdrift.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import scala.reflect.ClassTag$;

/** What crosses Spark's serializer travels {@link Shipped}: records survive Kryo, and Java serialization pays nothing. */
class ShippedTest {
    record Part(String feature, double[] values, List<Long> counts) implements Serializable {
    }

    private static final Part PART = new Part("income", new double[] {1.5, -0.0, Double.NaN, Double.MAX_VALUE}, List.of(3L, 1L));

    @Test
    void aRecordThatSparksKryoCannotWriteTravelsShippedUnderKryo() {
        SerializerInstance kryo = new KryoSerializer(new SparkConf()).newInstance();
        assertThrows(Exception.class, () -> kryo.serialize(PART, ClassTag$.MODULE$.apply(Part.class)),
                "Spark's Kryo 4 fails on records: the reason for the wrapper");
        ByteBuffer bytes = kryo.serialize(Shipped.of(PART), ClassTag$.MODULE$.apply(Shipped.class));
        Shipped<Part> back = kryo.deserialize(bytes, ClassTag$.MODULE$.apply(Shipped.class));
        assertPartEquals(PART, back.get());
    }

    @Test
    void underJavaSerializationTheWrapperAddsOnlyItsOwnHeader() throws Exception {
        SerializerInstance java = new JavaSerializer(new SparkConf()).newInstance();
        Shipped<Part> back = java.deserialize(java.serialize(Shipped.of(PART), ClassTag$.MODULE$.apply(Shipped.class)),
                ClassTag$.MODULE$.apply(Shipped.class));
        assertPartEquals(PART, back.get());
        int bare = javaBytes(PART);
        int wrapped = javaBytes(Shipped.of(PART));
        assertTrue(wrapped - bare < 120, "the wrapper's class descriptor and header only: " + (wrapped - bare) + " bytes");
        Part big = new Part("x", new double[100_000], List.of());
        assertTrue(javaBytes(Shipped.of(big)) - javaBytes(big) < 120, "the same few bytes whatever the value's size");
    }

    private static int javaBytes(Object o) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(b)) {
            out.writeObject(o);
        }
        return b.size();
    }

    private static void assertPartEquals(Part expected, Part actual) {
        assertEquals(expected.feature(), actual.feature());
        assertEquals(expected.counts(), actual.counts());
        assertEquals(expected.values().length, actual.values().length);
        for (int i = 0; i < expected.values().length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected.values()[i]), Double.doubleToRawLongBits(actual.values()[i]));
        }
    }
}
