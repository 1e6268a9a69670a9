package org.distill4j.framework.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

class DatasetLoaderTest {
    @TempDir
    Path tmp;

    /** Searches nothing but what the request names: no env, empty home and system folders, no download. */
    private DatasetLoader isolatedLoader() {
        return new DatasetLoader(new DatasetLocator(null, tmp.resolve("home"), tmp.resolve("system"), null));
    }

    private LoadedData loadSmall(DatasetRequest request) {
        assumeTrue(Files.isDirectory(IdxTestFiles.SMALL_FASHION_MNIST), "small Fashion-MNIST resources are absent");
        return isolatedLoader().load(request.withPath(IdxTestFiles.SMALL_FASHION_MNIST));
    }

    @Test
    void carvesValidationFromTheTrainingFileAndKeepsTheWholeTestFile() {
        LoadedData data = loadSmall(DatasetRequest.of("fashion-mnist", 1).withValidationSize(400));
        assertEquals(1600, data.train().size());
        assertEquals(400, data.validation().size());
        assertEquals(500, data.test().size());
        assertEquals(28, data.train().height());
        assertEquals(28, data.train().width());
        assertEquals(1, data.train().channels());
    }

    @Test
    void theSameSeedGivesTheSameSplit() {
        DatasetRequest request = DatasetRequest.of("fashion-mnist", 42).withValidationSize(300);
        LoadedData a = loadSmall(request);
        LoadedData b = loadSmall(request);
        assertEquals(a.validation().features(), b.validation().features());
        assertArrayEquals(a.train().labels(), b.train().labels());
    }

    @Test
    void aDifferentSeedGivesADifferentSplit() {
        LoadedData a = loadSmall(DatasetRequest.of("fashion-mnist", 1).withValidationSize(300));
        LoadedData b = loadSmall(DatasetRequest.of("fashion-mnist", 2).withValidationSize(300));
        assertFalse(a.validation().features().equals(b.validation().features()));
    }

    @Test
    void validationAndTrainingShareNoExample() {
        // Synthetic images carry their index as pixel value, so rows identify examples.
        Path dir = IdxTestFiles.writeDataset(tmp.resolve("synthetic"), 200, 10, true);
        LoadedData data = isolatedLoader().load(DatasetRequest.of("mnist", 7).withPath(dir).withValidationSize(50));
        Set<Integer> seen = new HashSet<>();
        for (ImageDataset split : new ImageDataset[] {data.train(), data.validation()}) {
            for (int i = 0; i < split.size(); i++) {
                assertTrue(seen.add(Math.round(split.features().getFloat(i, 0) * 255)), "example seen twice");
            }
        }
        assertEquals(200, seen.size());
    }

    @Test
    void limitsApplyToTrainAfterValidationAndToTheFirstTestExamples() {
        LoadedData full = loadSmall(DatasetRequest.of("fashion-mnist", 3).withValidationSize(500));
        LoadedData quick = loadSmall(DatasetRequest.of("fashion-mnist", 3).withValidationSize(500)
                .withMaxTrain(100).withMaxTest(50));
        assertEquals(100, quick.train().size());
        assertEquals(500, quick.validation().size());
        assertEquals(50, quick.test().size());
        assertEquals(full.validation().features(), quick.validation().features());
        assertEquals(full.train().subset(0, 100).features(), quick.train().features());
        assertEquals(full.test().subset(0, 50).features(), quick.test().features());
    }

    @Test
    void validationAsLargeAsTheTrainingFileIsAnError() {
        DatasetException e = assertThrows(DatasetException.class,
                () -> loadSmall(DatasetRequest.of("fashion-mnist", 1).withValidationSize(2000)));
        assertTrue(e.getMessage().startsWith(
                "dataset.validationSize 2000 must be smaller than the 2000 training examples of fashion-mnist"),
                e.getMessage());
    }

