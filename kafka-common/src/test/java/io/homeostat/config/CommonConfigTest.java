package io.homeostat.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.kafka.registry.SchemaRegistryConfig;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

class CommonConfigTest {

    @Test
    void defaults() {
        CommonConfig config = new CommonConfig(Map.of());
        assertTrue(config.usesEmbeddedKafka());
        assertEquals("mock://homeostat", config.schemaRegistryUrl());
        assertEquals(new Topics("inference.requests", "inference.batches", "inference.results", "inference.completions",
            "inference.metrics", "inference.worker-metrics", "inference.dead-letter"), config.topics());
        assertEquals("in-process", config.embeddedKafkaMode());
        assertThrows(IllegalStateException.class, config::clientProps, "no address before the embedded broker runs");
    }

    @Test
    void topicNamesComeFromConfigAndRenameTheCatalog() {
        CommonConfig config = new CommonConfig(Map.of("topic.requests", "staging.requests"));
        assertEquals("staging.requests", config.topics().requests());
        assertEquals("staging.requests", config.topicCatalog().byRole(Topics.REQUESTS).name());
    }

    @Test
    void securitySettingsReachEveryClientAndSecretsStayHidden() {
        CommonConfig config = new CommonConfig(Map.of(
            "bootstrap.servers", "kafka-1:9093",
            "security.protocol", "sasl_ssl",
            "sasl.mechanism", "PLAIN",
            "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"topsecret\";",
            "ssl.truststore.location", "/etc/kafka/truststore.p12",
            "ssl.truststore.password", "trustpass",
            "schema.registry.url", "https://registry:8081",
            "schema.registry.basic.auth.user", "reg",
            "schema.registry.basic.auth.password", "regsecret"));
        Map<String, Object> producer = config.producerProps(Map.of(ProducerConfig.ACKS_CONFIG, "all"));
        assertEquals("kafka-1:9093", producer.get("bootstrap.servers"));
        assertEquals("SASL_SSL", producer.get("security.protocol"));
        assertEquals("PLAIN", producer.get("sasl.mechanism"));
        assertEquals("all", producer.get("acks"));
        assertTrue(producer.get("sasl.jaas.config") instanceof Password);
        assertEquals("trustpass", ((Password) producer.get("ssl.truststore.password")).value());
        assertFalse(producer.containsKey("ssl.keystore.location"), "unset keys are not passed");
        assertEquals(config.adminProps(), config.consumerProps(Map.of()));
        new AdminClientConfig(config.adminProps());
        Map<String, Object> withSerializers = new java.util.HashMap<>(producer);
        withSerializers.put("key.serializer", org.apache.kafka.common.serialization.StringSerializer.class);
        withSerializers.put("value.serializer", org.apache.kafka.common.serialization.StringSerializer.class);
        new ProducerConfig(withSerializers);

        String text = config.toString();
        for (String secret : List.of("topsecret", "trustpass", "regsecret")) {
            assertFalse(text.contains(secret), "toString leaks " + secret + ": " + text);
        }
        assertTrue(text.contains("[hidden]"));
        SchemaRegistryConfig registry = config.schemaRegistry();
        assertEquals("regsecret", registry.basicAuthPassword().value());
        assertFalse(registry.toString().contains("regsecret"));
    }

    @Test
    void invalidValuesNameTheKey() {
        ConfigException e = assertThrows(ConfigException.class,
            () -> new CommonConfig(Map.of("security.protocol", "TLS")));
        assertTrue(e.getMessage().contains("security.protocol"), e.getMessage());
        ConfigException url = assertThrows(ConfigException.class,
            () -> new CommonConfig(Map.of("schema.registry.url", "registry:8081")));
        assertTrue(url.getMessage().contains("schema.registry.url"), url.getMessage());
        assertThrows(ConfigException.class, () -> new CommonConfig(Map.of("topic.results", "")));
    }

    @Test
    void componentsExtendTheDefinition() {
        ConfigDef def = CommonConfig.define(new ConfigDef())
            .define("scheduler.window.base.ms", ConfigDef.Type.DOUBLE, 20.0, ConfigDef.Range.atLeast(0),
                ConfigDef.Importance.HIGH, "Base window.", "Scheduler", 1, ConfigDef.Width.SHORT, "window");
        final class SchedulerConfig extends CommonConfig {
            SchedulerConfig(Map<?, ?> props) {
                super(def, props);
            }
        }
        SchedulerConfig config = new SchedulerConfig(Map.of("scheduler.window.base.ms", "35", "bootstrap.servers", "b:9092"));
        assertEquals(35.0, config.getDouble("scheduler.window.base.ms"));
        assertEquals("b:9092", config.bootstrapServers());
        assertTrue(config.toString().startsWith("SchedulerConfig{"));
    }
}
