package org.distill4j.framework.data;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where the four files of a data set were found, and by which rule, so that the run's provenance
 * (and its log) says which copy it trained on.
 *
 * @param dataset   which data set
 * @param directory the folder holding the files
 * @param origin    the lookup rule that matched, e.g. {@code dataset.path}, {@code $DISTILL4J_DATA},
 *                  {@code ~/.distill4j/data}, {@code system package}, {@code download}
 * @param files     one existing file per {@link DatasetFile}
 */
public record DatasetFiles(KnownDataset dataset, Path directory, String origin, Map<DatasetFile, Path> files) {
    public DatasetFiles {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(origin, "origin");
        EnumMap<DatasetFile, Path> copy = new EnumMap<>(DatasetFile.class);
        copy.putAll(files);
        for (DatasetFile f : DatasetFile.values()) {
            if (!copy.containsKey(f)) {
                throw new IllegalArgumentException("missing " + f.baseName());
            }
        }
        files = java.util.Collections.unmodifiableMap(copy);
    }

    public Path path(DatasetFile file) {
        return files.get(file);
    }
}
