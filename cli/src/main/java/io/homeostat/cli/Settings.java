package io.homeostat.cli;

import io.homeostat.config.CommonConfig;
import io.homeostat.scheduler.SchedulerAppConfig;
import io.homeostat.worker.WorkerConfig;
import java.util.List;
import org.apache.kafka.common.config.ConfigDef;

/**
 * The union of every component's declared keys: the scheduler's, the worker's and the common ones.
 * Each key stays declared once, in its component; this only gathers them so that one properties
 * file can be handed to any command and a typo is still caught.
 */
public final class Settings {
    private Settings() {
    }

    /** The definitions, common keys first. */
    static List<ConfigDef> components() {
        return List.of(CommonConfig.definition(), WorkerConfig.definition(), SchedulerAppConfig.definition());
    }

    public static ConfigDef definition() {
        ConfigDef all = new ConfigDef();
        for (ConfigDef def : components()) {
            for (ConfigDef.ConfigKey key : def.configKeys().values()) {
                if (!all.configKeys().containsKey(key.name)) {
                    all.define(key);
                }
            }
        }
        return all;
    }
}
