package org.distill4j.framework.data;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads data set files so that a half-written or tampered file can never be mistaken for a
 * good one: each file goes to a temporary {@code .part} file in the target folder, is read back in
 * full by {@link IdxReader} (structure) and compared with the known content checksum, and only then
 * is renamed atomically to its final name. Anything else deletes the temporary file and fails.
 *
 * <p>Where no checksum is known ({@link KnownDataset#expectedContentSha256} empty, currently MNIST),
 * the structural check is all there is and a warning says so.
 */
public final class DatasetDownloader {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetDownloader.class);

    private final HttpClient client;
    private final Function<KnownDataset, URI> mirrors;
    private final Duration requestTimeout;

    /**
     * @param client         the HTTP client (it should follow redirects)
     * @param mirrors        base URL per data set; tests point this at a local server
     * @param requestTimeout limit for one whole file transfer
     */
    public DatasetDownloader(HttpClient client, Function<KnownDataset, URI> mirrors, Duration requestTimeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.mirrors = Objects.requireNonNull(mirrors, "mirrors");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    /** Downloads from the canonical mirrors ({@link KnownDataset#mirror()}). */
    public static DatasetDownloader standard() {
        HttpClient client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(30))
                .build();
        return new DatasetDownloader(client, KnownDataset::mirror, Duration.ofMinutes(15));
    }

    /** Where {@code file} of {@code dataset} is downloaded from. */
    public URI uri(KnownDataset dataset, DatasetFile file) {
        URI base = mirrors.apply(dataset);
        String s = base.toString();
        return URI.create(s.endsWith("/") ? s : s + "/").resolve(file.gzName());
    }

    /**
     * Downloads one file into {@code targetDir} as {@code file.gzName()} and returns its path.
     *
     * @throws DatasetException with a one-line reason (HTTP status, I/O error, bad structure or
     *                          checksum mismatch); the target folder is then left as it was
     */
    public Path download(KnownDataset dataset, DatasetFile file, Path targetDir) {
        URI uri = uri(dataset, file);
        Path target = targetDir.resolve(file.gzName());
        Path part = null;
        try {
            Files.createDirectories(targetDir);
            part = Files.createTempFile(targetDir, file.gzName() + ".", ".part");
            LOG.info("downloading {} to {}", uri, target);
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(requestTimeout).GET().build();
            HttpResponse<Path> response = client.send(request,
                    HttpResponse.BodyHandlers.ofFile(part, StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING));
            if (response.statusCode() != 200) {
                throw new DatasetException(uri + ": HTTP " + response.statusCode());
            }
            verify(dataset, file, uri, part);
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // Same folder, so this only happens on exotic file systems; a plain rename is the best left.
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
            part = null;
            return target;
        } catch (IOException e) {
            throw new DatasetException(uri + ": download failed: " + e.getClass().getSimpleName() + " "
                    + IdxReader.oneLine(String.valueOf(e.getMessage())), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatasetException(uri + ": download interrupted", e);
        } finally {
            if (part != null) {
                try {
                    Files.deleteIfExists(part);
                } catch (IOException e) {
                    LOG.warn("could not delete the partial download {}: {}", part, e.toString());
                }
            }
        }
    }

    private static void verify(KnownDataset dataset, DatasetFile file, URI uri, Path part) {
        String actual;
        try {
            actual = file.isImages()
                    ? IdxReader.readImages(part).contentSha256()
                    : IdxReader.readLabels(part, KnownDataset.NUM_CLASSES).contentSha256();
        } catch (DatasetException e) {
            throw new DatasetException(uri + ": downloaded file is not valid: " + e.getMessage(), e);
        }
        Optional<String> expected = dataset.expectedContentSha256(file);
        if (expected.isEmpty()) {
            LOG.warn("no known checksum for {} {}: only its IDX structure was checked (content SHA-256 {})",
                    dataset, file.baseName(), actual);
        } else if (!expected.get().equalsIgnoreCase(actual)) {
            throw new DatasetException(uri + ": checksum mismatch: uncompressed SHA-256 is " + actual + ", expected "
                    + expected.get());
        }
    }
}
