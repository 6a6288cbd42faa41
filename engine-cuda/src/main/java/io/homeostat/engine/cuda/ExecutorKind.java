package io.homeostat.engine.cuda;

import java.util.Locale;

/** The {@code executor} setting: {@code auto} (CUDA when usable, else CPU), {@code cpu} or {@code cuda}. */
public enum ExecutorKind {
    AUTO, CPU, CUDA;

    public static ExecutorKind parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("executor must be auto, cpu or cuda, got '" + s + "'", e);
        }
    }
}
