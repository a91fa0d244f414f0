package io.sparkdrift.output;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes a run's outputs into a staging directory inside {@code --out} and only then moves them into
 * place, so a run that fails leaves the previous outputs untouched. Staging and trash directories
 * start with an underscore, which Spark and Hive ignore when reading {@code --out}.
 *
 * <p>On HDFS and local disks each move is a rename; on object stores (s3a) a rename is a copy, so
 * readers may briefly see a mix there.
 */
public final class OutputPublisher {
    private final FileSystem fs;
    private final Path out;
    private final Path staging;
    private final Path trash;

    public OutputPublisher(Configuration conf, String outDir, String runId) {
        try {
            this.out = new Path(outDir);
            this.fs = out.getFileSystem(conf);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the output directory " + outDir + ": " + e.getMessage(), e);
        }
        this.staging = new Path(out, "_staging-" + runId);
        this.trash = new Path(out, "_replaced-" + runId);
    }

    /** Where this run writes before publishing. */
    public Path staging() {
        return staging;
    }

    public String stagingPath(String name) {
        return new Path(staging, name).toString();
    }

    public void writeFile(String name, byte[] content) throws IOException {
        try (OutputStream os = fs.create(new Path(staging, name), true)) {
            os.write(content);
        }
    }

    /**
     * Moves each named output from staging into {@code --out}, replacing the previous one. If a move
     * fails, the outputs already replaced are put back.
     */
    public void publish(List<String> names) throws IOException {
        fs.mkdirs(trash);
        java.util.List<String> done = new java.util.ArrayList<>();
        try {
            for (String name : names) {
                Path target = new Path(out, name);
                if (fs.exists(target) && !fs.rename(target, new Path(trash, name))) {
                    throw new IOException("cannot move aside " + target);
                }
                done.add(name);
                if (!fs.rename(new Path(staging, name), target)) {
                    throw new IOException("cannot move " + name + " into " + out);
                }
            }
        } catch (IOException e) {
            for (String name : done) {
                Path target = new Path(out, name);
                fs.delete(target, true);
                Path old = new Path(trash, name);
                if (fs.exists(old)) {
                    fs.rename(old, target);
                }
            }
            throw e;
        }
        fs.delete(trash, true);
        fs.delete(staging, true);
    }

    /** Removes the staging directory after a failure; never throws. */
    public void abort() {
        try {
            fs.delete(staging, true);
            if (fs.exists(trash) && fs.listStatus(trash).length == 0) {
                fs.delete(trash, true);
            }
        } catch (IOException | RuntimeException ignored) {
            // best effort: a leftover _staging directory is ignored by readers
        }
    }
}
