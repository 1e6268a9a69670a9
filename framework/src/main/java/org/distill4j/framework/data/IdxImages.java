package org.distill4j.framework.data;

import java.nio.file.Path;

/**
 * The raw content of an idx3 unsigned-byte image file, kept as bytes so that a split can convert
 * only the rows it keeps to floats (one conversion, no intermediate float copy of the whole file).
 *
 * @param file          where it was read from, for messages
 * @param count         number of images
 * @param rows          image height
 * @param cols          image width
 * @param pixels        {@code count * rows * cols} bytes, image after image, row-major
 * @param fileSha256    SHA-256 of the file's bytes as stored (gzip or plain)
 * @param contentSha256 SHA-256 of the uncompressed IDX bytes; the same whether the file is gzip or
 *                      plain, or re-compressed, so it is what known checksums are compared with
 */
public record IdxImages(Path file, int count, int rows, int cols, byte[] pixels, String fileSha256,
                        String contentSha256) {
    /** Pixels per image. */
    public int imageSize() {
        return rows * cols;
    }
}
