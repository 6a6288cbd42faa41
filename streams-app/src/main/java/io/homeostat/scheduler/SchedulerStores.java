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
 * The scheduler's two persistent, changelogged stores and their keys.
 *
 * <pre>
 *   scheduler-pools   pool                          → PoolStateCodec bytes (sensor, controller, policy, queue seq)
 *   scheduler-queue   [len:2][pool utf-8][seq:8 BE] → QueueEntryCodec bytes (one queued request)
 * </pre>
 *
 * Why two: the queue itself lives in memory ({@link AgedPriorityQueue}); the store only mirrors
 * it and is read once, when a task starts (RocksDB as a queue that is drained with scans piles up
 * tombstones; see KAFKA-NOTES). The queue store's key sorts by pool, then by seq, so a scan
 * returns each pool's entries in arrival order, and {@link PoolScheduler#restore} rebuilds the
 * same service order from them. The scheduler node writes both right before each commit
 * ({@link PreCommitHook}): a changed pool's state once, each entry still queued that no commit
 * wrote yet once; an entry that a commit wrote is deleted when it leaves the queue. So neither
 * store needs Streams' record cache (it would only copy what is written once per commit anyway).
 */
final class SchedulerStores {
    private static final Logger LOG = LoggerFactory.getLogger(SchedulerStores.class);
    static final String POOLS = "scheduler-pools";
    static final String QUEUE = "scheduler-queue";

    private final KeyValueStore<String, byte[]> pools;
    private final KeyValueStore<Bytes, byte[]> queue;
    private final QueueEntryCodec<InferenceRequest> entries;

    SchedulerStores(KeyValueStore<String, byte[]> pools, KeyValueStore<Bytes, byte[]> queue,
                    PayloadCodec<InferenceRequest> payloads) {
        this.pools = pools;
        this.queue = queue;
        this.entries = new QueueEntryCodec<>(payloads);
    }

    static StoreBuilder<KeyValueStore<String, byte[]>> poolsStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(POOLS), Serdes.String(), Serdes.ByteArray())
            .withCachingDisabled().withLoggingEnabled(Map.of());
    }

    static StoreBuilder<KeyValueStore<Bytes, byte[]>> queueStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(QUEUE), Serdes.Bytes(), Serdes.ByteArray())
            .withCachingDisabled().withLoggingEnabled(Map.of());
    }

    static Bytes queueKey(String pool, long seq) {
        byte[] p = pool.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(2 + p.length + 8).putShort((short) p.length).put(p)
            .put(QueueEntryCodec.key(seq)).array());
    }

    static String poolOf(Bytes queueKey) {
        ByteBuffer b = ByteBuffer.wrap(queueKey.get());
        int len = Short.toUnsignedInt(b.getShort());
        return new String(queueKey.get(), 2, len, StandardCharsets.UTF_8);
    }

    void saveState(PoolScheduler<InferenceRequest> s) {
        pools.put(s.pool(), PoolStateCodec.encode(s.exportState()));
    }

    void saveEntry(String pool, long seq, Request<InferenceRequest> r) {
        queue.put(queueKey(pool, seq), entries.encode(new AgedPriorityQueue.Entry<>(seq, r)));
    }

    void deleteEntry(String pool, long seq) {
        queue.delete(queueKey(pool, seq));
    }

    /** A pool's persisted state and queue entries, as read back from the stores. */
    record Persisted(PoolScheduler.State state, List<AgedPriorityQueue.Entry<InferenceRequest>> entries) {
    }

    /** Everything persisted, by pool (pools in store order, entries in seq order). */
    Map<String, Persisted> loadAll() {
        Map<String, PoolScheduler.State> states = new LinkedHashMap<>();
        try (KeyValueIterator<String, byte[]> it = pools.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                states.put(kv.key, PoolStateCodec.decode(kv.value));
            }
        }
        Map<String, List<AgedPriorityQueue.Entry<InferenceRequest>>> queued = new LinkedHashMap<>();
        try (KeyValueIterator<Bytes, byte[]> it = queue.all()) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> kv = it.next();
                queued.computeIfAbsent(poolOf(kv.key), p -> new ArrayList<>()).add(entries.decode(kv.value));
            }
        }
        for (String pool : queued.keySet()) {
            if (!states.containsKey(pool)) {
                throw new IllegalStateException("store " + QUEUE + " holds " + queued.get(pool).size()
                    + " entries of pool '" + pool + "' but " + POOLS + " has no state for it");
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
     * written. Since both are written before each commit this does not happen any more, but stores
     * written by earlier versions (entries at arrival, the state at the next tick) can hold such
     * entries after a crash. The sensor and controller keep what they had.
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
