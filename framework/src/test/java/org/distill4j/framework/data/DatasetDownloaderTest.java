package org.distill4j.framework.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a local HTTP server serving a folder; nothing here touches the internet. */
class DatasetDownloaderTest {
    @TempDir
    Path tmp;

    private HttpServer server;
    private Path served;
    private DatasetDownloader downloader;

    @BeforeEach
    void startServer() throws IOException {
        served = Files.createDirectories(tmp.resolve("served"));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Path file = served.resolve(exchange.getRequestURI().getPath().replaceAll("^/.*/", ""));
            if (Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(200, Files.size(file));
                try (OutputStream out = exchange.getResponseBody()) {
                    Files.copy(file, out);
                }
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
            exchange.close();
        });
        server.start();
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mirror/");
        downloader = new DatasetDownloader(HttpClient.newHttpClient(), d -> base, Duration.ofMinutes(2));
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private Path home() {
        return tmp.resolve("home");
    }

    private DatasetLocator locatorWithDownload() {
        return new DatasetLocator(null, home(), tmp.resolve("no-system"), downloader);
    }

    @Test
    void downloadsADatasetWithoutKnownChecksumsIntoTheHomeFolder() throws Exception {
        IdxTestFiles.writeDataset(served, 4, 3, true);
        DatasetFiles files = locatorWithDownload().locate("mnist", null);
        Path target = home().resolve(".distill4j/data/mnist");
        assertEquals(target, files.directory());
        assertEquals("download", files.origin());
        assertArrayEquals(Files.readAllBytes(served.resolve("train-images-idx3-ubyte.gz")),
                Files.readAllBytes(target.resolve("train-images-idx3-ubyte.gz")));
        assertEquals(4, leftovers(target));
    }

    @Test
    void aChecksumMismatchLeavesNoFileBehind() throws Exception {
        IdxTestFiles.writeDataset(served, 4, 3, true); // valid IDX, but not Fashion-MNIST
        Path target = home().resolve(".distill4j/data/fashion-mnist");
        DatasetException e = assertThrows(DatasetException.class,
                () -> downloader.download(KnownDataset.FASHION_MNIST, DatasetFile.TRAIN_LABELS, target));
        assertTrue(e.getMessage().contains("train-labels-idx1-ubyte.gz: checksum mismatch: uncompressed SHA-256 is "),
                e.getMessage());
        assertEquals(0, leftovers(target));
    }

    @Test
    void aStructurallyBrokenDownloadIsRejected() throws Exception {
        Files.copy(IdxTestFiles.resource("truncated-images-idx3-ubyte.gz"), served.resolve("t10k-images-idx3-ubyte.gz"));
        Path target = tmp.resolve("target");
        DatasetException e = assertThrows(DatasetException.class,
                () -> downloader.download(KnownDataset.MNIST, DatasetFile.TEST_IMAGES, target));
        assertTrue(e.getMessage().contains("downloaded file is not valid"), e.getMessage());
        assertEquals(0, leftovers(target));
    }

    @Test
    void aFailedDownloadIsReportedWithWhereTheLocatorLooked() {
        DatasetException e = assertThrows(DatasetException.class, () -> locatorWithDownload().locate("mnist", null));
        String m = e.getMessage();
        assertTrue(m.startsWith("mnist not found (looked in: "), m);
        assertTrue(m.contains("the download failed (") && m.contains("train-images-idx3-ubyte.gz: HTTP 404"), m);
        assertTrue(m.endsWith("install it with `apt-get install dataset-mnist` or set DISTILL4J_DATA"), m);
    }

    @Test
    void theInstalledFashionMnistFilesPassTheKnownChecksums() throws Exception {
        assumeTrue(Files.isDirectory(IdxTestFiles.INSTALLED_FASHION_MNIST), "dataset-fashion-mnist is not installed");
        for (DatasetFile f : DatasetFile.values()) {
            Files.copy(IdxTestFiles.INSTALLED_FASHION_MNIST.resolve(f.gzName()), served.resolve(f.gzName()));
        }
        DatasetFiles files = locatorWithDownload().locate("fashion-mnist", null);
        assertEquals("download", files.origin());
        assertEquals(4, leftovers(files.directory()));
    }

    private static long leftovers(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }
}
