package io.sparkdrift.scan;

import java.io.Serializable;
import scala.Tuple2;

/**
 * What a routing profiling scan's task ({@link RoutingScan}) does with each numeric column chunk
 * besides folding it into the profile: it sends records into a shuffle, found from the bins the
 * fold has just looked up (so a value's bin is looked up once for both). Mutable, one per task.
 */
public interface ChunkRouter {
    /**
     * One numeric column of a chunk.
     *
     * @param column the column's index among the scan's numeric features
     * @param bins each row's fine bin on the scan's binning, −1 for null, NaN and ±∞ ({@code rows} of them)
     */
    void add(int column, double[] values, int[] bins, int rows);

    /** After the last chunk: every record still held becomes ready. */
    void flush();

    /** The next record ready for the shuffle (its reduce partition and value), or null. */
    Tuple2<Integer, Serializable> poll();

    /** Makes a task's router (on the executor). */
    interface Factory extends Serializable {
        ChunkRouter create();
    }
}
