package org.distill4j.framework.sense;

import org.distill4j.policies.pruning.StructureType;

/**
 * One weight tensor of a sensitivity analysis.
 *
 * @param name      the parameter's name, e.g. {@code conv1.W}
 * @param layerType the simple class name of its layer's configuration, for messages
 * @param outputs   the structures that are the layer's output units ({@code FILTERS} of a
 *                  convolution, {@code ROWS} of a dense layer), or null when the tensor cannot be
 *                  ranked structurally (only element pruning applies)
 */
public record SensedWeight(String name, String layerType, StructureType outputs) {
}
