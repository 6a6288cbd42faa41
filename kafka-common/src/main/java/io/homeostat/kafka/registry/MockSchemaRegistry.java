package io.homeostat.kafka.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * An in-process schema registry for {@code mock://scope} URLs: the embedded default and the
 * tests. Every client that names the same scope in the same JVM shares one instance, so a
 * producer and a consumer configured with {@code mock://homeostat} agree on ids.
 *
 * <p>It behaves like the Confluent registry on the points the serde depends on: ids are global
 * and stable (the same schema text always gets the same id, under any subject), versions are
 * per subject, and a new version must be BACKWARD compatible with the subject's latest (the
 * Confluent default): otherwise {@link SchemaRejectedException}. A fresh registry is seeded
 * with the contract ({@link SeedSchemas}), each schema under its full name as subject, in
 * name order, so ids 1..n are the same in every JVM.
 */
public final class MockSchemaRegistry implements SchemaRegistryClient {
    private static final Map<String, MockSchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private final String url;
    private final Map<String, Integer> idsByText = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, List<Integer>> versionsBySubject = new HashMap<>();

    /** A standalone registry (not shared), seeded with the contract. */
    public MockSchemaRegistry(String scope) {
        this.url = "mock://" + Objects.requireNonNull(scope, "scope");
        for (Schema schema : SeedSchemas.load()) {
            register(schema.getFullName(), schema);
        }
    }

    /** The registry shared by every {@code mock://scope} client in this JVM. */
    public static MockSchemaRegistry forScope(String scope) {
        return SCOPES.computeIfAbsent(scope, MockSchemaRegistry::new);
    }

    /** Forgets a shared scope (tests that want a fresh registry). */
    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        String text = schema.toString();
        List<Integer> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        Integer known = idsByText.get(text);
        if (known != null && versions.contains(known)) {
            return known;
        }
        if (!versions.isEmpty()) {
            Schema latest = schemasById.get(versions.get(versions.size() - 1));
            Optional<String> problem = Compatibility.problem(schema, latest);
            if (problem.isPresent()) {
                throw new SchemaRejectedException("Schema registry " + url + " rejected schema "
                    + schema.getFullName() + " for subject '" + subject
                    + "': not backward compatible with version " + versions.size() + ": "
                    + problem.get());
            }
        }
        int id = known != null ? known : schemasById.size() + 1;
        idsByText.put(text, id);
        schemasById.put(id, schema);
        versions.add(id);
        return id;
    }

    @Override
    public synchronized Schema getById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new SchemaNotFoundException("Schema registry " + url + " has no schema with id " + id);
        }
        return schema;
    }

    @Override
    public synchronized int lookup(String subject, Schema schema) {
        List<Integer> versions = versionsBySubject.get(subject);
        if (versions == null) {
            throw new SchemaNotFoundException("Schema registry " + url + " has no subject '" + subject + "'");
        }
        Integer id = idsByText.get(schema.toString());
        if (id == null || !versions.contains(id)) {
            throw new SchemaNotFoundException("Schema registry " + url + ": subject '" + subject
                + "' does not hold schema " + schema.getFullName());
        }
        return id;
    }

    /** Version (1-based) of schema {@code id} under {@code subject}, or -1. For the REST test server. */
    public synchronized int versionOf(String subject, int id) {
        List<Integer> versions = versionsBySubject.get(subject);
        int index = versions == null ? -1 : versions.indexOf(id);
        return index < 0 ? -1 : index + 1;
    }

    /** True when {@code subject} has at least one version. */
    public synchronized boolean hasSubject(String subject) {
        return versionsBySubject.containsKey(subject);
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public String toString() {
        return "MockSchemaRegistry[" + url + "]";
    }
}
