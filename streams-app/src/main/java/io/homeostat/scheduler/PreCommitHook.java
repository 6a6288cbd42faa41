package io.homeostat.scheduler;

import java.util.Map;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A state store that stores nothing: Kafka Streams calls it right before each commit of its task,
 * and it calls the scheduler node back, which then writes what changed since the last commit.
 *
 * <pre>
 *   StreamTask.prepareCommit ──► ProcessorStateManager.flushCache ──► every CachedStateStore.flushCache()
 *                                                                     └─ this hook ──► SchedulerProcessor.beforeCommit
 *                                                                          puts: pool states, entries still queued
 *   then: producer.sendOffsetsToTransaction + commitTransaction (exactly_once_v2): the puts' changelog
 *         records, the outputs and the input offsets commit together
 * </pre>
 *
 * Why: the scheduler's stores mirror an in-memory queue for restarts. Written as they change, every
 * request cost an encode, a cache put and a cache delete, and a changelog tombstone at the next
 * commit, although almost every request leaves the queue within the commit interval it arrived in
 * (docs/benchmarks.md: the store cache was 43 % of the stream thread). The state that matters after
 * a crash is the state at the last commit, so that is when it is written: an entry dispatched before
 * the commit that follows its arrival never reaches a store or the changelog. Processors get no
 * pre-commit callback in Kafka Streams' public API; caches do (the same call flushes the record
 * caches into the changelog before the transaction commits), so this hook implements the internal
 * {@link CachedStateStore}. {@code PreCommitHookTest} fails if a Kafka Streams upgrade stops calling it
 * before the commit, and the crash test (reliability) would lose requests.
 */
final class PreCommitHook implements StateStore, CachedStateStore<Object, Object> {
    static final String NAME = "scheduler-commit-hook";

    private Runnable beforeCommit = () -> { };
    private boolean open;

    /** What to run before each commit of this store's task (one hook per task, one node per task). */
    void beforeEachCommit(Runnable action) {
        this.beforeCommit = action;
    }

    /** Stops calling the node back (the node closed; a revived task registers again). */
    void clear() {
        this.beforeCommit = () -> { };
    }

    @Override
    public void flushCache() {
        beforeCommit.run();
    }

    @Override
    public void clearCache() {
        // nothing cached here: the node's unsaved changes die with the node
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<Object, Object> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        context.register(root, (key, value) -> {
            throw new IllegalStateException(NAME + " has no changelog to restore");
        });
        open = true;
    }

    @Override
    public void close() {
        clear();
        open = false;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** Its builder: no changelog, no cache (there is nothing to log or cache). */
    static StoreBuilder<PreCommitHook> builder() {
        return new StoreBuilder<>() {
            @Override
            public StoreBuilder<PreCommitHook> withCachingEnabled() {
                throw new UnsupportedOperationException(NAME + " caches nothing");
            }

            @Override
            public StoreBuilder<PreCommitHook> withCachingDisabled() {
                return this;
            }

            @Override
            public StoreBuilder<PreCommitHook> withLoggingEnabled(Map<String, String> config) {
                throw new UnsupportedOperationException(NAME + " has nothing to log");
            }

            @Override
            public StoreBuilder<PreCommitHook> withLoggingDisabled() {
                return this;
            }

            @Override
            public PreCommitHook build() {
                return new PreCommitHook();
            }

            @Override
            public Map<String, String> logConfig() {
                return Map.of();
            }

            @Override
            public boolean loggingEnabled() {
                return false;
            }

            @Override
            public String name() {
                return NAME;
            }
        };
    }
}
