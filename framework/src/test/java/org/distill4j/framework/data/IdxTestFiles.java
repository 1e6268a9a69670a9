package org.distill4j.framework.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.zip.GZIPOutputStream;

/** Writes small synthetic IDX data sets and finds the shipped test resources. */
final class IdxTestFiles {
    /** The real 2000/500-example Fashion-MNIST subset shipped with the tests module. */
    static final Path SMALL_FASHION_MNIST = Paths.get("../tests/src/test/resources/fashion-mnist-small");
    static final Path INSTALLED_FASHION_MNIST = Paths.get("/usr/share/datasets/fashion-mnist");

    private IdxTestFiles() {
    }

    static Path resource(String name) {
        try {
            return Paths.get(IdxTestFiles.class.getResource("/idx/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Image {@code i} has every pixel equal to {@code i % 256} (so rows can be told apart after a
     * shuffle), label {@code i % 10}.
     */
    static byte[] images(int count, int rows, int cols) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(IdxReader.IMAGES_MAGIC);
            out.writeInt(count);
            out.writeInt(rows);
            out.writeInt(cols);
            for (int i = 0; i < count; i++) {
                for (int k = 0; k < rows * cols; k++) {
                    out.writeByte(i % 256);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] labels(int count) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(IdxReader.LABELS_MAGIC);
            out.writeInt(count);
            for (int i = 0; i < count; i++) {
                out.writeByte(i % 10);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Path write(Path file, byte[] content, boolean gzip) {
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file))
                    : Files.newOutputStream(file)) {
                out.write(content);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a complete synthetic data set (train {@code trainCount}, test {@code testCount}, 2x2 images). */
    static Path writeDataset(Path dir, int trainCount, int testCount, boolean gzip) {
        String ext = gzip ? ".gz" : "";
        write(dir.resolve(DatasetFile.TRAIN_IMAGES.baseName() + ext), images(trainCount, 2, 2), gzip);
        write(dir.resolve(DatasetFile.TRAIN_LABELS.baseName() + ext), labels(trainCount), gzip);
        write(dir.resolve(DatasetFile.TEST_IMAGES.baseName() + ext), images(testCount, 2, 2), gzip);
        write(dir.resolve(DatasetFile.TEST_LABELS.baseName() + ext), labels(testCount), gzip);
        return dir;
    }
}
