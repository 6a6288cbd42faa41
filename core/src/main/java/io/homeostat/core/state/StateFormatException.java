package io.homeostat.core.state;

/** Persisted bytes that are not a state this build can read; the message says why. */
public final class StateFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public StateFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
