package org.distill4j.framework.run;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderTest {
    @TempDir
    Path dir;

    @Test
    void aFolderInUseRefusesASecondLockNamingTheFolder() {
        RunFolder folder = RunFolder.create(dir.resolve("run"));
        try (RunFolder.Lock held = folder.lock()) {
            RunFolderException e = assertThrows(RunFolderException.class, () -> RunFolder.existing(folder.dir()).lock());
            assertTrue(e.getMessage().contains("another distill run is using this folder"), e.getMessage());
            assertTrue(e.getMessage().contains(folder.dir().toString()), e.getMessage());
        }
    }

    @Test
    void aReleasedFolderCanBeLockedAgain() {
        RunFolder folder = RunFolder.create(dir.resolve("run"));
        folder.lock().close();
        folder.lock().close();
    }
}
