package io.homeostat.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.homeostat.avro.InferenceRequest;
import io.homeostat.engine.exec.SequenceRequest;
import io.homeostat.engine.exec.TokenMapping;
import io.homeostat.engine.model.ModelConfig;
import io.homeostat.engine.tokenizer.ByteTokenizer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromptBuilderTest {
    private final ModelConfig shape = new ModelConfig(64, 128, 2, 4, 2, 512, 128, true);
    private final PromptBuilder builder = new PromptBuilder(new ByteTokenizer(512), TokenMapping.forModel(shape));

    @Test
    void textIsTokenizedWithBos() {
        InferenceRequest r = TestBatches.request("a", "p", 0, 4);
        r.setPromptText("hi");
        SequenceRequest s = builder.build(r);
        assertArrayEquals(new int[] {1, 3 + 'h', 3 + 'i'}, s.prompt());
        assertEquals(4, s.maxNewTokens());
        assertEquals(0f, s.temperature());
        assertNull(s.cacheNamespace());
    }

    @Test
    void countOnlyRequestsGetDeterministicTokensOfThatLength() {
        SequenceRequest a = builder.build(TestBatches.request("x", "p", 20, 3));
        SequenceRequest b = builder.build(TestBatches.request("x", "p", 20, 3));
        assertEquals(20, a.prompt().length);
        assertArrayEquals(a.prompt(), b.prompt());
    }

    @Test
    void sharedPrefixHashesGiveSharedLeadingTokens() {
        InferenceRequest r1 = TestBatches.request("r1", "p", 60, 3);
        InferenceRequest r2 = TestBatches.request("r2", "p", 60, 3);
        r1.setPrefixHashes(List.of(7L, 8L));
        r2.setPrefixHashes(List.of(7L, 9L));
        SequenceRequest a = builder.build(r1);
        SequenceRequest b = builder.build(r2);
        int block = TokenMapping.forModel(shape).tokensPerHashBlock();
        for (int i = 0; i < Math.min(block, 60); i++) {
            assertEquals(a.prompt()[i], b.prompt()[i], "token " + i);
        }
        assertEquals("", a.cacheNamespace(), "trace prefixes share one namespace");
    }

    @Test
    void agentAndSamplingAttributesPassThrough() {
        InferenceRequest r = TestBatches.request("s", "p", 5, 3);
        r.setAgentId("agent-9");
        r.setAttributes(Map.of("temperature", "0.7", "seed", "11"));
        SequenceRequest s = builder.build(r);
        assertEquals("agent-9", s.cacheNamespace());
        assertEquals(0.7f, s.temperature());
        assertEquals(11L, s.seed());
        r.setAttributes(Map.of("temperature", "-3"));
        assertEquals(0f, builder.build(r).temperature(), "invalid temperature falls back to greedy");
    }
}
