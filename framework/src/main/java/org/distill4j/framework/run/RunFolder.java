package org.distill4j.framework.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * The folder of one run. It is created new (an existing non-empty folder is never reused, so no
 * earlier result is overwritten), and every file in it is written atomically: to a temporary file
 * in the same folder, then renamed, so a killed process leaves each file either old or complete.
 */
public final class RunFolder {
    private final Path dir;

    private RunFolder(Path dir) {
        this.dir = dir;
    }

    /** Creates the folder; fails with {@link RunFolderException} if it exists and is not empty or cannot be made. */
    public static RunFolder create(Path dir) {
        try {
            if (Files.exists(dir)) {
                if (!Files.isDirectory(dir)) {
                    throw new RunFolderException(dir + ": exists and is not a folder");
                }
                try (Stream<Path> entries = Files.list(dir)) {
                    if (entries.findAny().isPresent()) {
                        throw new RunFolderException(dir + ": is not empty (a run folder is never reused); choose another --out folder");
                    }
                }
            }
            Files.createDirectories(dir);
            if (!Files.isWritable(dir)) {
                throw new RunFolderException(dir + ": folder is not writable");
            }
            return new RunFolder(dir);
        } catch (IOException e) {
            throw new RunFolderException(dir + ": cannot create the run folder: " + e.getMessage());
        }
    }

    /** An existing run folder, to continue a run in it ({@code --resume}). */
    public static RunFolder existing(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new RunFolderException(dir + ": no such run folder");
        }
        if (!Files.isWritable(dir)) {
            throw new RunFolderException(dir + ": folder is not writable");
        }
        return new RunFolder(dir);
    }

    public Path dir() {
        return dir;
    }

    /**
     * Locks the folder for this process until the lock is closed or the process ends, however it ends:
     * two runs cannot write into one folder, and a killed run leaves no stale lock behind.
     */
    public Lock lock() {
        try {
            FileChannel channel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this process
            }
            if (lock == null) {
                channel.close();
                throw new RunFolderException(dir + ": another distill run is using this folder");
            }
            return new Lock(channel);
        } catch (IOException e) {
            throw new RunFolderException(dir + ": cannot lock the run folder: " + e.getMessage());
        }
    }

    /** A held {@link #lock()}; closing it releases the folder. */
    public static final class Lock implements AutoCloseable {
        private final FileChannel channel;

        private Lock(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public Path resolve(String name) {
        return dir.resolve(name);
    }

    public void writeString(String name, String text) {
        writeBytes(name, text.getBytes(StandardCharsets.UTF_8));
    }

    public void writeBytes(String name, byte[] bytes) {
        write(name, tmp -> Files.write(tmp, bytes));
    }

    /** Writes through {@code writer} into a temporary file, then renames it to {@code name}. */
    public void write(String name, FileWriter writer) {
        Path target = dir.resolve(name);
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            writer.writeTo(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the rename succeeded or the write failed and is reported above
            }
        }
    }

    /** Produces a file's content at a given path. */
    @FunctionalInterface
    public interface FileWriter {
        void writeTo(Path path) throws IOException;
    }
}
