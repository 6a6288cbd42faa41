package io.homeostat.scheduler;

import io.homeostat.avro.InferenceRequest;
import io.homeostat.core.Request;
import io.homeostat.core.queue.AgedPriorityQueue;
import io.homeostat.core.scheduler.PoolScheduler;
import io.homeostat.core.state.PayloadCodec;
import io.homeostat.core.state.PoolStateCodec;
import io.homeostat.core.state.QueueEntryCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's persistent, changelogged store and its keys: a pool's state and its queue
 * entries in one store.
 *
 * <pre>
 *   scheduler-state   [len:2][pool utf-8]           → PoolStateCodec bytes (sensor, controller, policy, queue seq)
 *                     [len:2][pool utf-8][seq:8 BE] → QueueEntryCodec bytes (one queued request)
 * </pre>
 *
 * Why one: under exactly_once_v2 every changelog partition a transaction writes is one more
 * partition the broker verifies and marks at each commit, and the commit blocks the stream
 * thread (no tick runs meanwhile); one store instead of two halves the changelog partitions per
 * task. The queue itself lives in memory ({@link AgedPriorityQueue}); the store only mirrors it,
 * one put per arrival and one delete per dispatch, and is read once, when a task starts (RocksDB
 * as a queue that is drained with scans piles up tombstones; see KAFKA-NOTES). Keys sort by
 * pool (the length prefix keeps one pool's keys from sharing a prefix with another's), then the
 * state (the shorter key) before the entries by seq, so a scan returns each pool's state and then
 * its entries in arrival order, and {@link PoolScheduler#restore} rebuilds the same service
 * order from them. The store is cached: between two commits the changelog gets only the last
 * value of a pool's state, and an entry queued and dispatched within one commit interval reaches
 * it as a tombstone.
 */
final class SchedulerStores {
    private static final Logger LOG = LoggerFactory.getLogger(SchedulerStores.class);
    static final String STORE = "scheduler-state";

    private final KeyValueStore<Bytes, byte[]> store;
    private final QueueEntryCodec<InferenceRequest> entries;

    SchedulerStores(KeyValueStore<Bytes, byte[]> store, PayloadCodec<InferenceRequest> payloads) {
        this.store = store;
        this.entries = new QueueEntryCodec<>(payloads);
    }

    static StoreBuilder<KeyValueStore<Bytes, byte[]>> store() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.Bytes(), Serdes.ByteArray())
            .withCachingEnabled().withLoggingEnabled(Map.of());
    }

    /** The key of a pool's state: {@code [len:2][pool utf-8]}. */
    static Bytes stateKey(String pool) {
        byte[] p = poolBytes(pool);
        return Bytes.wrap(ByteBuffer.allocate(2 + p.length).putShort((short) p.length).put(p).array());
    }

    /** The key of a queued request: {@code [len:2][pool utf-8][seq:8 BE]}. */
    static Bytes queueKey(String pool, long seq) {
        byte[] p = poolBytes(pool);
        return Bytes.wrap(ByteBuffer.allocate(2 + p.length + 8).putShort((short) p.length).put(p)
            .put(QueueEntryCodec.key(seq)).array());
    }

    private static byte[] poolBytes(String pool) {
        byte[] p = pool.getBytes(StandardCharsets.UTF_8);
        if (p.length > 0xFFFF) {
            throw new IllegalArgumentException("pool name of " + p.length + " bytes: at most 65535 fit the store key");
        }
        return p;
    }

    static String poolOf(Bytes key) {
        return new String(key.get(), 2, poolLength(key), StandardCharsets.UTF_8);
    }

    private static int poolLength(Bytes key) {
        byte[] k = key.get();
        return ((k[0] & 0xFF) << 8) | (k[1] & 0xFF);
    }

    /** True for a pool-state key, false for a queue-entry key. */
    static boolean isStateKey(Bytes key) {
        return key.get().length == 2 + poolLength(key);
    }

    void saveState(PoolScheduler<InferenceRequest> s) {
        store.put(stateKey(s.pool()), PoolStateCodec.encode(s.exportState()));
    }

    void saveEntry(String pool, long seq, Request<InferenceRequest> r) {
        store.put(queueKey(pool, seq), entries.encode(new AgedPriorityQueue.Entry<>(seq, r)));
    }

    void deleteEntry(String pool, long seq) {
        store.delete(queueKey(pool, seq));
    }

    /** A pool's persisted state and queue entries, as read back from the stores. */
    record Persisted(PoolScheduler.State state, List<AgedPriorityQueue.Entry<InferenceRequest>> entries) {
    }

    /** Everything persisted, by pool (pools in store order, entries in seq order). */
    Map<String, Persisted> loadAll() {
        Map<String, PoolScheduler.State> states = new LinkedHashMap<>();
        Map<String, List<AgedPriorityQueue.Entry<InferenceRequest>>> queued = new LinkedHashMap<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                String pool = poolOf(kv.key);
                if (isStateKey(kv.key)) {
                    states.put(pool, PoolStateCodec.decode(kv.value));
                } else {
                    queued.computeIfAbsent(pool, p -> new ArrayList<>()).add(entries.decode(kv.value));
                }
            }
        }
        for (String pool : queued.keySet()) {
            if (!states.containsKey(pool)) {
                throw new IllegalStateException("store " + STORE + " holds " + queued.get(pool).size()
                    + " queue entries of pool '" + pool + "' but no state for it");
            }
        }
        Map<String, Persisted> out = new LinkedHashMap<>();
        states.forEach((pool, st) -> {
            List<AgedPriorityQueue.Entry<InferenceRequest>> es = queued.getOrDefault(pool, List.of());
            out.put(pool, new Persisted(reconciled(pool, st, es), es));
        });
        return out;
    }

    /**
     * The state with its queue sequence and latest arrival moved past entries queued after it was
     * written (a plain arrival's state is written at the next tick; a crash in between leaves
     * entries newer than the state). The sensor and controller keep what they had.
     */
    static PoolScheduler.State reconciled(String pool, PoolScheduler.State st,
                                          List<AgedPriorityQueue.Entry<InferenceRequest>> entries) {
        long maxSeq = 0;
        long latest = st.latestArrivalNs();
        for (AgedPriorityQueue.Entry<InferenceRequest> e : entries) {
            maxSeq = Math.max(maxSeq, e.seq());
            latest = Math.max(latest, e.request().arrivalNs());
        }
        AgedPriorityQueue.State q = st.queue();
        if (maxSeq < q.nextSeq()) {
            return st;
        }
        LOG.warn("pool '{}': {} queue entries are newer than its saved state (a crash between an arrival and the next "
            + "tick); continuing the queue at seq {}", pool, maxSeq - q.nextSeq() + 1, maxSeq + 1);
        AgedPriorityQueue.State fixed = new AgedPriorityQueue.State(q.version(), maxSeq + 1,
            q.hasOrigin() || !entries.isEmpty(), q.hasOrigin() ? q.originNs() : entries.stream()
                .min(Comparator.comparingLong(AgedPriorityQueue.Entry::seq)).orElseThrow().request().arrivalNs());
        return new PoolScheduler.State(st.version(), st.pool(), st.policy(), st.sensor(), st.controller(), fixed,
            st.policyState(), st.nextBatchSeq(), latest);
    }
}
