package dev.clara.nn.sample;

/** Receives progress from the generating thread; a slow listener slows generation down. */
@FunctionalInterface
public interface GenerationListener {

    void onProgress(GenerationProgress progress);
}
