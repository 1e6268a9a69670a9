package org.distill4j.framework.data;

import java.util.Map;

/**
 * The three splits of a run plus what provenance needs to tell later which data produced a model.
 *
 * @param train         training examples (seeded-shuffled order, limited by {@code maxTrain})
 * @param validation    held-out examples from the training file; empty when {@code validationSize} is 0
 * @param test          the first {@code maxTest} (or all) examples of the test file, in file order
 * @param files         where the files were found and by which rule
 * @param fileSha256    file path → SHA-256 of the file as stored (what {@code sha256sum} prints)
 * @param contentSha256 standard file name (e.g. {@code train-images-idx3-ubyte}) → SHA-256 of the
 *                      uncompressed IDX bytes; equal for the gzip and plain form of the same data,
 *                      so the better key for comparing runs
 */
public record LoadedData(ImageDataset train, ImageDataset validation, ImageDataset test, DatasetFiles files,
                         Map<String, String> fileSha256, Map<String, String> contentSha256) {
    public LoadedData {
        fileSha256 = Map.copyOf(fileSha256);
        contentSha256 = Map.copyOf(contentSha256);
    }
}
