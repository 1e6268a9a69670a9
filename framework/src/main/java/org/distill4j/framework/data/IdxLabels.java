package org.distill4j.framework.data;

import java.nio.file.Path;

/**
 * The content of an idx1 unsigned-byte label file.
 *
 * @param file          where it was read from, for messages
 * @param labels        one class index per example, already checked to be in {@code [0, numClasses)}
 * @param fileSha256    SHA-256 of the file's bytes as stored (gzip or plain)
 * @param contentSha256 SHA-256 of the uncompressed IDX bytes (see {@link IdxImages#contentSha256()})
 */
public record IdxLabels(Path file, int[] labels, String fileSha256, String contentSha256) {
    public int count() {
        return labels.length;
    }
}
