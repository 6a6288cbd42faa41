package io.homeostat.kafka.test;

import io.homeostat.kafka.embedded.SslListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway self-signed broker certificate (CN=localhost, SAN ip:127.0.0.1) and a truststore
 * holding it, made with the JDK's keytool: enough to run the embedded broker with an SSL
 * listener and check that TLS settings pass through to clients.
 *
 * @param password the store and key password of both stores
 */
public record TlsMaterial(Path keystore, Path truststore, String password) {

    /** Creates {@code broker.p12} and {@code truststore.p12} in {@code dir} (~1 s). */
    public static TlsMaterial generate(Path dir) {
        String password = "changeit-" + Long.toHexString(System.nanoTime());
        Path keystore = dir.resolve("broker.p12");
        Path certificate = dir.resolve("broker.crt");
        Path truststore = dir.resolve("truststore.p12");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
            "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
            "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", password, "-keypass", password);
        keytool("-exportcert", "-rfc", "-alias", "broker", "-keystore", keystore.toString(), "-storepass", password,
            "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "broker", "-file", certificate.toString(),
            "-keystore", truststore.toString(), "-storetype", "PKCS12", "-storepass", password);
        return new TlsMaterial(keystore, truststore, password);
    }

    /** The broker side. */
    public SslListener listener() {
        return new SslListener(keystore, password, "PKCS12");
    }

    /** Client settings: security.protocol=SSL and the truststore (no bootstrap.servers). */
    public Map<String, Object> clientProps() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("security.protocol", "SSL");
        props.put("ssl.truststore.location", truststore.toString());
        props.put("ssl.truststore.password", password);
        props.put("ssl.truststore.type", "PKCS12");
        return props;
    }

    @Override
    public String toString() {
        return "TlsMaterial[" + keystore + ", " + truststore + ", password=[hidden]]";
    }

    private static void keytool(String... args) {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running keytool", e);
        }
    }
}
