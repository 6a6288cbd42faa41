package io.homeostat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.homeostat.kafka.test.SharedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** topics, produce and consume against the real embedded broker; bad input and a broker that is not there. */
@ExtendWith(SharedKafka.class)
class ClientCommandsIntegrationTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void topicsThenProduceThenConsume(@TempDir Path dir) throws Exception {
        Cli.Topics t = Cli.Topics.unique("clients");
        Cli.Result topics = Cli.run(Cli.onBroker(t, "topics"));
        assertEquals(0, topics.exit(), topics::toString);
        assertTrue(topics.out().contains(t.name("requests")) && topics.out().contains("created"), topics::toString);
        Cli.Result again = Cli.run(Cli.onBroker(t, "topics"));
        assertEquals(0, again.exit(), again::toString);
        assertTrue(!again.out().contains("created"), "idempotent: " + again);

        Path lines = dir.resolve("requests.jsonl");
        Files.writeString(lines, String.join("\n",
            "{\"request_id\":\"a\",\"tenant\":\"acme\",\"prompt_text\":\"Hello\",\"max_new_tokens\":4}",
            "",
            "{\"request_id\":\"b\",\"tenant\":\"zeta\",\"pool\":\"p2\",\"priority_bid\":2.5,\"prompt_tokens\":30,"
                + "\"max_new_tokens\":8,\"prefix_hashes\":[1,2],\"attributes\":{\"k\":\"v\"},\"client_timestamp_us\":1700000000000000}",
            "{\"tenant\":\"acme\",\"prompt_tokens\":-3,\"max_new_tokens\":4}",
            "{\"tenant\":\"acme\",\"prompt_tokens\":3,\"max_new_tokens\":4,\"colour\":\"red\"}",
            "{\"tenant\":\"acme\",\"max_new_tokens\":4}",
            "not json",
            "{\"prompt_tokens\":3,\"max_new_tokens\":1}") + "\n");

        Cli.Result stop = Cli.run(Cli.onBroker(t, "produce", lines.toString()));
        assertEquals(ExitCode.BAD_INPUT, stop.exit(), stop::toString);
        assertTrue(stop.err().contains("requests.jsonl:4: field 'prompt_tokens'"), stop::toString);
        assertTrue(stop.err().contains("produced 2 request(s)"), "lines before the bad one are sent: " + stop);

        Cli.Result skip = Cli.run(Cli.onBroker(t, "produce", lines.toString(), "--on-error", "skip", "--id-prefix", "x"));
        assertEquals(0, skip.exit(), skip::toString);
        assertTrue(skip.err().contains("field 'colour' unknown field"), skip::toString);
        assertTrue(skip.err().contains("requests.jsonl:6: field 'prompt_tokens' missing"), skip::toString);
        assertTrue(skip.err().contains("requests.jsonl:7: not valid JSON"), skip::toString);
        assertTrue(skip.err().contains("produced 3 request(s)") && skip.err().contains("skipped 4"), skip::toString);

        Cli.Result consumed = Cli.run(Cli.onBroker(t, "consume", "requests", "--from-beginning"));
        assertEquals(0, consumed.exit(), consumed::toString);
        List<JsonNode> records = new ArrayList<>();
        for (String l : consumed.out().lines().toList()) {
            records.add(JSON.readTree(l));
        }
        assertEquals(5, records.size(), consumed::toString);
        JsonNode b = records.stream().filter(r -> r.get("request_id").asText().equals("b")).findFirst().orElseThrow();
        assertEquals("zeta", b.get("tenant").asText());
        assertEquals("p2", b.get("pool").asText());
        assertEquals(2.5, b.get("priority_bid").asDouble());
        assertEquals(1700000000000000L, b.get("client_timestamp_us").asLong());
        assertEquals("[1,2]", b.get("prefix_hashes").toString());
        assertEquals("v", b.get("attributes").get("k").asText());
        JsonNode a = records.stream().filter(r -> r.get("request_id").asText().equals("a")).findFirst().orElseThrow();
        assertEquals("Hello", a.get("prompt_text").asText());
        assertEquals(6, a.get("prompt_tokens").asInt(), "BOS + 5 bytes");
        assertEquals("default", a.get("pool").asText());
        assertTrue(records.stream().anyMatch(r -> r.get("request_id").asText().equals("x-8")), "generated id <prefix>-<line>");

