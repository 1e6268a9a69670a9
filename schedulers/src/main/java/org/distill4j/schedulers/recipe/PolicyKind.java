package org.distill4j.schedulers.recipe;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kinds of scheduled policy in Distiller's schema (version 1) plus {@code distillers}: the
 * section that defines instances ({@code pruners:}) and the key that schedules one in a
 * {@code policies:} entry ({@code pruner: {instance_name: fc}}).
 */
public enum PolicyKind {
    PRUNER("pruner", "pruners"),
    REGULARIZER("regularizer", "regularizers"),
    QUANTIZER("quantizer", "quantizers"),
    LR_SCHEDULER("lr_scheduler", "lr_schedulers"),
    EXTENSION("extension", "extensions"),
    DISTILLER("distiller", "distillers");

    private final String key;
    private final String section;

    PolicyKind(String key, String section) {
        this.key = key;
        this.section = section;
    }

    /** The key in a {@code policies:} entry, e.g. {@code pruner}; also {@link org.distill4j.schedulers.ScheduledPolicy#kind()}. */
    public String key() {
        return key;
    }

    /** The top-level section that defines instances, e.g. {@code pruners}. */
    public String section() {
        return section;
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(PolicyKind::key).toList();
    }

    public static List<String> sections() {
        return Arrays.stream(values()).map(PolicyKind::section).toList();
    }

    public static Optional<PolicyKind> byKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }
}
