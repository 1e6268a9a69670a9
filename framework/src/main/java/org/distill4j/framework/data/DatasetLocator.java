package org.distill4j.framework.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the four IDX files of a data set, in a fixed order, and says which rule matched:
 * <ol>
 *   <li>an explicit path (the recipe's {@code dataset.path}): the files directly in it or in a
 *       sub-folder named after the data set. If it does not exist or lacks a file, that is an
 *       error naming the path; the search does <em>not</em> silently go on elsewhere, because a run
 *       that asked for specific files must not quietly train on others;</li>
 *   <li>{@code $DISTILL4J_DATA}: first a sub-folder named after the data set, then the folder itself
 *       (sub-folder first, so a folder holding several data sets is read correctly);</li>
 *   <li>{@code ~/.distill4j/data/<name>}, which is also where downloads go;</li>
 *   <li>the Debian package folder, e.g. {@code /usr/share/datasets/fashion-mnist}
 *       (package {@code dataset-fashion-mnist});</li>
 *   <li>if enabled, a checksummed download into {@code ~/.distill4j/data/<name>}.</li>
 * </ol>
 * In each folder a file may be plain or {@code .gz}; plain is preferred when both exist. A folder
 * that has only some of the files is skipped with a warning (and named in the final error).
 *
 * <p>Environment, home and system folders are constructor parameters so tests can exercise every
 * rule without touching the real process environment; {@link #fromEnvironment} reads the real ones.
 */
public final class DatasetLocator {
    /** The environment variable naming a data folder. */
    public static final String DATA_ENV = "DISTILL4J_DATA";
    /** Where Debian's {@code dataset-*} packages install data sets. */
    public static final Path SYSTEM_DATA_ROOT = Paths.get("/usr/share/datasets");

    private static final Logger LOG = LoggerFactory.getLogger(DatasetLocator.class);

    private final String dataEnv;
    private final Path userHome;
    private final Path systemRoot;
    private final DatasetDownloader downloader;

    /**
     * @param dataEnv    the value of {@code $DISTILL4J_DATA}, or null/blank when unset
     * @param userHome   the user's home folder (downloads go to {@code userHome/.distill4j/data/<name>})
     * @param systemRoot the system data root, normally {@link #SYSTEM_DATA_ROOT}
     * @param downloader used when nothing is found; null disables downloading
     */
    public DatasetLocator(String dataEnv, Path userHome, Path systemRoot, DatasetDownloader downloader) {
        this.dataEnv = dataEnv == null || dataEnv.isBlank() ? null : dataEnv;
        this.userHome = userHome;
        this.systemRoot = systemRoot;
        this.downloader = downloader;
    }

    /** A locator reading the real {@code $DISTILL4J_DATA}, {@code user.home} and system folder. */
    public static DatasetLocator fromEnvironment(boolean allowDownload) {
        return new DatasetLocator(System.getenv(DATA_ENV), Paths.get(System.getProperty("user.home")),
                SYSTEM_DATA_ROOT, allowDownload ? DatasetDownloader.standard() : null);
    }

    /** The folder downloads go to and that is searched third: {@code ~/.distill4j/data/<name>}. */
    public Path homeFolder(KnownDataset dataset) {
        return userHome.resolve(".distill4j").resolve("data").resolve(dataset.recipeName());
    }

    /**
     * Finds the files of {@code datasetName} ({@code fashion-mnist} or {@code mnist}).
     *
     * @param explicitPath the recipe's {@code dataset.path}, or null
     * @throws DatasetException naming the explicit path when it is unusable, or listing every place
     *                          searched and how to install the data when nothing was found
     */
    public DatasetFiles locate(String datasetName, Path explicitPath) {
        KnownDataset dataset = KnownDataset.byName(datasetName);
        if (explicitPath != null) {
            return locateExplicit(dataset, explicitPath);
        }
        List<String> looked = new ArrayList<>();
        if (dataEnv == null) {
            looked.add("$" + DATA_ENV + " (not set)");
        } else {
            Path env = Paths.get(dataEnv);
            if (!Files.isDirectory(env)) {
                LOG.warn("${} is {}, which is not a folder; ignoring it", DATA_ENV, env);
                looked.add("$" + DATA_ENV + "=" + env + " (not a folder)");
            } else {
                DatasetFiles found = tryFolder(dataset, env.resolve(dataset.recipeName()), "$" + DATA_ENV, looked);
                if (found == null) {
                    found = tryFolder(dataset, env, "$" + DATA_ENV, looked);
                }
                if (found != null) {
                    return found;
                }
            }
        }
        Path home = homeFolder(dataset);
        DatasetFiles found = tryFolder(dataset, home, "~/.distill4j/data", looked);
        if (found != null) {
            return found;
        }
        for (String folder : dataset.systemFolders()) {
            found = tryFolder(dataset, systemRoot.resolve(folder), "system package", looked);
            if (found != null) {
                return found;
            }
        }
        String where = String.join(", ", looked);
        String install = "install it with `apt-get install dataset-" + dataset.recipeName() + "` or set "
                + DATA_ENV;
        if (downloader == null) {
            throw new DatasetException(dataset + " not found (looked in: " + where + "; downloading is disabled); "
                    + install);
        }
        try {
            return download(dataset, home);
        } catch (DatasetException e) {
            throw new DatasetException(dataset + " not found (looked in: " + where + ") and the download failed ("
                    + e.getMessage() + "); " + install, e);
        }
    }

    private DatasetFiles locateExplicit(KnownDataset dataset, Path path) {
        String origin = "dataset.path";
        if (!Files.exists(path)) {
            throw new DatasetException(origin + " " + path + " does not exist");
        }
        if (!Files.isDirectory(path)) {
            throw new DatasetException(origin + " " + path + " is not a folder (it must hold the four IDX files "
                    + "of " + dataset + ")");
        }
        Map<DatasetFile, Path> direct = scan(path);
        if (direct.size() == DatasetFile.values().length) {
            return found(dataset, path, origin, direct);
        }
        Path sub = path.resolve(dataset.recipeName());
        Map<DatasetFile, Path> nested = Files.isDirectory(sub) ? scan(sub) : Map.of();
        if (nested.size() == DatasetFile.values().length) {
            return found(dataset, sub, origin, nested);
        }
        throw new DatasetException(origin + " " + path + " lacks " + missing(direct) + " (needs the four "
                + dataset + " IDX files, plain or .gz, directly or in a sub-folder '" + dataset + "')");
    }

    /** Returns the files if the folder has all four; records what it saw in {@code looked}. */
    private static DatasetFiles tryFolder(KnownDataset dataset, Path dir, String origin, List<String> looked) {
        if (!Files.isDirectory(dir)) {
            looked.add(dir.toString());
            return null;
        }
        Map<DatasetFile, Path> files = scan(dir);
        if (files.size() == DatasetFile.values().length) {
            return found(dataset, dir, origin, files);
        }
        if (!files.isEmpty()) {
            LOG.warn("{} has only some of the {} files (missing {}); ignoring it", dir, dataset, missing(files));
            looked.add(dir + " (missing " + missing(files) + ")");
        } else {
            looked.add(dir.toString());
        }
        return null;
    }

    private static DatasetFiles found(KnownDataset dataset, Path dir, String origin, Map<DatasetFile, Path> files) {
        LOG.info("using {} from {} ({})", dataset, dir, origin);
        return new DatasetFiles(dataset, dir, origin, files);
    }

    private static Map<DatasetFile, Path> scan(Path dir) {
        Map<DatasetFile, Path> files = new EnumMap<>(DatasetFile.class);
        for (DatasetFile f : DatasetFile.values()) {
            Path plain = dir.resolve(f.baseName());
            Path gz = dir.resolve(f.gzName());
            if (Files.isRegularFile(plain)) {
                files.put(f, plain);
            } else if (Files.isRegularFile(gz)) {
                files.put(f, gz);
            }
        }
        return files;
    }

    private static String missing(Map<DatasetFile, Path> present) {
        return java.util.Arrays.stream(DatasetFile.values())
                .filter(f -> !present.containsKey(f))
                .map(f -> f.baseName() + "[.gz]")
                .collect(Collectors.joining(", "));
    }

    /** Downloads whatever is missing from the home folder, keeping files already there. */
    private DatasetFiles download(KnownDataset dataset, Path home) {
        Map<DatasetFile, Path> files = Files.isDirectory(home) ? scan(home) : new EnumMap<>(DatasetFile.class);
        for (DatasetFile f : DatasetFile.values()) {
            if (!files.containsKey(f)) {
                files.put(f, downloader.download(dataset, f, home));
            }
        }
        return found(dataset, home, "download", files);
    }
}
