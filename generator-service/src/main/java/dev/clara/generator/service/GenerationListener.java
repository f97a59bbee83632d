package dev.clara.generator.service;

import dev.clara.proto.v1.GenerationProgress;
import dev.clara.proto.v1.GenerationStarted;
import dev.clara.proto.v1.Sample;

/** What a running generation tells its caller; called on the generating thread. */
public interface GenerationListener {
    default void started(GenerationStarted started) {
    }

    default void progress(GenerationProgress progress) {
    }

    default void sample(Sample sample) {
    }

    GenerationListener NONE = new GenerationListener() {
    };
}
