package io.sparkdrift.run;

/** Process exit codes, for schedulers. */
public enum ExitCode {
    /** The run completed (drift or not, unless --fail-on-drift). */
    OK(0),
    /** The run completed, the dataset drifted, and --fail-on-drift was given. */
    DRIFT(1),
    /** Invalid input or configuration; nothing was written. */
    INVALID_INPUT(2),
    /** The run failed while running (cluster, storage, bug); earlier outputs are left intact. */
    RUNTIME_FAILURE(3);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
