package dev.clara.nn.train;

/**
 * Receives a running training's progress. Called on the training thread: keep it quick, and hand
 * slow work (network, disk) to another thread.
 */
@FunctionalInterface
public interface TrainingListener {

    void onProgress(TrainingProgress progress);

    /** A listener that ignores everything. */
    static TrainingListener none() {
        return progress -> { };
    }
}
