package dev.clara.nn.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Anything {@link ModelStore#save} can write as one version directory: a generator
 * ({@link ModelArtifact}) or a critic or composer model ({@code dev.clara.nn.classify.ClassifierArtifact}).
 * Each writes its own files next to the shared {@code version.json}.
 */
public interface StoredModel {

    /** The identity of the version, which names its directory. */
    ModelVersion version();

    /** Writes every file of the version into an existing, empty directory. */
    void writeTo(Path directory) throws IOException;
}
