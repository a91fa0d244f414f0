package io.sparkdrift.output;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Publishing on HDFS, where renaming a directory is one atomic NameNode operation but there are no
 * links: a run writes its whole outputs (and {@code _SUCCESS}) into the hidden sibling
 * {@code .NAME.staging-RUNID}, then swaps directories with two renames — {@code --out} to
 * {@code .NAME.previous-RUNID}, the staging to {@code --out} — under a journal
 * {@code .NAME.publishing-RUNID}. A reader therefore finds the whole previous outputs, the whole new
 * ones, or, between the two renames, no {@code --out} at all; never a mix. A run killed between them
 * leaves {@code --out} missing with the previous outputs whole beside it; the next run finishes the
 * swap from the complete staging (or, without it, puts the previous outputs back) before anything
 * else, and removes what killed runs left (staging without a journal once a day old, as younger
 * ones may belong to a run still going).
 */
final class DirectorySwapPublisher extends HadoopStagedPublisher {
    private final Path out;
    private final String runId;

    DirectorySwapPublisher(FileSystem fs, Path out, String runId) throws IOException {
        super(fs, sibling(fs.makeQualified(out), "staging", runId));
        this.out = fs.makeQualified(out);
        this.runId = runId;
        recover();
        fs.mkdirs(staging);
    }

    private Path sibling(String what, String id) {
        return sibling(out, what, id);
    }

    private static Path sibling(Path out, String what, String id) {
        return new Path(out.getParent(), "." + out.getName() + "." + what + "-" + id);
    }

    @Override
    public void publish(List<String> names) throws IOException {
        requireStaged(names, out);
        writeFile(SuccessMarker.NAME, SuccessMarker.content(runId, names));
        haltPoint("staged");
        Path journal = sibling("publishing", runId);
        try (FSDataOutputStream os = fs.create(journal, true)) {
            os.write(runId.getBytes(StandardCharsets.UTF_8));
        }
        Path previous = sibling("previous", runId);
        boolean hadPrevious = fs.exists(out);
        if (hadPrevious && !fs.rename(out, previous)) {
            fs.delete(journal, false);
            throw new IOException("cannot move the previous outputs in " + out + " aside");
        }
        haltPoint("moved-aside");
        if (!fs.rename(staging, out)) {
            if (hadPrevious) {
                fs.rename(previous, out);
            }
            fs.delete(journal, false);
            throw new IOException("cannot move the new outputs into " + out);
        }
        haltPoint("swapped");
        fs.delete(journal, false);
        fs.delete(previous, true);
    }

    /**
     * Finishes a swap a killed run left halfway (journal present): its staging into {@code --out} when
     * {@code --out} is missing, else nothing to do; then removes the journal, the previous outputs it
     * moved aside, and old staging without a journal. Outputs published by the per-entry renames of
     * {@link RenamePublisher} (journals inside {@code --out}) are completed first.
     */
    private void recover() throws IOException {
        if (fs.exists(out)) {
            RenamePublisher.completeKilledPublish(fs, out, runId);
        }
        Path parent = out.getParent();
        if (!fs.exists(parent)) {
            return;
        }
        String prefix = "." + out.getName() + ".";
        for (FileStatus st : fs.listStatus(parent)) {
            String name = st.getPath().getName();
            if (!name.startsWith(prefix + "publishing-")) {
                continue;
            }
            String id = name.substring((prefix + "publishing-").length());
            Path killedStaging = sibling("staging", id);
            Path killedPrevious = sibling("previous", id);
            if (!fs.exists(out)) {
                if (fs.exists(killedStaging) && fs.exists(new Path(killedStaging, SuccessMarker.NAME))) {
                    fs.rename(killedStaging, out);
                } else if (fs.exists(killedPrevious)) {
                    fs.rename(killedPrevious, out);
                }
            }
            if (fs.exists(out)) {
                fs.delete(killedPrevious, true);
                fs.delete(killedStaging, true);
                fs.delete(st.getPath(), false);
            }
        }
        long now = System.currentTimeMillis();
        for (FileStatus st : fs.listStatus(parent)) {
            String name = st.getPath().getName();
            if (name.startsWith(prefix + "staging-") && now - st.getModificationTime() > RenamePublisher.STALE_MILLIS) {
                String id = name.substring((prefix + "staging-").length());
                if (!fs.exists(sibling("publishing", id))) {
                    fs.delete(st.getPath(), true);
                }
            }
        }
    }

    @Override
    public void abort() {
        try {
            fs.delete(staging, true);
        } catch (IOException | RuntimeException ignored) {
            // best effort: the next run removes what is left
        }
    }
}
