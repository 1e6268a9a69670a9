package org.distill4j.framework.sense;

import java.util.Locale;

/** What a sensitivity analysis prunes in a tensor. */
public enum PruneKind {
    /** The smallest-magnitude elements (as {@code SparsityLevelParameterPruner}). */
    ELEMENT,
    /**
     * Whole output units ranked by L1 norm (as {@code L1RankedStructureParameterPruner}): filters of
     * a convolution ({@code group_type: Filters}), output neurons of a dense layer ({@code Rows}),
     * with their biases.
     */
    FILTER;

    /** {@code element} or {@code filter}, any case. */
    public static PruneKind parse(String text) {
        for (PruneKind k : values()) {
            if (k.name().equalsIgnoreCase(text.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("must be element or filter, got '" + text + "'");
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
