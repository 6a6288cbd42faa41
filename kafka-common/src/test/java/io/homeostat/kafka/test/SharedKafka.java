package io.homeostat.kafka.test;

import io.homeostat.kafka.embedded.EmbeddedKafka;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * ONE real embedded Kafka broker per test JVM, shared by every test class that uses it
 * (starting one costs ~3 s; sharing it makes integration tests cheap). Started on first use,
 * stopped and deleted by its shutdown hook when the JVM exits.
 *
 * <pre>
 *   &#64;ExtendWith(SharedKafka.class)
 *   class MyIT {
 *       &#64;Test void works(EmbeddedKafka kafka) { ... kafka.bootstrapServers() ... }
 *   }
 *   // or, anywhere: SharedKafka.bootstrapServers(), SharedKafka.clientProperties()
 * </pre>
 *
 * Tests share the broker, so each must use its own names: {@link #unique(String)} for topics,
 * group ids, application ids, and {@code mock://} registry scopes.
 * {@code -Dhomeostat.test.kafka.mode=child} runs the broker in a child JVM instead.
 */
public final class SharedKafka implements BeforeAllCallback, ParameterResolver {
    public static final String MODE_PROPERTY = "homeostat.test.kafka.mode";

    private static EmbeddedKafka broker;

    /** The broker of this JVM, started on first call. */
    public static synchronized EmbeddedKafka broker() {
        if (broker == null) {
            EmbeddedKafka.Mode mode = EmbeddedKafka.Mode.parse(System.getProperty(MODE_PROPERTY, "in-process"));
            broker = EmbeddedKafka.builder().mode(mode).start();
        }
        return broker;
    }

    public static String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /** A fresh map holding {@code bootstrap.servers}. */
    public static Map<String, Object> clientProperties() {
        return broker().clientProperties();
    }

    /** {@code prefix-<random>}: a name no other test uses. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        broker();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EmbeddedKafka.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return broker();
    }
}
