package org.distill4j.framework.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    private static final byte[] TINY_PIXELS = {0, (byte) 255, 1, 2, 3, 4, 10, 11, 12, 13, 14, 15, 20, 21, 22, 23, 24,
            (byte) 128};

    @TempDir
    Path tmp;

    @Test
    void readsPlainImagesWithTheirDimensions() {
        IdxImages images = IdxReader.readImages(IdxTestFiles.resource("tiny-images-idx3-ubyte"));
        assertEquals(3, images.count());
        assertEquals(2, images.rows());
        assertEquals(3, images.cols());
        assertArrayEquals(TINY_PIXELS, images.pixels());
    }

    @Test
    void readsGzipImagesToTheSameContentAsPlain() {
        IdxImages plain = IdxReader.readImages(IdxTestFiles.resource("tiny-images-idx3-ubyte"));
        IdxImages gz = IdxReader.readImages(IdxTestFiles.resource("tiny-images-idx3-ubyte.gz"));
        assertArrayEquals(plain.pixels(), gz.pixels());
        assertEquals(plain.contentSha256(), gz.contentSha256());
        assertNotEquals(plain.fileSha256(), gz.fileSha256());
    }

    @Test
    void readsPlainAndGzipLabels() {
        assertArrayEquals(new int[] {7, 0, 9}, IdxReader.readLabels(IdxTestFiles.resource("tiny-labels-idx1-ubyte"), 10)
                .labels());
        assertArrayEquals(new int[] {7, 0, 9},
                IdxReader.readLabels(IdxTestFiles.resource("tiny-labels-idx1-ubyte.gz"), 10).labels());
    }

    @Test
    void detectsGzipByContentNotByName() throws Exception {
        Path gzWithoutSuffix = Files.copy(IdxTestFiles.resource("tiny-images-idx3-ubyte.gz"), tmp.resolve("images"));
        Path plainWithGzSuffix = Files.copy(IdxTestFiles.resource("tiny-images-idx3-ubyte"), tmp.resolve("images.gz"));
        assertArrayEquals(TINY_PIXELS, IdxReader.readImages(gzWithoutSuffix).pixels());
        assertArrayEquals(TINY_PIXELS, IdxReader.readImages(plainWithGzSuffix).pixels());
    }

    @Test
    void fileSha256IsTheHashOfTheStoredBytes() throws Exception {
        Path file = IdxTestFiles.resource("tiny-images-idx3-ubyte.gz");
        String expected = java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        assertEquals(expected, IdxReader.readImages(file).fileSha256());
    }

    @Test
    void rejectsATruncatedFileNamingItAndTheMissingBytes() {
        Path file = IdxTestFiles.resource("truncated-images-idx3-ubyte");
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readImages(file));
        assertEquals(file + ": truncated: expected 18 pixel bytes, found 10", e.getMessage());
    }

    @Test
    void rejectsATruncatedGzipStreamNamingTheFile() {
        Path file = IdxTestFiles.resource("truncated-images-idx3-ubyte.gz");
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readImages(file));
        assertTrue(e.getMessage().startsWith(file + ": truncated"), e.getMessage());
        assertOneLine(e);
    }

    @Test
    void rejectsAWrongMagicNumberNamingTheFile() {
        Path file = IdxTestFiles.resource("wrong-magic-images-idx3-ubyte");
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readImages(file));
        assertEquals(file + ": wrong magic number 0x00000801, expected 0x00000803 for images"
                + " (this is an IDX labels file)", e.getMessage());
    }

    @Test
    void rejectsANonIdxFile() throws Exception {
        Path file = Files.writeString(tmp.resolve("notes.txt"), "hello, this is not an IDX file\n");
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readLabels(file, 10));
        assertTrue(e.getMessage().startsWith(file + ": wrong magic number"), e.getMessage());
        assertOneLine(e);
    }

    @Test
    void rejectsAFileEndingInsideTheHeader() throws Exception {
        Path file = Files.write(tmp.resolve("short"), new byte[] {0, 0, 8, 3, 0, 0});
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readImages(file));
        assertEquals(file + ": truncated: file ends inside the 16-byte IDX header (before byte 8)", e.getMessage());
    }

    @Test
    void rejectsTrailingBytesAfterTheDeclaredImages() throws Exception {
        byte[] good = IdxTestFiles.images(2, 2, 2);
        byte[] longer = Arrays.copyOf(good, good.length + 3);
        Path file = Files.write(tmp.resolve("long"), longer);
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readImages(file));
        assertEquals(file + ": unexpected 3 trailing bytes after the 2 images the header declares", e.getMessage());
    }

    @Test
    void rejectsALabelOutsideTheClasses() {
        Path file = IdxTestFiles.resource("bad-label-labels-idx1-ubyte");
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readLabels(file, 10));
        assertEquals(file + ": label 12 at index 1 is outside 0..9", e.getMessage());
    }

    @Test
    void reportsAMissingFileByName() {
        Path file = tmp.resolve("absent-idx3-ubyte");
        DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.readImages(file));
        assertEquals(file + ": no such file", e.getMessage());
    }

    private static void assertOneLine(Exception e) {
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
