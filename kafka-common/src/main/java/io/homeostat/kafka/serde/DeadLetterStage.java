package io.homeostat.kafka.serde;

/** Where a record failed; the {@code stage} field of {@code DeadLetter}. */
public enum DeadLetterStage {
    /** The bytes are not a readable record ({@link WireFormatException}). */
    DESERIALIZE,
    /** A readable record breaks the contract (empty id, negative bid, key != pool, ...). */
    VALIDATE,
    /** The scheduler could not queue or batch it. */
    SCHEDULE,
    /** The worker could not execute it. */
    EXECUTE,
    /** The output could not be written. */
    PRODUCE
}
