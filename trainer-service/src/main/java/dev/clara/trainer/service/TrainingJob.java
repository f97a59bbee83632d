package dev.clara.trainer.service;

import dev.clara.nn.store.ModelKind;
import dev.clara.proto.v1.ModelVersion;

/** How one kind of model is trained; the queue runs the job of a plan's kind. */
public interface TrainingJob {

    ModelKind kind();

    /**
     * Trains, stores the artifact and returns the version to announce; null when the run was cancelled.
     *
     * @throws RefusedRequestException when the request turns out impossible (an empty corpus, say)
     */
    ModelVersion run(RunContext context) throws Exception;
}
