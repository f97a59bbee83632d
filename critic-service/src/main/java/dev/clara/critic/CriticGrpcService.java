package dev.clara.critic;

import dev.clara.proto.v1.Critic;
import dev.clara.proto.v1.ScoreRequest;
import dev.clara.proto.v1.ScoreResponse;
import dev.clara.scoring.SampleScorer;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/** gRPC {@code clara.v1.Critic}: P(human) of token text or a MIDI file, for synchronous use. */
@GrpcService
public class CriticGrpcService implements Critic {
    private final SampleScorer scorer;

    public CriticGrpcService(SampleScorer scorer) {
        this.scorer = scorer;
    }

    @Override
    @Blocking
    public Uni<ScoreResponse> score(ScoreRequest request) {
        return Uni.createFrom().item(() -> {
            SampleScorer.ScoredVerdict verdict = scorer.scoreForCall(request);
            return ScoreResponse.newBuilder().setPHuman(verdict.score().probability("human"))
                    .setModelVersion(verdict.modelVersion()).setWindows(verdict.score().windows())
                    .setStats(verdict.stats()).build();
        });
    }
}
