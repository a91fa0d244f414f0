package io.sparkdrift.store;

import io.sparkdrift.compare.DailyProfiles;
import io.sparkdrift.profile.DatasetProfile;
import io.sparkdrift.profile.FeatureProfile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Daily profiles kept in a local file while a history is computed from them (merge-profiles): each
 * day is written as it is added, one serialized record per feature, and read back one feature of one
 * day at a time, so the history of D days of F features holds one feature's D profiles, not all D × F.
 *
 * <p>Why: the leave-one-day-out history needs every day's profile on the merged bins, about 40 bytes
 * per fine bin and feature; 28 days of 1,000 features at the default 1,000 fine bins are 1.1 GB, which
 * a 1 GiB driver could not hold beside the merge (README, Stored reference profiles).
 *
 * <p>Cost: the days' bytes written once to {@code java.io.tmpdir} and read once, a feature of a day
 * per read (F × D reads); in memory an index of two longs per feature and day. The file is removed by
 * {@link #close} (and when the JVM exits, if it was not closed). Every day must hold the first day's
 * features. Not thread-safe.
 */
public final class SpilledDays implements DailyProfiles {
    private final Path path;
    private final RandomAccessFile file;
    private final List<String> features = new ArrayList<>();
    private final Map<String, Integer> index = new HashMap<>();
    private final List<Long> rows = new ArrayList<>();
    /** Per day: for feature k, its record's start at 2k and length at 2k + 1. */
    private final List<long[]> records = new ArrayList<>();
    private long end;

    private SpilledDays(Path path) throws IOException {
        this.path = path;
        this.file = new RandomAccessFile(path.toFile(), "rw");
    }

    /** An empty store in a new file under {@code java.io.tmpdir}. */
    public static SpilledDays create() {
        try {
            Path p = Files.createTempFile("spark-drift-days-", ".bin");
            p.toFile().deleteOnExit();
            return new SpilledDays(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the daily profiles on local disk (java.io.tmpdir): " + e.getMessage(), e);
        }
    }

    /** Writes {@code day} after the days added so far (it is not held). */
    public void add(DatasetProfile day) {
        if (records.isEmpty()) {
            for (String f : day.features().keySet()) {
                index.put(f, features.size());
                features.add(f);
            }
        } else if (!day.features().keySet().equals(index.keySet())) {
            throw new IllegalArgumentException("day " + records.size() + " holds other features than the first: "
                    + day.features().keySet() + " vs " + features);
        }
        long[] at = new long[2 * features.size()];
        try {
            file.seek(end);
            for (Map.Entry<String, FeatureProfile> e : day.features().entrySet()) {
                byte[] bytes = serialize(e.getValue());
                int k = index.get(e.getKey());
                at[2 * k] = end;
                at[2 * k + 1] = bytes.length;
                file.write(bytes);
                end += bytes.length;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the daily profiles to " + path + ": " + e.getMessage()
                    + " (merge-profiles keeps them in java.io.tmpdir; point it at a larger disk with"
                    + " -Djava.io.tmpdir=DIR in spark.driver.extraJavaOptions or JAVA_TOOL_OPTIONS)", e);
        }
        records.add(at);
        rows.add(day.rows());
    }

    @Override
    public int size() {
        return records.size();
    }

    @Override
    public List<String> features() {
        return List.copyOf(features);
    }

    @Override
    public long rows(int day) {
        return rows.get(day);
    }

    @Override
    public FeatureProfile feature(int day, String feature) {
        Integer k = index.get(feature);
        if (k == null) {
            return null;
        }
        long[] at = records.get(day);
        byte[] bytes = new byte[(int) at[2 * k + 1]];
        try {
            file.seek(at[2 * k]);
            file.readFully(bytes);
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
                return (FeatureProfile) in.readObject();
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot read back the daily profiles from " + path + ": " + e.getMessage(), e);
        }
    }

    /** The file the days are kept in (removed by {@link #close}). */
    Path path() {
        return path;
    }

    /** Closes and removes the file. */
    @Override
    public void close() {
        try {
            file.close();
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + path + ": " + e.getMessage(), e);
        }
    }

    private static byte[] serialize(FeatureProfile p) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(b)) {
            out.writeObject(p);
        }
        return b.toByteArray();
    }
}
