package io.sparkdrift.exact.core;

import io.sparkdrift.math.RadixSort;
import io.sparkdrift.math.SortedRuns;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Values of one feature and side on their way to an x-task of the exact computation: either sorted
 * run-length entries (counts null when every value occurs once) — what the x-tasks the plan marks
 * heavy get, so a value held by most rows travels as one entry per scan task — or raw, unsorted values,
 * sorted once by the receiving task. Values travel packed in bytes: Java serialization writes a
 * byte array in one piece but a double array value by value.
 */
public final class ExactBlock implements Serializable {
    final int feature;
    final int side;
    final boolean sorted;
    private final byte[] packed;
    private final long[] counts;

    private ExactBlock(int feature, int side, boolean sorted, double[] values, int size, long[] counts) {
        this.feature = feature;
        this.side = side;
        this.sorted = sorted;
        this.packed = pack(values, 0, size);
        this.counts = counts;
    }

    static ExactBlock sorted(int feature, int side, SortedRuns runs) {
        return new ExactBlock(feature, side, true, runs.values(), runs.size(), runs.allSingle() ? null : runs.countsOrNull());
    }

    static ExactBlock raw(int feature, int side, double[] values, int size) {
        return new ExactBlock(feature, side, false, values, size, null);
    }

    /** The values (of the runs when sorted, else every value). */
    double[] values() {
        return unpack(packed);
    }

    /** Number of values (of runs when sorted). */
    int size() {
        return packed.length / Double.BYTES;
    }

    /** Writes the values' {@link RadixSort#key}s into {@code keys} from {@code offset}; returns the offset after them. */
    int keysInto(long[] keys, int offset) {
        int n = size();
        for (int i = 0; i < n; i++) {
            keys[offset + i] = RadixSort.key(valueAt(packed, i));
        }
        return offset + n;
    }

    /** values[from .. to) as bytes, for serialization in one piece. */
    static byte[] pack(double[] values, int from, int to) {
        ByteBuffer b = ByteBuffer.allocate((to - from) * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asDoubleBuffer().put(values, from, to - from);
        return b.array();
    }

    static double[] unpack(byte[] packed) {
        double[] out = new double[packed.length / Double.BYTES];
        ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(out);
        return out;
    }

    private static final java.lang.invoke.VarHandle DOUBLES =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

    /** Value i of packed bytes, without unpacking them all. */
    static double valueAt(byte[] packed, int i) {
        return (double) DOUBLES.get(packed, i * Double.BYTES);
    }

    /** The runs of a sorted block. */
    SortedRuns runs() {
        return new SortedRuns(values(), counts);
    }
}
