package io.sparkdrift.scan;

import com.esotericsoftware.kryo.DefaultSerializer;
import com.esotericsoftware.kryo.serializers.JavaSerializer;
import java.io.Serializable;

/**
 * A value on its way through Spark's data serializer — a broadcast, a task's result, a shuffled
 * record — always in Java serialization. Spark writes those with {@code spark.serializer}, which
 * clusters often set to Kryo for speed; Spark's Kryo (4.x) cannot write Java records ("can't get
 * field offset on a record class") and this job's profiles, plans and partial sums hold records. So
 * every such value travels wrapped: under the default Java serializer the wrapper is one more object
 * header and nothing else (its field is written in place); under Kryo the annotation hands the
 * wrapper, and so the whole value, to Java serialization inside Kryo's stream. Closures need no
 * wrapper: Spark always writes them with Java serialization.
 *
 * @param <T> the value's type
 */
@DefaultSerializer(JavaSerializer.class)
public final class Shipped<T extends Serializable> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final T value;

    private Shipped(T value) {
        this.value = value;
    }

    public static <T extends Serializable> Shipped<T> of(T value) {
        return new Shipped<>(value);
    }

    public T get() {
        return value;
    }
}
