package io.sparkdrift.job;

import io.sparkdrift.output.OutputPublisher;
import io.sparkdrift.profile.DatasetProfile;
import io.sparkdrift.run.InputException;
import io.sparkdrift.scan.InputReader;
import io.sparkdrift.scan.ProfileScan;
import io.sparkdrift.store.ProfileStore;
import java.io.IOException;
import java.io.PrintStream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code profile} and {@code merge-profiles} modes: build a stored reference once, then compare
 * every night's data against it without reading the reference data again.
 * <ul>
 *   <li>{@code profile --input PATH [--filter SQL] --out DIR}: profiles a dataset (bins fitted on it,
 *       or taken from {@code --edges-from PROFILE} so that profiles share edges and can be merged)
 *       and stores it as {@code DIR/profile}.</li>
 *   <li>{@code merge-profiles --profiles P1,P2,... --out DIR}: merges profiles with the same edges
 *       (e.g. 28 daily ones into a rolling reference) into {@code DIR/profile}; counts are exact.</li>
 * </ul>
 */
public final class ProfileJob {
    private final SparkSession spark;
    private final PrintStream console;

    public ProfileJob(SparkSession spark, PrintStream console) {
        this.spark = spark;
        this.console = console;
    }

    public DatasetProfile profile(ProfileConfig p) {
        JobConfig c = p.asReference();
        InputReader.Input input = InputReader.read(spark, "input", c.current(), c.format(), c.currentFilter());
        DatasetProfile profile;
        if (c.referenceProfile() == null) {
            profile = Reference.scanned(spark, c, input).profile();
        } else {
            Reference ref = Reference.stored(spark, c, input);
            profile = ProfileScan.profile(input.frame(), ref.numeric(), ref.plan().categorical(), ref.numericBins(),
                    ref.categoricalBins());
        }
        if (profile.rows() == 0) {
            throw new InputException("the input is empty: " + c.current()
                    + (c.currentFilter() == null ? "" : " where " + c.currentFilter()) + " selects no rows; check --input and --filter");
        }
        store(profile, c.out(), c.runDate());
        console.println("profiled " + profile.rows() + " rows, " + profile.features().size() + " features into "
                + c.out() + "/profile");
        return profile;
    }

    public DatasetProfile merge(MergeConfig m) {
        String out = m.out();
        List<String> paths = expand(m.profiles());
        DatasetProfile merged = null;
        LocalDate last = null;
        String first = null;
        for (String path : paths) {
            ProfileStore.Stored p = ProfileStore.read(spark, path, "--profiles");
            if (merged == null) {
                merged = p.profile();
                first = path;
            } else {
                try {
                    merged = merged.merge(p.profile());
                } catch (IllegalArgumentException e) {
                    throw new InputException("profiles " + first + " and " + path + " cannot be merged: " + e.getMessage()
                            + "; daily profiles must share edges (create them with --edges-from)");
                }
            }
            last = last == null || p.runDate().isAfter(last) ? p.runDate() : last;
        }
        LocalDate runDate = m.runDate() != null ? m.runDate() : last;
        store(merged, out, runDate);
        console.println("merged " + paths.size() + " profiles (" + merged.rows() + " rows) into " + out + "/profile");
        return merged;
    }

    private List<String> expand(List<String> patterns) {
        List<String> out = new ArrayList<>();
        for (String pattern : patterns) {
            try {
                Path p = new Path(pattern);
                FileStatus[] found = p.getFileSystem(spark.sparkContext().hadoopConfiguration()).globStatus(p);
                // hidden names are skipped, as Spark skips them: versions and staging of published outputs
                List<FileStatus> matches = found == null ? List.of() : java.util.Arrays.stream(found)
                        .filter(m -> !ProfileStore.hidden(m.getPath().getName())).toList();
                if (matches.isEmpty()) {
                    throw new InputException("no profile matches " + pattern + "; check --profiles");
                }
                for (FileStatus m : matches) {
                    out.add(m.getPath().toString());
                }
            } catch (IOException e) {
                throw new InputException("cannot list " + pattern + ": " + e.getMessage() + "; check --profiles", e);
            }
        }
        return out.stream().sorted().toList();
    }

    private void store(DatasetProfile profile, String out, LocalDate runDate) {
        LocalDate date = runDate == null ? LocalDate.now(ZoneOffset.UTC) : runDate;
        String runId = DriftJob.newRunId(date);
        OutputPublisher publisher = OutputPublisher.open(spark.sparkContext().hadoopConfiguration(), out, runId);
        try {
            ProfileStore.write(spark, profile, runId, date, publisher.stagingPath("profile"));
            publisher.publish(List.of("profile"));
        } catch (Exception e) {
            publisher.abort();
            throw new IllegalStateException("writing the profile to " + out + " failed: " + InputReader.firstLine(e), e);
        }
    }
}
