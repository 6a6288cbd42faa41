package io.homeostat.kafka.topics;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topics of {@code topics/topics.yaml}, validated. Load it from a path
 * ({@link #load(Path)}, docker-compose mounts the file) or from the copy packaged into the
 * kafka-common jar ({@link #fromClasspath()}). Rename topics from configuration with
 * {@link #withNames(Map)}; fit it to a small cluster with {@link #clampedTo(int)}.
 */
public final class TopicCatalog {
    /** The packaged copy of topics/topics.yaml. */
    public static final String RESOURCE = "topics/topics.yaml";
    private static final Logger LOG = LoggerFactory.getLogger(TopicCatalog.class);
    private static final Set<String> CLEANUP_POLICIES = Set.of("delete", "compact", "compact,delete");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private final String source;
    private final List<TopicSpec> topics;

    private TopicCatalog(String source, List<TopicSpec> topics) {
        this.source = source;
        this.topics = List.copyOf(topics);
    }

    /** Reads a topics file. */
    public static TopicCatalog load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new TopicCatalogException("Cannot read topics file " + file + ": " + e.getMessage());
        }
    }

    /** The copy of topics/topics.yaml inside the kafka-common jar (parsed once). */
    public static TopicCatalog fromClasspath() {
        return Packaged.CATALOG;
    }

    /** Lazy holder: parsed on first use. */
    private static final class Packaged {
        static final TopicCatalog CATALOG = readClasspath();
    }

    private static TopicCatalog readClasspath() {
        try (InputStream in = TopicCatalog.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new TopicCatalogException("Resource " + RESOURCE + " is not on the classpath (kafka-common jar missing?)");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + RESOURCE);
        } catch (IOException e) {
            throw new TopicCatalogException("Cannot read " + RESOURCE + ": " + e.getMessage());
        }
    }

    /** Parses YAML text; {@code source} names it in error messages. */
    public static TopicCatalog parse(String yaml, String source) {
        FileModel model;
        try {
            model = YAML.readValue(yaml, FileModel.class);
        } catch (UnrecognizedPropertyException e) {
            throw new TopicCatalogException(source + ": unknown field '" + e.getPropertyName() + "' (known: "
                + e.getKnownPropertyIds() + ")");
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new TopicCatalogException(source + ": not a valid topics file: " + e.getOriginalMessage());
        }
        if (model == null || model.topics == null || model.topics.isEmpty()) {
            throw new TopicCatalogException(source + ": no topics declared");
        }
        Defaults defaults = model.defaults != null ? model.defaults : new Defaults();
        List<TopicSpec> specs = new ArrayList<>();
        Set<String> roles = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (TopicModel t : model.topics) {
            String what = source + ": topic " + (t.name != null ? t.name : "(role " + t.role + ")");
            require(t.role != null && !t.role.isBlank(), what + " has no role");
            require(t.name != null && !t.name.isBlank(), what + " has no name");
            require(roles.add(t.role), what + ": role '" + t.role + "' declared twice");
            require(names.add(t.name), what + ": declared twice");
            require(t.partitions != null && t.partitions >= 1, what + ": partitions must be >= 1");
            int rf = t.replicationFactor != null ? t.replicationFactor : defaults.replicationFactor;
            int isr = t.minInsyncReplicas != null ? t.minInsyncReplicas : defaults.minInsyncReplicas;
            require(rf >= 1 && rf <= Short.MAX_VALUE, what + ": replication_factor must be >= 1");
            require(isr >= 1 && isr <= rf, what + ": min_insync_replicas must be between 1 and replication_factor (" + rf + ")");
            String cleanup = normalizeCleanup(t.cleanupPolicy == null ? "delete" : t.cleanupPolicy);
            require(CLEANUP_POLICIES.contains(cleanup), what + ": cleanup_policy '" + t.cleanupPolicy
                + "' is not delete, compact or compact,delete");
            long retention = t.retentionMs != null ? t.retentionMs : 604_800_000L;
            require(retention >= -1, what + ": retention_ms must be >= -1 (-1 = forever)");
            Map<String, String> configs = t.configs != null ? t.configs : Map.of();
            for (String reserved : List.of("cleanup.policy", "retention.ms", "min.insync.replicas")) {
                require(!configs.containsKey(reserved), what + ": set " + reserved + " with its own field, not in configs");
            }
            specs.add(new TopicSpec(t.role, t.name, t.partitions, (short) rf, isr, cleanup, retention, configs,
                t.key == null ? "" : t.key, t.value == null ? "" : t.value, t.doc == null ? "" : t.doc.strip()));
        }
        return new TopicCatalog(source, specs);
    }

    /** Cleanup policy with its parts sorted: {@code delete,compact} and {@code compact, delete} are the same. */
    public static String normalizeCleanup(String policy) {
        return java.util.Arrays.stream(policy.split(",")).map(String::trim).filter(s -> !s.isEmpty()).sorted()
            .collect(Collectors.joining(","));
    }

    public List<TopicSpec> topics() {
        return topics;
    }

    /** Where it was loaded from. */
    public String source() {
        return source;
    }

    public TopicSpec byRole(String role) {
        return topics.stream().filter(t -> t.role().equals(role)).findFirst().orElseThrow(() ->
            new IllegalArgumentException("No topic with role '" + role + "' in " + source + " (roles: "
                + topics.stream().map(TopicSpec::role).toList() + ")"));
    }

    public Optional<TopicSpec> byName(String name) {
        return topics.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** The same catalog with topics renamed: role → name (roles not in the map keep their name). */
    public TopicCatalog withNames(Map<String, String> namesByRole) {
        for (String role : namesByRole.keySet()) {
            byRole(role);
        }
        List<TopicSpec> renamed = topics.stream()
            .map(t -> namesByRole.containsKey(t.role()) ? t.withName(namesByRole.get(t.role())) : t)
            .toList();
        Set<String> unique = new HashSet<>();
        for (TopicSpec t : renamed) {
            require(unique.add(t.name()), "Two roles map to topic name '" + t.name() + "'");
        }
        return new TopicCatalog(source, renamed);
    }

    /**
     * Replication factor and min ISR fitted to a cluster of {@code brokers}; logs one warning
     * when that lowers anything (expected with the 1-node embedded broker, a mistake in production).
     */
    public TopicCatalog clampedTo(int brokers) {
        require(brokers >= 1, "a cluster has at least one broker");
        List<TopicSpec> clamped = topics.stream().map(t -> t.clampedTo(brokers)).toList();
        Map<String, Short> lowered = new LinkedHashMap<>();
        for (int i = 0; i < topics.size(); i++) {
            if (clamped.get(i).replicationFactor() < topics.get(i).replicationFactor()) {
                lowered.put(topics.get(i).name(), topics.get(i).replicationFactor());
            }
        }
        if (!lowered.isEmpty()) {
            LOG.warn("The cluster has {} broker(s): replication factor lowered to {} for {} topic(s) of {} that ask "
                + "for more ({}). Fine for the embedded broker; on a real cluster add brokers.",
                brokers, brokers, lowered.size(), source, lowered);
        }
        return new TopicCatalog(source, clamped);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new TopicCatalogException(message);
        }
    }

    /** The YAML file's shape. */
    static final class FileModel {
        @JsonProperty("defaults") Defaults defaults;
        @JsonProperty("topics") List<TopicModel> topics;
    }

    static final class Defaults {
        @JsonProperty("replication_factor") int replicationFactor = 3;
        @JsonProperty("min_insync_replicas") int minInsyncReplicas = 2;
    }

    static final class TopicModel {
        @JsonProperty("role") String role;
        @JsonProperty("name") String name;
        @JsonProperty("partitions") Integer partitions;
        @JsonProperty("replication_factor") Integer replicationFactor;
        @JsonProperty("min_insync_replicas") Integer minInsyncReplicas;
        @JsonProperty("cleanup_policy") String cleanupPolicy;
        @JsonProperty("retention_ms") Long retentionMs;
        @JsonProperty("key") String key;
        @JsonProperty("value") String value;
        @JsonProperty("doc") String doc;
        @JsonProperty("configs") Map<String, String> configs;
    }
}
