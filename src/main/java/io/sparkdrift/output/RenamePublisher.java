package io.sparkdrift.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Publishing on file systems without links (HDFS, object stores), in the way Hadoop's own output
 * committers publish: outputs are staged in {@code --out/_staging-RUNID}; then a journal
 * {@code --out/_publishing-RUNID} listing them is written, the completion marker {@code _SUCCESS}
 * is removed, each output is renamed into place (the previous one first moved to
 * {@code _replaced-RUNID}), and {@code _SUCCESS} is written again naming this run. Whenever
 * {@code _SUCCESS} exists, every output in {@code --out} is whole and from the run it names; while
 * it is missing a publish is under way or was killed.
 *
 * <p>A run killed while publishing leaves its journal: the next run finishes that publish (its
 * staging is complete, or the journal would not exist), marks it and removes the leftovers, so the
 * outputs end whole, new and marked. Readers that do not wait for {@code _SUCCESS} may see a mix
 * during a publish, and until the next run when one was killed. Staging without a journal (a run
 * killed before publishing) is removed when older than {@link #STALE_MILLIS} (younger ones may
 * belong to a run still going). Underscore names are ignored by Spark and Hive readers of
 * {@code --out}.
 */
final class RenamePublisher extends HadoopStagedPublisher {
    /** Staging directories without a journal older than this are a killed run's. */
    static final long STALE_MILLIS = 24L * 3600 * 1000;

    private final Path out;
    private final String runId;

    RenamePublisher(FileSystem fs, Path out, String runId) throws IOException {
        super(fs, new Path(out, "_staging-" + runId));
        this.out = out;
        this.runId = runId;
        recover();
    }

    /**
     * Completes a per-entry publish a killed run left in {@code out} (a journal present) and removes
     * stale staging there, as opening a publisher on it does; for an --out that a directory swap now
     * publishes but an earlier version published entry by entry.
     */
    static void completeKilledPublish(FileSystem fs, Path out, String runId) throws IOException {
        new RenamePublisher(fs, out, runId);
    }

    @Override
    public void publish(List<String> names) throws IOException {
        requireStaged(names, out);
        Path journal = new Path(out, "_publishing-" + runId);
        try (OutputStream os = fs.create(journal, true)) {
            os.write(String.join("\n", names).getBytes(StandardCharsets.UTF_8));
        }
        haltPoint("journaled");
        Path marker = new Path(out, SuccessMarker.NAME);
        byte[] previousMarker = fs.exists(marker) ? read(marker) : null;
        fs.delete(marker, false);
        haltPoint("unmarked");
        List<String> done = new ArrayList<>();
        try {
            for (String name : names) {
                moveIn(runId, name);
                done.add(name);
                haltPoint("moved-" + name);
            }
        } catch (IOException e) {
            rollBack(done);
            if (previousMarker != null) {
                writeMarker(previousMarker);
            }
            fs.delete(journal, false);
            throw e;
        }
        writeMarker(SuccessMarker.content(runId, names));
        haltPoint("marked");
        fs.delete(journal, false);
        fs.delete(new Path(out, "_replaced-" + runId), true);
        fs.delete(staging, true);
    }

    /** Writes {@code _SUCCESS} whole: to a temporary name first, then renamed (it does not exist now). */
    private void writeMarker(byte[] content) throws IOException {
        Path tmp = new Path(out, "_" + SuccessMarker.NAME + ".tmp-" + runId);
        try (OutputStream os = fs.create(tmp, true)) {
            os.write(content);
        }
        fs.delete(new Path(out, SuccessMarker.NAME), false); // a concurrent run's: the last publish marks
        if (!fs.rename(tmp, new Path(out, SuccessMarker.NAME))) {
            throw new IOException("cannot write " + SuccessMarker.NAME + " in " + out);
        }
    }

    private byte[] read(Path p) throws IOException {
        try (FSDataInputStream in = fs.open(p)) {
            return in.readAllBytes();
        }
    }

    /** Moves the previous {@code name} aside (unless already done) and the staged one in. */
    private void moveIn(String id, String name) throws IOException {
        Path target = new Path(out, name);
        Path aside = new Path(new Path(out, "_replaced-" + id), name);
        Path staged = new Path(new Path(out, "_staging-" + id), name);
        if (!fs.exists(staged)) {
            return; // moved in before a kill
        }
        if (fs.exists(target)) {
            fs.mkdirs(aside.getParent());
            if (fs.exists(aside)) {
                fs.delete(aside, true);
            }
            if (!fs.rename(target, aside)) {
                throw new IOException("cannot move aside " + target);
            }
        }
        if (!fs.rename(staged, target)) {
            throw new IOException("cannot move " + name + " into " + out);
        }
    }

    private void rollBack(List<String> done) throws IOException {
        for (String name : done) {
            Path target = new Path(out, name);
            fs.delete(target, true);
            Path old = new Path(new Path(out, "_replaced-" + runId), name);
            if (fs.exists(old)) {
                fs.rename(old, target);
            }
        }
    }

    /** Finishes the publishes killed runs journaled; removes stale staging. */
    private void recover() throws IOException {
        if (!fs.exists(out)) {
            return;
        }
        for (FileStatus st : fs.listStatus(out)) {
            String name = st.getPath().getName();
            if (name.startsWith("_publishing-")) {
                String id = name.substring("_publishing-".length());
                List<String> names = new ArrayList<>();
                for (String n : new String(read(st.getPath()), StandardCharsets.UTF_8).split("\n")) {
                    if (!n.isBlank()) {
                        names.add(n);
                    }
                }
                fs.delete(new Path(out, SuccessMarker.NAME), false);
                for (String n : names) {
                    moveIn(id, n);
                }
                writeMarker(SuccessMarker.content(id, names));
                fs.delete(new Path(out, "_replaced-" + id), true);
                fs.delete(new Path(out, "_staging-" + id), true);
                fs.delete(st.getPath(), false);
            }
        }
        long now = System.currentTimeMillis();
        for (FileStatus st : fs.listStatus(out)) {
            String name = st.getPath().getName();
            if ((name.startsWith("_staging-") || name.startsWith("_replaced-") || name.startsWith("_" + SuccessMarker.NAME + ".tmp-")) && now - st.getModificationTime() > STALE_MILLIS
                    && !fs.exists(new Path(out, "_publishing-" + name.substring(name.indexOf('-') + 1)))) {
                fs.delete(st.getPath(), true);
            }
        }
    }

    @Override
    public void abort() {
        try {
            fs.delete(staging, true);
            Path trash = new Path(out, "_replaced-" + runId);
            if (fs.exists(trash) && fs.listStatus(trash).length == 0) {
                fs.delete(trash, true);
            }
        } catch (IOException | RuntimeException ignored) {
            // best effort: the next run removes what is left
        }
    }
}
