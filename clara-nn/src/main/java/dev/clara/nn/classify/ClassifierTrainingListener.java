package dev.clara.nn.classify;

/**
 * Receives a running classifier training's progress. Called on the training thread: keep it
 * quick, and hand slow work (network, disk) to another thread.
 */
@FunctionalInterface
public interface ClassifierTrainingListener {

    void onProgress(ClassifierTrainingProgress progress);

    /** A listener that ignores everything. */
    static ClassifierTrainingListener none() {
        return progress -> { };
    }
}
