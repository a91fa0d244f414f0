package io.sparkdrift.profile;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Arrays;
import org.apache.datasketches.filters.bloomfilter.BloomFilter;
import org.apache.datasketches.filters.bloomfilter.BloomFilterBuilder;
import org.apache.datasketches.memory.Memory;

/**
 * Every distinct value a categorical reference column has, kept in a Bloom filter (DataSketches)
 * when there are more than the vocabulary keeps, so that a current value outside the vocabulary can
 * still be told new (never in the reference) from rare (in the reference, not kept).
 *
 * <p>A Bloom filter has no false negatives: a value it does not hold is certainly new. It may hold
 * a value the reference never had with probability {@link #falsePositiveRate()} (measured from the
 * filter's fill, about 1 % up to {@value #CAPACITY} distinct values), so a share of new values
 * counted with it is a lower bound, low by at most that rate.
 *
 * <p>Merge is the union of the bits (order-free; the empty filter is the identity); every filter
 * has the same size and seed. Cost: {@value #CAPACITY} distinct values at 1 % take about 1.2 MB; one
 * hash per value.
 */
public final class ReferenceValues implements Serializable {
    /** Distinct values the filter is sized for (1 % false positives there; more beyond). */
    public static final long CAPACITY = 1_000_000;
    private static final double TARGET_FPP = 0.01;
    private static final long SEED = 0x5DEECE66DL;

    private transient BloomFilter filter;
    /** The bits in a canonical form, for equality; dropped when the filter changes. */
    private transient long[] canonical;

    private ReferenceValues(BloomFilter filter) {
        this.filter = filter;
    }

    public static ReferenceValues empty() {
        return new ReferenceValues(BloomFilterBuilder.createByAccuracy(CAPACITY, TARGET_FPP, SEED));
    }

    /** The filter as {@link #toBytes()} wrote it. */
    public static ReferenceValues of(byte[] bytes) {
        return new ReferenceValues(BloomFilter.heapify(Memory.wrap(bytes)));
    }

    public void add(String value) {
        filter.update(value);
        canonical = null;
    }

    /** False: certainly not a reference value. True: a reference value, or a false positive. */
    public boolean mightContain(String value) {
        return filter.query(value);
    }

    public ReferenceValues union(ReferenceValues other) {
        filter.union(other.filter);
        canonical = null;
        return this;
    }

    /** The chance that a value the reference never had is held anyway: fill^hashes. */
    public double falsePositiveRate() {
        return Math.pow(filter.getFillPercentage(), filter.getNumHashes());
    }

    /**
     * The number of distinct values the filter holds, estimated from its fill (Swamidass and Baldi:
     * −(bits ÷ hashes)·ln(1 − fill)): within about 1 % up to {@link #CAPACITY} distinct values;
     * +∞ for a filter whose every bit is set. 0 for the empty filter.
     */
    public double distinctEstimate() {
        double bits = filter.getCapacity();
        double used = filter.getBitsUsed();
        return used >= bits ? Double.POSITIVE_INFINITY : -bits / filter.getNumHashes() * Math.log1p(-used / bits);
    }

    public byte[] toBytes() {
        return filter.toByteArray();
    }

    /**
     * The serialized form of an empty filter united with this one: the serialized header caches the
     * count of set bits, known after a union but not after updates, so equal bits can serialize
     * differently; a union's copy always carries the count.
     */
    private long[] canonical() {
        if (canonical == null) {
            BloomFilter copy = BloomFilterBuilder.createByAccuracy(CAPACITY, TARGET_FPP, SEED);
            copy.union(filter);
            canonical = copy.toLongArray();
        }
        return canonical;
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof ReferenceValues r && Arrays.equals(canonical(), r.canonical());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(canonical());
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        byte[] b = toBytes();
        out.writeInt(b.length);
        out.write(b);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        filter = BloomFilter.heapify(Memory.wrap(b));
    }
}
