package dev.clara.trainer.service;

import dev.clara.music.encoding.EncodingSpec;
import dev.clara.nn.LanguageModelConfig;
import dev.clara.nn.store.ModelKind;
import dev.clara.proto.v1.TrainRequest;
import java.util.Set;

/**
 * A validated training request with every default filled in: what a run will do.
 *
 * @param config      the network and training hyper-parameters
 * @param augment     train on all 12 keys
 * @param composers   keep only these composers' pieces (empty: all)
 * @param maxPieces   use at most this many pieces (0: all)
 * @param baseVersion the generator version a classifier starts from or samples (empty: the latest)
 */
public record TrainingPlan(String runId, ModelKind kind, EncodingSpec encoding, LanguageModelConfig config,
                           boolean augment, Set<String> composers, int maxPieces, String baseVersion,
                           TrainRequest request) {
}
