package org.distill4j.policies.pruning;

/**
 * The structures a structured pruner or a group-lasso regularizer ranks, with Distiller's names
 * (matched case-insensitively in recipes: {@code group_type: Filters}).
 *
 * <p>DL4J layouts: a convolution weight is {@code [nOut, nIn, kH, kW]}, a dense weight
 * {@code [nIn, nOut]} (PyTorch's is {@code [out, in]}). The names keep Distiller's meaning, so a
 * recipe means the same here as there:
 * <ul>
 * <li>{@link #FILTERS}: one output channel of a convolution, {@code W[f, :, :, :]};</li>
 * <li>{@link #CHANNELS}: one input channel of a convolution, {@code W[:, c, :, :]};</li>
 * <li>{@link #ROWS}: one output neuron of a dense layer (a row of PyTorch's matrix), DL4J's column
 *     {@code W[:, o]};</li>
 * <li>{@link #COLS}: one input of a dense layer (a column of PyTorch's matrix), DL4J's row
 *     {@code W[i, :]}.</li>
 * </ul>
 */
public enum StructureType {
    FILTERS(4, 0), CHANNELS(4, 1), ROWS(2, 1), COLS(2, 0);

    private final int rank;
    private final int dimension;

    StructureType(int rank, int dimension) {
        this.rank = rank;
        this.dimension = dimension;
    }

    /** The rank of the weights this structure applies to (4 for convolutions, 2 for dense layers). */
    public int weightRank() {
        return rank;
    }

    /** The dimension of the DL4J weight that indexes the structures. */
    public int dimension() {
        return dimension;
    }

    /** Whether removing structures of this type removes output units (filters, neurons) of the layer. */
    public boolean isOutput() {
        return this == FILTERS || this == ROWS;
    }
}
