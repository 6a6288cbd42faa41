package io.homeostat.kafka.serde;

import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 refuses to instantiate classes outside trusted packages when it deserializes
 * ({@code SecurityException: Forbidden ...}), unless the JVM was started with
 * {@code -Dorg.apache.avro.SERIALIZABLE_PACKAGES}. The serde trusts the contract's package
 * programmatically, once per JVM, by adding a predicate next to Avro's own (which keeps
 * honouring the system properties). Nothing else is trusted.
 */
public final class AvroTrust {
    /** Generated classes live here ({@code io.homeostat.avro}); the serde trusts this prefix. */
    public static final String TRUSTED_PREFIX = "io.homeostat.";

    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    private AvroTrust() {
    }

    /** Idempotent. */
    public static void install() {
        if (INSTALLED.compareAndSet(false, true)) {
            ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
            ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(previous,
                type -> type.getName().startsWith(TRUSTED_PREFIX)));
        }
    }
}
