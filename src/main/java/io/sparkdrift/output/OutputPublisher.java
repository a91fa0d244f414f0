package io.sparkdrift.output;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * Publishes a run's outputs into {@code --out}: everything is written to a staging place first and
 * only then made visible, so a run that fails leaves the previous outputs as they were. How the new
 * outputs become visible depends on the file system:
 * <ul>
 *   <li>local disks ({@link LinkSwapPublisher}): {@code --out} is a symbolic link to one complete
 *       version, and publishing swaps the link in one rename — at every instant, a SIGKILL
 *       included, {@code --out} shows the whole previous outputs or the whole new ones;</li>
 *   <li>HDFS ({@link DirectorySwapPublisher}): no links, but renaming a directory is atomic: the
 *       new outputs are staged beside {@code --out} and swapped in by two renames, so a reader
 *       finds the whole previous outputs, the whole new ones, or (between the renames) none;</li>
 *   <li>other file systems (object stores; {@link RenamePublisher}): each output is renamed
 *       into place under a journal, between removing and rewriting the completion marker
 *       {@code _SUCCESS}, so a run killed halfway is completed by the next one; whenever
 *       {@code _SUCCESS} exists the outputs are whole and from the run it names.</li>
 * </ul>
 * On both, {@code --out/_SUCCESS} names the run whose whole outputs {@code --out} holds.
 * A later run removes what a killed one left.
 */
public abstract class OutputPublisher {
    /** JVM property naming a point where a test halts the JVM as SIGKILL would (no cleanup, no hooks). */
    static final String HALT_PROPERTY = "sparkdrift.haltpoint";

    /** The publisher for {@code outDir}'s file system; removes what killed runs left there. */
    public static OutputPublisher open(Configuration conf, String outDir, String runId) {
        try {
            Path out = new Path(outDir);
            FileSystem fs = out.getFileSystem(conf);
            if (fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem) {
                return new LinkSwapPublisher(java.nio.file.Path.of(fs.makeQualified(out).toUri()), runId);
            }
            if ("hdfs".equals(fs.getScheme()) && !out.isRoot()) {
                return new DirectorySwapPublisher(fs, out, runId);
            }
            return new RenamePublisher(fs, out, runId);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the output directory " + outDir + ": " + e.getMessage(), e);
        }
    }

    /** Where this run writes output {@code name} before publishing (a path for Spark or Hadoop). */
    public abstract String stagingPath(String name);

    /** Writes a small output (summary, report) into staging. */
    public abstract void writeFile(String name, byte[] content) throws IOException;

    /**
     * Makes the named staged outputs {@code --out}'s content, replacing the previous ones.
     *
     * @throws IOException when an output was not staged or cannot be moved; the previous outputs stay
     */
    public abstract void publish(List<String> names) throws IOException;

    /** Removes this run's staging after a failure; never throws. */
    public abstract void abort();

    /** Halts the JVM here when a test asks for it (see {@link #HALT_PROPERTY}). */
    static void haltPoint(String name) {
        if (name.equals(System.getProperty(HALT_PROPERTY))) {
            Runtime.getRuntime().halt(137);
        }
    }
}
