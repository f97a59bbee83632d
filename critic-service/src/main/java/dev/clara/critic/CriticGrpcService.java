package dev.clara.critic;

import dev.clara.proto.v1.Critic;
import dev.clara.proto.v1.ScoreRequest;
import dev.clara.proto.v1.ScoreResponse;
import dev.clara.scoring.InvalidInputException;
import dev.clara.scoring.SampleScorer;
import io.grpc.Status;
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
        try {
            SampleScorer.Verdict verdict = request.hasMidi()
                    ? scorer.scoreMidi(request.getMidi().toByteArray(), request.getEncoding())
                    : scorer.scoreTokens(request.getTokens(), request.getEncoding());
            if (verdict.score().isEmpty()) {
                return Uni.createFrom().failure(Status.FAILED_PRECONDITION.withDescription(verdict.error()).asRuntimeException());
            }
            return Uni.createFrom().item(ScoreResponse.newBuilder()
                    .setPHuman(verdict.score().get().probability("human"))
                    .setModelVersion(verdict.modelVersion())
                    .setWindows(verdict.score().get().windows())
                    .setStats(SampleScorer.toWire(verdict.stats(), verdict.notes())).build());
        } catch (InvalidInputException e) {
            return Uni.createFrom().failure(Status.INVALID_ARGUMENT.withDescription(e.code() + ": " + e.getMessage())
                    .asRuntimeException());
        }
    }
}
