package org.distill4j.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeterminismTest {
    @TempDir
    Path dir;

    /** metrics.csv without its wall-clock and memory columns. */
    static java.util.List<String> withoutSeconds(Path csv) throws Exception {
        java.util.List<String> lines = Files.readAllLines(csv);
        java.util.List<String> header = java.util.Arrays.asList(lines.get(0).split(","));
        java.util.Set<Integer> drop = new java.util.HashSet<>();
        for (String column : java.util.List.of("seconds", "rss_mb", "peak_rss_mb")) {
            if (header.contains(column)) {
                drop.add(header.indexOf(column));
            }
        }
        return lines.stream().map(line -> {
            String[] cells = line.split(",", -1);
            java.util.List<String> kept = new java.util.ArrayList<>();
            for (int i = 0; i < cells.length; i++) {
                if (!drop.contains(i)) {
                    kept.add(cells[i]);
                }
            }
            return String.join(",", kept);
        }).toList();
    }

    @Test
    void theSameSeedGivesTheSameParametersAndMetrics() throws Exception {
        Path recipe = SmallData.recipe(dir, "r.yaml", SmallData.PRUNED_MLP);
        for (String run : new String[] {"a", "b"}) {
            assertEquals(0, SmallData.distill("run", recipe.toString(), "--out", dir.resolve(run).toString(),
                    "--set", "training.epochs=2").status());
        }
        assertEquals(withoutSeconds(dir.resolve("a/metrics.csv")), withoutSeconds(dir.resolve("b/metrics.csv")));
        MultiLayerNetwork a = ModelSerializer.restoreMultiLayerNetwork(new File(dir.resolve("a/model.zip").toString()));
        MultiLayerNetwork b = ModelSerializer.restoreMultiLayerNetwork(new File(dir.resolve("b/model.zip").toString()));
        assertEquals(a.params(), b.params());
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.readTree(dir.resolve("a/results.json").toFile()).get("final").get("test_top1"),
                json.readTree(dir.resolve("b/results.json").toFile()).get("final").get("test_top1"));
    }
}
