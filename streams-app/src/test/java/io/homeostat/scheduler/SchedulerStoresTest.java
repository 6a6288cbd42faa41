package io.homeostat.scheduler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;

/** The one store's keys: each pool's state first, then its entries by seq; pools never interleave. */
class SchedulerStoresTest {
    @Test
    void keysSortByPoolThenStateThenSeq() {
        List<Bytes> keys = new ArrayList<>(List.of(
            SchedulerStores.queueKey("ab", 1), SchedulerStores.stateKey("b"), SchedulerStores.queueKey("a", 300),
            SchedulerStores.stateKey("ab"), SchedulerStores.queueKey("a", 2), SchedulerStores.stateKey("a"),
            SchedulerStores.queueKey("b", 0), SchedulerStores.queueKey("é", 7), SchedulerStores.stateKey("é")));
        keys.sort(null); // Bytes order: unsigned lexicographic, as RocksDB and the in-memory store iterate
        List<String> shown = keys.stream().map(k -> SchedulerStores.poolOf(k)
            + (SchedulerStores.isStateKey(k) ? ":state" : ":" + (k.get()[k.get().length - 1] & 0xFF
                | (k.get()[k.get().length - 2] & 0xFF) << 8))).toList();
        assertEquals(List.of("a:state", "a:2", "a:300", "b:state", "b:0", "ab:state", "ab:1", "é:state", "é:7"), shown);
        assertTrue(SchedulerStores.isStateKey(SchedulerStores.stateKey("pool-a")));
        assertFalse(SchedulerStores.isStateKey(SchedulerStores.queueKey("pool-a", 0)));
        assertEquals("pool-a", SchedulerStores.poolOf(SchedulerStores.queueKey("pool-a", 5)));
    }
}
