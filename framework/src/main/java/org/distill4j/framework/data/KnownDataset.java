package org.distill4j.framework.data;

import java.net.URI;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.distill4j.policies.config.Suggestions;

/**
 * The data sets distill4j knows how to find and download, with everything that is specific to each:
 * its recipe name, where the Debian package puts it, its canonical mirror and the checksums a
 * download must match.
 *
 * <h2>Checksums</h2>
 * The table holds the SHA-256 of the <em>uncompressed</em> IDX bytes, not of the {@code .gz} files.
 * The files of the Debian package {@code dataset-fashion-mnist} are the upstream data re-packed
 * with a different gzip header (no embedded file name, other mtime; each is exactly 23–24 bytes
 * smaller than upstream and its MD5 differs from the upstream README's), so a hash of the compressed
 * file could never have been checked here and would reject one of the two sources. The uncompressed
 * content is what training sees and is identical in both.
 *
 * <p>The Fashion-MNIST sums below were computed with {@code zcat FILE | sha256sum} on the installed
 * package files (60000/10000 images, 6000 per class in train). The MNIST sums are unknown: they
 * could not be computed here (no copy of MNIST and no network), so an MNIST download is only checked
 * structurally by the IDX reader and a warning is logged; fill them in once verified.
 */
public enum KnownDataset {
    FASHION_MNIST("fashion-mnist",
            // S3 website endpoints serve plain HTTP only (no TLS); integrity comes from the checksums.
            URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
            List.of("fashion-mnist"),
            Map.of(
                    DatasetFile.TRAIN_IMAGES, "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
                    DatasetFile.TRAIN_LABELS, "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
                    DatasetFile.TEST_IMAGES, "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
                    DatasetFile.TEST_LABELS, "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34")),
    MNIST("mnist",
            URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
            List.of("mnist"),
            // Unknown: not verifiable without network; see the class comment.
            Map.of());

    /** Fashion-MNIST and MNIST both have ten classes. */
    public static final int NUM_CLASSES = 10;

    private final String recipeName;
    private final URI mirror;
    private final List<String> systemFolders;
    private final Map<DatasetFile, String> contentSha256;

    KnownDataset(String recipeName, URI mirror, List<String> systemFolders, Map<DatasetFile, String> sums) {
        this.recipeName = recipeName;
        this.mirror = mirror;
        this.systemFolders = systemFolders;
        this.contentSha256 = sums.isEmpty() ? Map.of() : new EnumMap<>(sums);
    }

    /** Looks a data set up by its recipe name; an unknown name is an error naming the nearest known one. */
    public static KnownDataset byName(String name) {
        for (KnownDataset d : values()) {
            if (d.recipeName.equals(name)) {
                return d;
            }
        }
        List<String> names = Arrays.stream(values()).map(KnownDataset::recipeName).collect(Collectors.toList());
        // the hint is a near name, or else the list of valid ones
        throw new DatasetException("unknown dataset '" + name + "'" + Suggestions.hint(String.valueOf(name), names));
    }

    /** The name used in recipes, folder names and messages, e.g. {@code fashion-mnist}. */
    public String recipeName() {
        return recipeName;
    }

    /** Base URL of the canonical mirror; file {@code f} is at {@code mirror().resolve(f.gzName())}. */
    public URI mirror() {
        return mirror;
    }

    /** Folder names tried under the system data root ({@code /usr/share/datasets}), in order. */
    public List<String> systemFolders() {
        return systemFolders;
    }

    /** SHA-256 of the uncompressed IDX content, or empty when it is not known (see class comment). */
    public Optional<String> expectedContentSha256(DatasetFile file) {
        return Optional.ofNullable(contentSha256.get(file));
    }

    @Override
    public String toString() {
        return recipeName;
    }
}
