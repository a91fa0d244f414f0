package io.sparkdrift.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.StageInfo;

/**
 * Spark's own metrics of every stage that completes, for the benchmark's {@code --stage-metrics true}:
 * where a phase's time goes (scan, shuffle writes, the tasks' own work) without a profiler. Task times
 * are summed over the stage's tasks (two cores run two at once, so they can exceed the stage's wall
 * time); shuffle write time is the time tasks spent writing shuffle files, as Spark counts it.
 */
final class StageLog extends SparkListener {
    private final List<String> lines = new ArrayList<>();

    @Override
    public synchronized void onStageCompleted(SparkListenerStageCompleted completed) {
        StageInfo s = completed.stageInfo();
        TaskMetrics m = s.taskMetrics();
        long wall = s.completionTime().isDefined() && s.submissionTime().isDefined()
                ? (Long) s.completionTime().get() - (Long) s.submissionTime().get() : -1;
        String name = s.name().length() > 38 ? s.name().substring(0, 38) : s.name();
        lines.add(String.format(Locale.ROOT,
                "    stage %-38s %4d tasks  wall %6d ms  task time %7d ms (cpu %7d, gc %5d)  shuffle write %6d MB in %6d ms  read %6d MB",
                name, s.numTasks(), wall, m.executorRunTime(), m.executorCpuTime() / 1_000_000, m.jvmGCTime(),
                m.shuffleWriteMetrics().bytesWritten() >> 20, m.shuffleWriteMetrics().writeTime() / 1_000_000,
                m.shuffleReadMetrics().totalBytesRead() >> 20));
    }

    /** The stages completed since the last call, one line each, and forgets them. */
    synchronized List<String> drain() {
        List<String> out = new ArrayList<>(lines);
        lines.clear();
        return out;
    }
}
