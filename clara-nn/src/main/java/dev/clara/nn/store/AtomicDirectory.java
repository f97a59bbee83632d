package dev.clara.nn.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes a directory so that it appears whole or not at all: the content goes into a hidden
 * temporary sibling, which is then renamed into place. A crash midway leaves only a
 * {@code .tmp-*} directory that readers ignore, and every directory written before is untouched.
 */
public final class AtomicDirectory {

    /** The prefix of directories still being written; readers skip them. */
    public static final String TEMPORARY_PREFIX = ".tmp-";

    private AtomicDirectory() {}

    /** Fills a directory. */
    @FunctionalInterface
    public interface Writer {
        void write(Path directory) throws IOException;
    }

    /**
     * Writes {@code target} through a temporary directory in the same parent.
     *
     * @throws FileAlreadyExistsException if {@code target} exists: directories are never overwritten
     */
    public static Path write(Path target, Writer writer) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        Path temporary = parent.resolve(TEMPORARY_PREFIX + UUID.randomUUID());
        Files.createDirectory(temporary);
        try {
            writer.write(temporary);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target);
            }
            return target;
        } catch (IOException | RuntimeException e) {
            deleteRecursively(temporary);
            throw e;
        }
    }

    /** Whether a directory entry is a temporary one left by an unfinished write. */
    public static boolean isTemporary(Path path) {
        return path.getFileName().toString().startsWith(TEMPORARY_PREFIX);
    }

    /** Deletes a directory tree, if it exists. */
    public static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
