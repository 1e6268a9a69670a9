package org.distill4j.framework.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.distill4j.framework.cli.DistillCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code distill bench} with tiny settings on the real Fashion-MNIST subset; no timing is asserted. */
class BenchCommandTest {
    private static final Path SMALL_FASHION_MNIST = Path.of("../tests/src/test/resources/fashion-mnist-small");

    @Test
    void benchPrintsATableAndWritesOneCsvRowPerModelVariantAndThreadCount(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("bench.csv");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = DistillCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), "bench",
                "--data-path", SMALL_FASHION_MNIST.toString(), "--models", "lenet300_100,lenet5", "--threads", "1,2",
                "--batch-size", "16", "--batches-per-chunk", "4", "--warmup", "1", "--chunks", "2", "--out", csv.toString());
        assertEquals(0, status, err + "\n" + out);
        String table = out.toString();
        for (String variant : List.of("bare-fit", "distill4j", "distill4j+agp", "distill4j+qat8", "distill4j+teacher", "inference",
                "bare-fit-stock-dl4j")) {
            assertTrue(table.contains(variant), variant + " missing from\n" + table);
        }
        List<String> lines = Files.readAllLines(csv);
        assertEquals("model,variant,threads,median_samples_per_s,min,max,chunks,chunk_rates", lines.get(0));
        // 7 variants per model, each at 1 and 2 threads
        assertEquals(1 + (7 + 7) * 2, lines.size(), String.join("\n", lines));
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            assertEquals("2", cells[6], line);
            assertTrue(Double.parseDouble(cells[3]) > 0, line);
        }
    }
}
