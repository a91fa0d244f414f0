package io.sparkdrift.run;

/**
 * Bad input or configuration: the message is one line that names the problem and the fix. The job
 * exits with {@link ExitCode#INVALID_INPUT} and writes nothing.
 */
public class InputException extends RuntimeException {
    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
