package org.distill4j.framework.data;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link DatasetRequest} into train, validation and test sets: locates the files, reads and
 * validates them, holds out validation examples and applies the quick-run limits.
 *
 * <p>Validation is taken from the <em>end</em> of the training file after a shuffle seeded with
 * {@link DatasetRequest#seed()}: the raw files are ordered in ways that are not random, so a plain
 * tail would not be a fair sample, and the seed makes the split reproducible from provenance.
 * {@code maxTrain} then keeps the first examples of the (shuffled) remainder, so a small quick run
 * still sees every class; {@code maxTest} keeps the first test examples in file order, so quick runs
 * with the same limit evaluate on the same images whatever their seed.
 */
public final class DatasetLoader {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetLoader.class);

    private final DatasetLocator locator;

    public DatasetLoader(DatasetLocator locator) {
        this.locator = Objects.requireNonNull(locator, "locator");
    }

    /** Loads with a locator that reads the real environment and may download when allowed. */
    public static DatasetLoader fromEnvironment(boolean allowDownload) {
        return new DatasetLoader(DatasetLocator.fromEnvironment(allowDownload));
    }

    /** @throws DatasetException with a one-line message when the data cannot be found, read or split */
    public LoadedData load(DatasetRequest request) {
        DatasetFiles files = locator.locate(request.name(), request.path());
        int classes = KnownDataset.NUM_CLASSES;
        IdxImages trainImages = IdxReader.readImages(files.path(DatasetFile.TRAIN_IMAGES));
        IdxLabels trainLabels = IdxReader.readLabels(files.path(DatasetFile.TRAIN_LABELS), classes);
        IdxImages testImages = IdxReader.readImages(files.path(DatasetFile.TEST_IMAGES));
        IdxLabels testLabels = IdxReader.readLabels(files.path(DatasetFile.TEST_LABELS), classes);
        checkPair(trainImages, trainLabels);
        checkPair(testImages, testLabels);
        if (trainImages.rows() != testImages.rows() || trainImages.cols() != testImages.cols()) {
            throw new DatasetException(testImages.file() + ": images are " + testImages.rows() + "x"
                    + testImages.cols() + " but the training images (" + trainImages.file() + ") are "
                    + trainImages.rows() + "x" + trainImages.cols());
        }

        int n = trainImages.count();
        int v = request.validationSize();
        if (v >= n) {
            throw new DatasetException("dataset.validationSize " + v + " must be smaller than the " + n
                    + " training examples of " + files.dataset() + " (" + trainImages.file() + ")");
        }
        int[] order = permutation(n, new Random(request.seed()));
        int trainCount = n - v;
        if (request.maxTrain() > 0) {
            trainCount = Math.min(trainCount, request.maxTrain());
        }
        int[] trainRows = java.util.Arrays.copyOfRange(order, 0, trainCount);
        int[] validationRows = java.util.Arrays.copyOfRange(order, n - v, n);
        int testCount = request.maxTest() > 0 ? Math.min(request.maxTest(), testImages.count()) : testImages.count();
        int[] testRows = new int[testCount];
        for (int i = 0; i < testCount; i++) {
            testRows[i] = i;
        }

        ImageDataset train = ImageDataset.fromIdx(trainImages, trainLabels, trainRows, classes);
        ImageDataset validation = ImageDataset.fromIdx(trainImages, trainLabels, validationRows, classes);
        ImageDataset test = ImageDataset.fromIdx(testImages, testLabels, testRows, classes);

        Map<String, String> fileSha = new LinkedHashMap<>();
        Map<String, String> contentSha = new LinkedHashMap<>();
        record(fileSha, contentSha, DatasetFile.TRAIN_IMAGES, trainImages.file().toString(),
                trainImages.fileSha256(), trainImages.contentSha256());
        record(fileSha, contentSha, DatasetFile.TRAIN_LABELS, trainLabels.file().toString(),
                trainLabels.fileSha256(), trainLabels.contentSha256());
        record(fileSha, contentSha, DatasetFile.TEST_IMAGES, testImages.file().toString(),
                testImages.fileSha256(), testImages.contentSha256());
        record(fileSha, contentSha, DatasetFile.TEST_LABELS, testLabels.file().toString(),
                testLabels.fileSha256(), testLabels.contentSha256());
        LOG.info("{}: {} train, {} validation, {} test examples (seed {})", files.dataset(), train.size(),
                validation.size(), test.size(), request.seed());
        return new LoadedData(train, validation, test, files, fileSha, contentSha);
    }

    private static void record(Map<String, String> fileSha, Map<String, String> contentSha, DatasetFile f,
                               String path, String fileHash, String contentHash) {
        fileSha.put(path, fileHash);
        contentSha.put(f.baseName(), contentHash);
    }

    private static void checkPair(IdxImages images, IdxLabels labels) {
        if (images.count() != labels.count()) {
            throw new DatasetException(labels.file() + ": has " + labels.count() + " labels but " + images.file()
                    + " has " + images.count() + " images");
        }
    }

    /** Fisher–Yates with the given generator; the same seed always gives the same order. */
    static int[] permutation(int n, Random rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
