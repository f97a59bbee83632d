package dev.clara.composer;

import dev.clara.proto.v1.ClassifyResponse;
import dev.clara.proto.v1.Composer;
import dev.clara.proto.v1.ScoreRequest;
import dev.clara.scoring.SampleScorer;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/** gRPC {@code clara.v1.Composer}: the composer distribution of token text or a MIDI file, most likely first. */
@GrpcService
public class ComposerGrpcService implements Composer {
    private final SampleScorer scorer;

    public ComposerGrpcService(SampleScorer scorer) {
        this.scorer = scorer;
    }

    @Override
    @Blocking
    public Uni<ClassifyResponse> classify(ScoreRequest request) {
        return Uni.createFrom().item(() -> {
            SampleScorer.ScoredVerdict verdict = scorer.scoreForCall(request);
            return ClassifyResponse.newBuilder().addAllComposers(SampleScorer.distribution(verdict.score()))
                    .setModelVersion(verdict.modelVersion()).setWindows(verdict.score().windows())
                    .setStats(verdict.stats()).build();
        });
    }
}
