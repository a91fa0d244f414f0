package io.sparkdrift.scan;

/** Sends the record with integer key k to partition k / divisor (divisor 1: partition k). */
public final class IndexPartitioner extends org.apache.spark.Partitioner {
    private final int partitions;
    private final int divisor;

    public IndexPartitioner(int partitions, int divisor) {
        this.partitions = partitions;
        this.divisor = divisor;
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    @Override
    public int getPartition(Object key) {
        return (Integer) key / divisor;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IndexPartitioner p && p.partitions == partitions && p.divisor == divisor;
    }

    @Override
    public int hashCode() {
        return partitions * 31 + divisor;
    }
}
