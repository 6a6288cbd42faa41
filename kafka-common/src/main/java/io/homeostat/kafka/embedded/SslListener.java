package io.homeostat.kafka.embedded;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An extra SSL listener for the embedded broker: its server keystore (the key password is the
 * store password). Clients then connect to {@link EmbeddedKafka#sslBootstrapServers()} with
 * {@code security.protocol=SSL} and a truststore holding the broker's certificate, which must
 * name 127.0.0.1 (IP SAN) unless clients turn endpoint identification off.
 */
public record SslListener(Path keystore, String password, String keystoreType) {
    public SslListener {
        Objects.requireNonNull(keystore, "keystore");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(keystoreType, "keystoreType");
    }

    @Override
    public String toString() {
        return "SslListener[keystore=" + keystore + ", type=" + keystoreType + ", password=[hidden]]";
    }
}
