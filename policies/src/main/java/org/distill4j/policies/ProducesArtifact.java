package org.distill4j.policies;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;

/**
 * A policy whose result is a compressed model file besides DL4J's zip (a quantizer's integer
 * model). The framework calls {@link #writeArtifact} once, after training and the test evaluation,
 * with the final model, and reports the file's size, its path in the run folder and
 * {@link #artifactLayers()} in results.json.
 */
public interface ProducesArtifact {

    /** The file name inside the run folder, e.g. {@code model.dq}. */
    String artifactName();

    /** Writes the artifact of {@code model}. */
    void writeArtifact(Model model, OutputStream out) throws IOException;

    /** Per-layer facts for results.json, e.g. {@code conv1 → {bits_weights: 8, bits_activations: 8}}, in layer order. */
    Map<String, Map<String, Object>> artifactLayers(Model model);
}
