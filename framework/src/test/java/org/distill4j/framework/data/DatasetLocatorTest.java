package org.distill4j.framework.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLocatorTest {
    @TempDir
    Path tmp;

    private Path home;
    private Path system;

    @BeforeEach
    void folders() throws Exception {
        home = Files.createDirectories(tmp.resolve("home"));
        system = Files.createDirectories(tmp.resolve("system"));
    }

    private DatasetLocator locator(Path env) {
        return new DatasetLocator(env == null ? null : env.toString(), home, system, null);
    }

    @Test
    void explicitPathBeatsTheEnvironment() {
        Path explicit = IdxTestFiles.writeDataset(tmp.resolve("explicit"), 3, 2, true);
        Path env = IdxTestFiles.writeDataset(tmp.resolve("env"), 3, 2, true);
        DatasetFiles files = locator(env).locate("fashion-mnist", explicit);
        assertEquals(explicit, files.directory());
        assertEquals("dataset.path", files.origin());
    }

    @Test
    void explicitPathMayHoldADatasetSubFolder() {
        Path explicit = tmp.resolve("explicit");
        IdxTestFiles.writeDataset(explicit.resolve("mnist"), 3, 2, false);
        assertEquals(explicit.resolve("mnist"), locator(null).locate("mnist", explicit).directory());
    }

    @Test
    void explicitPathThatDoesNotExistIsAnErrorNamingIt() {
        IdxTestFiles.writeDataset(tmp.resolve("env"), 3, 2, true);
        Path missing = tmp.resolve("nowhere");
        DatasetException e = assertThrows(DatasetException.class,
                () -> locator(tmp.resolve("env")).locate("fashion-mnist", missing));
        assertEquals("dataset.path " + missing + " does not exist", e.getMessage());
    }

    @Test
    void explicitPathLackingFilesIsAnErrorNamingThePathAndTheMissingFiles() throws Exception {
        Path explicit = tmp.resolve("explicit");
        IdxTestFiles.writeDataset(explicit, 3, 2, true);
        Files.delete(explicit.resolve("t10k-labels-idx1-ubyte.gz"));
        IdxTestFiles.writeDataset(tmp.resolve("env"), 3, 2, true);
        DatasetException e = assertThrows(DatasetException.class,
                () -> locator(tmp.resolve("env")).locate("fashion-mnist", explicit));
        assertTrue(e.getMessage().startsWith("dataset.path " + explicit + " lacks t10k-labels-idx1-ubyte[.gz]"),
                e.getMessage());
    }

    @Test
    void environmentSubFolderNamedAfterTheDatasetIsFound() {
        Path env = tmp.resolve("env");
        IdxTestFiles.writeDataset(env.resolve("fashion-mnist"), 3, 2, true);
        DatasetFiles files = locator(env).locate("fashion-mnist", null);
        assertEquals(env.resolve("fashion-mnist"), files.directory());
        assertEquals("$DISTILL4J_DATA", files.origin());
    }

    @Test
    void environmentFolderHoldingTheFilesDirectlyIsFound() {
        Path env = IdxTestFiles.writeDataset(tmp.resolve("env"), 3, 2, false);
        assertEquals(env, locator(env).locate("fashion-mnist", null).directory());
    }

    @Test
    void environmentSubFolderIsPreferredOverFilesDirectlyInTheFolder() {
        Path env = IdxTestFiles.writeDataset(tmp.resolve("env"), 3, 2, false);
        IdxTestFiles.writeDataset(env.resolve("mnist"), 3, 2, false);
        assertEquals(env.resolve("mnist"), locator(env).locate("mnist", null).directory());
    }

    @Test
    void environmentBeatsHomeAndHomeBeatsTheSystemFolder() {
        Path env = IdxTestFiles.writeDataset(tmp.resolve("env"), 3, 2, true);
        Path homeData = IdxTestFiles.writeDataset(home.resolve(".distill4j/data/fashion-mnist"), 3, 2, true);
        Path systemData = IdxTestFiles.writeDataset(system.resolve("fashion-mnist"), 3, 2, true);
        assertEquals(env, locator(env).locate("fashion-mnist", null).directory());
        assertEquals(homeData, locator(null).locate("fashion-mnist", null).directory());
        assertEquals("~/.distill4j/data", locator(null).locate("fashion-mnist", null).origin());
        assertEquals(systemData, new DatasetLocator(null, tmp.resolve("other-home"), system, null)
                .locate("fashion-mnist", null).directory());
    }

    @Test
    void systemPackageFolderIsFoundLast() {
        Path systemData = IdxTestFiles.writeDataset(system.resolve("mnist"), 3, 2, true);
        DatasetFiles files = locator(tmp.resolve("empty-env")).locate("mnist", null);
        assertEquals(systemData, files.directory());
        assertEquals("system package", files.origin());
    }

    @Test
    void aFolderWithOnlySomeFilesIsSkipped() throws Exception {
        Path env = IdxTestFiles.writeDataset(tmp.resolve("env"), 3, 2, true);
        Files.delete(env.resolve("train-labels-idx1-ubyte.gz"));
        Path systemData = IdxTestFiles.writeDataset(system.resolve("fashion-mnist"), 3, 2, true);
        assertEquals(systemData, locator(env).locate("fashion-mnist", null).directory());
    }

    @Test
    void plainFilesArePreferredOverGzipInTheSameFolder() {
        Path env = IdxTestFiles.writeDataset(tmp.resolve("env"), 3, 2, true);
        IdxTestFiles.writeDataset(env, 3, 2, false);
        DatasetFiles files = locator(env).locate("fashion-mnist", null);
        assertEquals(env.resolve("train-images-idx3-ubyte"), files.path(DatasetFile.TRAIN_IMAGES));
    }

    @Test
    void nothingFoundWithDownloadDisabledListsEveryPlaceAndHowToInstall() throws Exception {
        Path env = Files.createDirectories(tmp.resolve("env"));
        DatasetException e = assertThrows(DatasetException.class, () -> locator(env).locate("fashion-mnist", null));
        String m = e.getMessage();
        assertTrue(m.startsWith("fashion-mnist not found (looked in: "), m);
        assertTrue(m.contains(env.resolve("fashion-mnist").toString()), m);
        assertTrue(m.contains(home.resolve(".distill4j/data/fashion-mnist").toString()), m);
        assertTrue(m.contains(system.resolve("fashion-mnist").toString()), m);
        assertTrue(m.endsWith("install it with `apt-get install dataset-fashion-mnist` or set DISTILL4J_DATA"), m);
        assertFalse(m.contains("\n"), m);
    }

    @Test
    void anUnknownDatasetNameSuggestsTheNearestKnownOne() {
        DatasetException e = assertThrows(DatasetException.class, () -> locator(null).locate("fashion-mnst", null));
        assertTrue(e.getMessage().startsWith("unknown dataset 'fashion-mnst' (did you mean 'fashion-mnist'?)"),
                e.getMessage());
    }
}
