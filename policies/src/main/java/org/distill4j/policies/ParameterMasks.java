package org.distill4j.policies;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.gradient.Gradient;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Binary masks over parameters (1 keeps, 0 prunes). The scheduler applies them to the gradients
 * before every optimizer step and to the weights after it, in every epoch, whether or not the
 * policy that set them is still active: a pruned weight never grows back through momentum or
 * Adam state. (Masking only the weights lets 266 of 300 pruned weights regrow within 20 Adam
 * steps; masking gradients and weights keeps all at zero — see DL4J-NOTES.)
 */
public final class ParameterMasks {
    private final Map<String, INDArray> masks = new LinkedHashMap<>();

    /** Sets (or replaces) the mask of one parameter; it must have the parameter's shape. */
    public void set(String name, INDArray mask) {
        masks.put(name, mask);
    }

    public INDArray get(String name) {
        return masks.get(name);
    }

    public boolean has(String name) {
        return masks.containsKey(name);
    }

    public void remove(String name) {
        masks.remove(name);
    }

    public Map<String, INDArray> asMap() {
        return Collections.unmodifiableMap(masks);
    }

    public boolean isEmpty() {
        return masks.isEmpty();
    }

    /** Multiplies every masked parameter by its mask, in place. */
    public void applyToParameters(ModelParameters parameters) {
        for (Map.Entry<String, INDArray> e : masks.entrySet()) {
            parameters.get(e.getKey()).muli(e.getValue());
        }
    }

    /** Multiplies the gradient of every masked parameter by its mask, in place. */
    public void applyToGradients(ModelParameters parameters, Gradient gradient) {
        for (Map.Entry<String, INDArray> e : masks.entrySet()) {
            INDArray g = parameters.gradientOf(gradient, e.getKey());
            if (g != null) {
                g.muli(e.getValue());
            }
        }
    }
}
