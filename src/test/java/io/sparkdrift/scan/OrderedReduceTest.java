package io.sparkdrift.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkdrift.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/**
 * The merge order is the partition order, through tree levels of every fan-in and both ways the driver fetches the
 * last states: checked with a merge that is associative but not commutative (concatenation).
 */
class OrderedReduceTest {
    @Test
    void mergesInPartitionOrderWhateverTheLevelsAndTheFetch() throws Exception {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
        for (int partitions : new int[] {1, 7, 16, 17, 300}) {
            List<Integer> data = new ArrayList<>(IntStream.range(0, partitions).boxed().toList());
            JavaRDD<Integer> rdd = sc.parallelize(data, partitions);
            String expected = data.stream().map(String::valueOf).collect(Collectors.joining(","));
            for (long stateBytes : new long[] {1, OrderedReduce.MERGE_BYTES / 5, OrderedReduce.LARGE_STATE_BYTES}) {
                String got = OrderedReduce.reduce(rdd, it -> List.of(String.valueOf(it.next())).iterator(),
                        (a, b) -> a + "," + b, "", stateBytes);
                assertEquals(expected, got, partitions + " partitions, state bytes " + stateBytes);
            }
        }
    }
}
