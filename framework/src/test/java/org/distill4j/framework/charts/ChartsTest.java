package org.distill4j.framework.charts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import javax.imageio.ImageIO;
import org.distill4j.framework.run.RunFolder;
import org.distill4j.framework.training.EpochMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {
    static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    static BufferedImage png(byte[] bytes) throws Exception {
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, 8));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        assertEquals(ChartImages.WIDTH, image.getWidth());
        assertEquals(ChartImages.HEIGHT, image.getHeight());
        return image;
    }

    private static List<EpochMetrics> epochs(int n, boolean pruned) {
        List<EpochMetrics> rows = new ArrayList<>();
        for (int e = 0; e < n; e++) {
            Map<String, Double> v = new LinkedHashMap<>();
            v.put("epoch", (double) e);
            v.put("train_loss", 1.0 / (e + 1));
            v.put("val_top1", 0.7 + 0.05 * e);
            v.put("weight_sparsity", pruned ? 0.2 * e : 0.0);
            if (pruned) {
                v.put("agp.target_sparsity", 0.2 * e);
            }
            rows.add(new EpochMetrics(e, v));
        }
        return rows;
    }

    @Test
    void chartsRenderWithoutADisplay() throws Exception {
        byte[] bytes = ChartImages.png(AccuracyChart.of(epochs(2, false), OptionalDouble.of(0.75)));
        assertTrue(GraphicsEnvironment.isHeadless());
        png(bytes);
    }

    @Test
    void aRunFolderGetsAccuracyAndSparsityCharts(@TempDir Path dir) throws Exception {
        RunFolder folder = RunFolder.create(dir.resolve("run"));
        RunCharts.write(folder, epochs(3, true), OptionalDouble.empty());
        byte[] first = Files.readAllBytes(folder.resolve(RunCharts.ACCURACY));
        png(first);
        png(Files.readAllBytes(folder.resolve(RunCharts.SPARSITY)));
        RunCharts.write(folder, epochs(3, true), OptionalDouble.of(0.86));
        byte[] withTest = Files.readAllBytes(folder.resolve(RunCharts.ACCURACY));
        png(withTest);
        assertFalse(Arrays.equals(first, withTest), "the test top-1 is drawn");
        try (var files = Files.list(folder.dir())) {
            assertEquals(List.of(RunCharts.ACCURACY, RunCharts.SPARSITY),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary file is left");
        }
    }

    @Test
    void oneEpochAndNoMetricsAreFine(@TempDir Path dir) throws Exception {
        RunFolder folder = RunFolder.create(dir.resolve("run"));
        RunCharts.write(folder, List.of(), OptionalDouble.empty());
        assertFalse(Files.exists(folder.resolve(RunCharts.ACCURACY)));
        RunCharts.write(folder, epochs(1, false), OptionalDouble.of(0.5));
        png(Files.readAllBytes(folder.resolve(RunCharts.ACCURACY)));
        png(Files.readAllBytes(folder.resolve(RunCharts.SPARSITY)));
    }
}