    @Test
    void zeroValidationGivesAnEmptyValidationSet() {
        LoadedData data = loadSmall(DatasetRequest.of("fashion-mnist", 1).withValidationSize(0));
        assertEquals(2000, data.train().size());
        assertEquals(0, data.validation().size());
    }

    @Test
    void featuresAreCOrderFloatsInTheUnitIntervalWithMatchingOneHotLabels() {
        LoadedData data = loadSmall(DatasetRequest.of("fashion-mnist", 1).withValidationSize(100));
        ImageDataset test = data.test();
        assertEquals(DataType.FLOAT, test.features().dataType());
        assertEquals('c', test.features().ordering());
        assertArrayEquals(new long[] {500, 784}, test.features().shape());
        assertTrue(test.features().minNumber().floatValue() >= 0f);
        assertEquals(1f, test.features().maxNumber().floatValue(), 0f);
        assertArrayEquals(new long[] {500, 10}, test.oneHotLabels().shape());
        for (int i = 0; i < test.size(); i++) {
            assertEquals(test.label(i), test.oneHotLabels().getRow(i).argMax().getInt(0));
            assertEquals(1f, test.oneHotLabels().getRow(i).sumNumber().floatValue(), 0f);
        }
        // The first Fashion-MNIST test image is an ankle boot, the second a pullover.
        assertEquals(9, test.label(0));
        assertEquals(2, test.label(1));
    }

    @Test
    void provenanceRecordsBothHashesOfEveryFile() {
        LoadedData data = loadSmall(DatasetRequest.of("fashion-mnist", 1).withValidationSize(100));
        assertEquals(4, data.fileSha256().size());
        assertEquals(Set.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                "t10k-labels-idx1-ubyte"), data.contentSha256().keySet());
        assertEquals("f22187ccdaf60ba8ba633c688ffdb32f5d0268e239d82877be5684d1661de7f9",
                data.fileSha256().get(data.files().path(DatasetFile.TRAIN_IMAGES).toString()));
    }

    @Test
    void moreLabelsThanImagesIsAnErrorNamingBothFiles() {
        Path dir = IdxTestFiles.writeDataset(tmp.resolve("mismatch"), 20, 10, false);
        IdxTestFiles.write(dir.resolve("train-labels-idx1-ubyte"), IdxTestFiles.labels(21), false);
        DatasetException e = assertThrows(DatasetException.class,
                () -> isolatedLoader().load(DatasetRequest.of("mnist", 1).withPath(dir).withValidationSize(5)));
        assertEquals(dir.resolve("train-labels-idx1-ubyte") + ": has 21 labels but "
                + dir.resolve("train-images-idx3-ubyte") + " has 20 images", e.getMessage());
    }

    @Test
    void negativeLimitsAreRejectedWhenTheRequestIsBuilt() {
        assertThrows(DatasetException.class, () -> DatasetRequest.of("mnist", 1).withMaxTrain(-1));
        assertThrows(DatasetException.class, () -> DatasetRequest.of("mnist", 1).withValidationSize(-1));
    }

    @Test
    void loadsTheInstalledFashionMnistWithSixThousandTrainingExamplesPerClass() {
        assumeTrue(Files.isDirectory(IdxTestFiles.INSTALLED_FASHION_MNIST), "dataset-fashion-mnist is not installed");
        DatasetLoader loader = new DatasetLoader(
                new DatasetLocator(null, tmp.resolve("home"), DatasetLocator.SYSTEM_DATA_ROOT, null));
        LoadedData data = loader.load(DatasetRequest.of("fashion-mnist", 1).withValidationSize(0));
        assertEquals("system package", data.files().origin());
        assertEquals(60000, data.train().size());
        assertEquals(10000, data.test().size());
        int[] expected = new int[10];
        java.util.Arrays.fill(expected, 6000);
        assertArrayEquals(expected, data.train().classCounts());
        for (DatasetFile f : DatasetFile.values()) {
            assertEquals(KnownDataset.FASHION_MNIST.expectedContentSha256(f).orElseThrow(),
                    data.contentSha256().get(f.baseName()), f.baseName());
        }
    }
}
