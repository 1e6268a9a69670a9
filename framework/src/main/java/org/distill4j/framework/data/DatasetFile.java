package org.distill4j.framework.data;

/**
 * The four files of an MNIST-style data set, by their standard names. On disk each may be plain
 * ({@code train-images-idx3-ubyte}) or gzip-compressed ({@code train-images-idx3-ubyte.gz}); the
 * reader tells them apart by content, the name only decides which one is looked for.
 */
public enum DatasetFile {
    TRAIN_IMAGES("train-images-idx3-ubyte", true),
    TRAIN_LABELS("train-labels-idx1-ubyte", false),
    TEST_IMAGES("t10k-images-idx3-ubyte", true),
    TEST_LABELS("t10k-labels-idx1-ubyte", false);

    private final String baseName;
    private final boolean images;

    DatasetFile(String baseName, boolean images) {
        this.baseName = baseName;
        this.images = images;
    }

    /** The uncompressed name, e.g. {@code train-images-idx3-ubyte}; also the key of checksum tables. */
    public String baseName() {
        return baseName;
    }

    /** The name under which mirrors publish the file, e.g. {@code train-images-idx3-ubyte.gz}. */
    public String gzName() {
        return baseName + ".gz";
    }

    /** True for an idx3 image file, false for an idx1 label file. */
    public boolean isImages() {
        return images;
    }
}