        Cli.Result limited = Cli.run(Cli.onBroker(t, "consume", "requests", "--from-beginning", "--limit", "2"));
        assertEquals(2, limited.out().lines().count(), limited::toString);
        Cli.Result tooMany = Cli.run(Cli.onBroker(t, "consume", "requests", "--from-beginning", "--limit", "9", "--timeout", "1"));
        assertEquals(ExitCode.INCOMPLETE, tooMany.exit(), tooMany::toString);
        assertEquals(5, tooMany.out().lines().count(), tooMany::toString);
        Cli.Result empty = Cli.run(Cli.onBroker(t, "consume", "dead-letter", "--from-beginning"));
        assertEquals(0, empty.exit(), empty::toString);
        assertEquals("", empty.out());
    }

    @Test
    void aTopicThatContradictsTheFileIsExit5() throws Exception {
        Cli.Topics t = Cli.Topics.unique("contra");
        try (var admin = org.apache.kafka.clients.admin.Admin.create(SharedKafka.clientProperties())) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(t.name("results"), 1, (short) 1)))
                .all().get();
        }
        Cli.Result r = Cli.run(Cli.onBroker(t, "topics"));
        assertEquals(ExitCode.TOPIC, r.exit(), r::toString);
        assertTrue(r.err().contains(t.name("results")) && r.err().contains("partitions"), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
    }

    @Test
    void aTopicThatDoesNotExistIsNamed() {
        Cli.Topics t = Cli.Topics.unique("absent");
        Cli.Result r = Cli.run(Cli.onBroker(t, "consume", "results"));
        assertEquals(ExitCode.TOPIC, r.exit(), r::toString);
        assertTrue(r.err().contains(t.name("results") + " does not exist") && r.err().contains("./homeostat topics"), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
    }

    @Test
    void unknownTopicKindAndUnknownSetting() {
        Cli.Result kind = Cli.run("consume", "answers", "--bootstrap-servers", SharedKafka.bootstrapServers());
        assertEquals(ExitCode.USAGE, kind.exit(), kind::toString);
        Cli.Result key = Cli.run("consume", "results", "--bootstrap-servers", SharedKafka.bootstrapServers(), "--set",
            "topic.result=x");
        assertEquals(ExitCode.USAGE, key.exit(), key::toString);
        assertTrue(key.err().contains("Unknown configuration key 'topic.result'") && key.err().contains("topic.results"), key::toString);
    }

    @Test
    void anUnreachableSchemaRegistryIsExit4AndNamesTheUrl(@TempDir Path dir) throws Exception {
        Cli.Topics t = Cli.Topics.unique("registry");
        assertEquals(0, Cli.run(Cli.onBroker(t, "topics")).exit());
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path lines = dir.resolve("one.jsonl");
        Files.writeString(lines, "{\"prompt_tokens\":3,\"max_new_tokens\":1}\n");
        Cli.Result r = Cli.run(Cli.onBroker(t, "produce", lines.toString(), "--schema-registry-url", "http://127.0.0.1:" + port,
            "--set", "schema.registry.retry.max.attempts=2"));
        assertEquals(ExitCode.UNREACHABLE, r.exit(), r::toString);
        assertTrue(r.err().contains("http://127.0.0.1:" + port), r::toString);
    }

    @Test
    void clientCommandsNeedABroker() {
        Cli.Result r = Cli.run("consume", "results");
        assertEquals(ExitCode.USAGE, r.exit(), r::toString);
        assertTrue(r.err().contains("--bootstrap-servers"), r::toString);
    }

    @Test
    void anUnreachableBrokerIsOneLineAndExit4() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        Cli.Result r = Cli.run("consume", "results", "--bootstrap-servers", "127.0.0.1:" + port);
        assertEquals(ExitCode.UNREACHABLE, r.exit(), r::toString);
        assertTrue(r.err().startsWith("error: Kafka is not reachable at bootstrap.servers=127.0.0.1:" + port), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
    }
}
