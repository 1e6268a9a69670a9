package org.distill4j.framework.quantized;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.distill4j.framework.run.RunFolder;
import org.distill4j.policies.ProducesArtifact;
import org.distill4j.schedulers.CompressionScheduler;
import org.distill4j.schedulers.ScheduledPolicy;

/**
 * Writes the compressed artifacts of a run's {@link ProducesArtifact} policies into the run folder
 * and describes them for results.json ({@code final.artifact_bytes}, {@code final.artifact_path},
 * the bits of each layer) and summary.txt. Sizes are compared with the float model saved without
 * optimizer state ({@code final.float_model_bytes}), the fair baseline for a deployable file.
 */
public record ArtifactReport(Map<String, Object> finalEntries, Map<String, Map<String, Object>> layers, String table) {

    public static ArtifactReport none() {
        return new ArtifactReport(Map.of(), Map.of(), "");
    }

    /**
     * Writes the artifact of the last {@link ProducesArtifact} policy in the recipe (none: an empty
     * report). A {@code .dq} integer model is also evaluated on {@code test}
     * ({@code final.artifact_test_top1}).
     */
    public static ArtifactReport write(CompressionScheduler scheduler, MultiLayerNetwork net, RunFolder folder,
                                       org.distill4j.framework.data.ImageDataset test) {
        ProducesArtifact producer = null;
        for (ScheduledPolicy p : scheduler.policies()) {
            if (p.policy() instanceof ProducesArtifact a) {
                producer = a;
            }
        }
        if (producer == null) {
            return none();
        }
        ProducesArtifact a = producer;
        String name = a.artifactName();
        folder.write(name, tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                a.writeArtifact(net, out);
            }
        });
        try {
            long bytes = Files.size(folder.resolve(name));
            long floatBytes = floatModelBytes(net);
            Map<String, Object> fin = new LinkedHashMap<>();
            fin.put("artifact_path", name);
            fin.put("artifact_bytes", bytes);
            fin.put("float_model_bytes", floatBytes);
            fin.put("artifact_ratio", (double) bytes / floatBytes);
            if (DqModel.isDq(folder.resolve(name))) {
                fin.put("artifact_test_top1", DqModel.read(folder.resolve(name)).top1(test.features(), test.labels()));
            }
            Map<String, Map<String, Object>> layers = a.artifactLayers(net);
            return new ArtifactReport(fin, layers, table(name, bytes, floatBytes, layers));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The size of the model zip without updater state. */
    public static long floatModelBytes(MultiLayerNetwork net) throws IOException {
        Path tmp = Files.createTempFile("distill4j-float", ".zip");
        try {
            ModelSerializer.writeModel(net, new File(tmp.toString()), false);
            return Files.size(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static String table(String name, long bytes, long floatBytes, Map<String, Map<String, Object>> layers) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%nartifact %s: %d bytes, %.1f%% of the float model zip without updater (%d bytes)%n",
                name, bytes, 100.0 * bytes / floatBytes, floatBytes));
        String format = "%-10s %-8s %12s %16s %9s%n";
        b.append(String.format(Locale.ROOT, format, "layer", "scheme", "bits weights", "bits activations", "bits bias"));
        layers.forEach((layer, m) -> b.append(String.format(Locale.ROOT, format, layer, m.getOrDefault("scheme", "float"),
                m.get("bits_weights"), m.get("bits_activations"), m.getOrDefault("bits_bias", 32))));
        return b.toString();
    }
}
