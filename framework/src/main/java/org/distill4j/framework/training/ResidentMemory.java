package org.distill4j.framework.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The process's resident memory in MiB from {@code /proc/self/status} (VmRSS, and its peak VmHWM):
 * ND4J keeps arrays off the Java heap, so the heap alone would not show a leak. Empty where
 * /proc is not available.
 */
public final class ResidentMemory {
    private ResidentMemory() {
    }

    public static Optional<Double> current() {
        return read("VmRSS:");
    }

    public static Optional<Double> peak() {
        return read("VmHWM:");
    }

    private static Optional<Double> read(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    String kb = line.substring(key.length()).trim().split("\\s+")[0];
                    return Optional.of(Long.parseLong(kb) / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc unreadable: memory is simply not reported
        }
        return Optional.empty();
    }
}
