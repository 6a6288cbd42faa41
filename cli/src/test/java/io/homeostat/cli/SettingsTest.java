package io.homeostat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.homeostat.config.CommonConfig;
import io.homeostat.scheduler.SchedulerAppConfig;
import io.homeostat.worker.WorkerConfig;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One properties file for every command: the union of the components' keys, none of them shadowing another's. */
class SettingsTest {
    @Test
    void componentsShareOnlyTheCommonKeys() {
        Set<String> common = CommonConfig.definition().names();
        Set<String> worker = new HashSet<>(WorkerConfig.definition().names());
        Set<String> scheduler = new HashSet<>(SchedulerAppConfig.definition().names());
        worker.removeAll(common);
        scheduler.removeAll(common);
        Set<String> both = new HashSet<>(worker);
        both.retainAll(scheduler);
        assertEquals(Set.of(), both, "a key declared by both the worker and the scheduler would mean two things");
        Set<String> all = Settings.definition().names();
        assertTrue(all.containsAll(common) && all.containsAll(worker) && all.containsAll(scheduler));
        assertEquals(common.size() + worker.size() + scheduler.size(), all.size());
    }
}
