package org.distill4j.framework.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (the format of MNIST and Fashion-MNIST) and refuses anything it cannot vouch
 * for: a wrong magic number, impossible dimensions, a short file or trailing bytes all fail with a
 * {@link DatasetException} naming the file, rather than producing a data set that trains on garbage.
 *
 * <p>Gzip is recognised by its magic bytes {@code 1f 8b}, not by the file name, so a renamed or
 * unpacked file reads the same. Both the stored bytes and the uncompressed IDX bytes are hashed
 * while reading (one pass), for provenance and for checking downloads.
 */
public final class IdxReader {
    /** {@code 00 00 08 03}: unsigned bytes, three dimensions (count, rows, cols). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** {@code 00 00 08 01}: unsigned bytes, one dimension (count). */
    public static final int LABELS_MAGIC = 0x00000801;

    /** Largest Java array we allow; a header asking for more is corrupt for our purposes. */
    private static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    private IdxReader() {
    }

    /** Reads an idx3 image file, gzip or plain. */
    public static IdxImages readImages(Path file) {
        try (Streams s = Streams.open(file)) {
            DataInputStream in = s.data;
            int magic = readHeaderInt(file, in, 0, 16);
            checkMagic(file, magic, IMAGES_MAGIC, "images");
            int count = readHeaderInt(file, in, 4, 16);
            int rows = readHeaderInt(file, in, 8, 16);
            int cols = readHeaderInt(file, in, 12, 16);
            if (count < 0) {
                throw problem(file, "invalid image count " + Integer.toUnsignedString(count));
            }
            if (rows <= 0 || cols <= 0) {
                throw problem(file, "invalid image size " + Integer.toUnsignedString(rows) + "x"
                        + Integer.toUnsignedString(cols));
            }
            long total = (long) count * rows * cols;
            if (total > MAX_BYTES) {
                throw problem(file, "too large: " + count + " images of " + rows + "x" + cols + " = " + total
                        + " bytes exceeds " + MAX_BYTES);
            }
            byte[] pixels = new byte[(int) total];
            int found = in.readNBytes(pixels, 0, pixels.length);
            if (found < pixels.length) {
                throw problem(file, "truncated: expected " + total + " pixel bytes, found " + found);
            }
            s.expectEnd(count + " images");
            return new IdxImages(file, count, rows, cols, pixels, s.fileSha256(), s.contentSha256());
        } catch (IOException e) {
            throw ioProblem(file, e);
        }
    }

    /**
     * Reads an idx1 label file, gzip or plain, and checks every label is a class index in
     * {@code [0, numClasses)}: an out-of-range label would otherwise surface much later as an index
     * error inside the one-hot encoding.
     */
    public static IdxLabels readLabels(Path file, int numClasses) {
        try (Streams s = Streams.open(file)) {
            DataInputStream in = s.data;
            int magic = readHeaderInt(file, in, 0, 8);
            checkMagic(file, magic, LABELS_MAGIC, "labels");
            int count = readHeaderInt(file, in, 4, 8);
            if (count < 0 || count > MAX_BYTES) {
                throw problem(file, "invalid label count " + Integer.toUnsignedString(count));
            }
            byte[] raw = new byte[count];
            int found = in.readNBytes(raw, 0, raw.length);
            if (found < raw.length) {
                throw problem(file, "truncated: expected " + count + " label bytes, found " + found);
            }
            s.expectEnd(count + " labels");
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                int label = raw[i] & 0xFF;
                if (label >= numClasses) {
                    throw problem(file, "label " + label + " at index " + i + " is outside 0.." + (numClasses - 1));
                }
                labels[i] = label;
            }
            return new IdxLabels(file, labels, s.fileSha256(), s.contentSha256());
        } catch (IOException e) {
            throw ioProblem(file, e);
        }
    }

    private static int readHeaderInt(Path file, DataInputStream in, int offset, int headerSize) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw problem(file, "truncated: file ends inside the " + headerSize + "-byte IDX header (before byte "
                    + (offset + 4) + ")");
        }
    }

    private static void checkMagic(Path file, int magic, int expected, String what) {
        if (magic == expected) {
            return;
        }
        String hint = (magic == IMAGES_MAGIC || magic == LABELS_MAGIC)
                ? " (this is an IDX " + (magic == IMAGES_MAGIC ? "images" : "labels") + " file)"
                : " (not an IDX unsigned-byte file)";
        throw problem(file, String.format("wrong magic number 0x%08x, expected 0x%08x for %s%s",
                magic, expected, what, hint));
    }

    private static DatasetException problem(Path file, String what) {
        return new DatasetException(file + ": " + what);
    }

    private static DatasetException ioProblem(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new DatasetException(file + ": no such file", e);
        }
        if (e instanceof EOFException) {
            // GZIPInputStream reports a cut-off stream as "Unexpected end of ZLIB input stream".
            return new DatasetException(file + ": truncated: gzip stream ends early", e);
        }
        if (e instanceof ZipException) {
            return new DatasetException(file + ": corrupt gzip data: " + oneLine(e.getMessage()), e);
        }
        return new DatasetException(file + ": cannot read: " + oneLine(String.valueOf(e.getMessage())), e);
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    /** The stream stack: file → digest(stored) → buffer → [gunzip] → digest(content) → buffer → data. */
    private static final class Streams implements AutoCloseable {
        private final Path file;
        private final InputStream raw;
        private final DigestInputStream rawDigest;
        private final DigestInputStream contentDigest;
        final DataInputStream data;

        private Streams(Path file, InputStream raw, DigestInputStream rawDigest, DigestInputStream contentDigest,
                        DataInputStream data) {
            this.file = file;
            this.raw = raw;
            this.rawDigest = rawDigest;
            this.contentDigest = contentDigest;
            this.data = data;
        }

        static Streams open(Path file) throws IOException {
            InputStream raw = Files.newInputStream(file);
            try {
                DigestInputStream rawDigest = new DigestInputStream(raw, sha256());
                BufferedInputStream buffered = new BufferedInputStream(rawDigest, 1 << 16);
                buffered.mark(2);
                int b0 = buffered.read();
                int b1 = buffered.read();
                buffered.reset();
                InputStream content = (b0 == 0x1f && b1 == 0x8b) ? new GZIPInputStream(buffered, 1 << 16) : buffered;
                DigestInputStream contentDigest = new DigestInputStream(content, sha256());
                DataInputStream data = new DataInputStream(new BufferedInputStream(contentDigest, 1 << 16));
                return new Streams(file, raw, rawDigest, contentDigest, data);
            } catch (IOException | RuntimeException e) {
                raw.close();
                throw e;
            }
        }

        /** Fails if the IDX content goes on after what the header promised. */
        void expectEnd(String promised) throws IOException {
            if (data.read() != -1) {
                long extra = 1 + data.transferTo(OutputStream.nullOutputStream());
                throw problem(file, "unexpected " + extra + " trailing bytes after the " + promised
                        + " the header declares");
            }
        }

        String fileSha256() throws IOException {
            // Bytes after the gzip trailer (or still unread) belong to the file too.
            rawDigest.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(rawDigest.getMessageDigest().digest());
        }

        String contentSha256() {
            return HexFormat.of().formatHex(contentDigest.getMessageDigest().digest());
        }

        @Override
        public void close() throws IOException {
            raw.close();
        }
    }
}
