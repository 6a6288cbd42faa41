package io.homeostat.engine.exec;

/**
 * An executor could not run a batch (device error, out of memory, interrupted). The worker retries the
 * batch a bounded number of times, then answers its requests FAILED with this message as the reason.
 * {@link #retryable()} is false when retrying cannot help (e.g. the device is gone).
 */
public class ExecutorException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean retryable;

    public ExecutorException(String message, Throwable cause, boolean retryable) {
        super(message, cause);
        this.retryable = retryable;
    }

    public ExecutorException(String message, boolean retryable) {
        this(message, null, retryable);
    }

    public boolean retryable() {
        return retryable;
    }
}
