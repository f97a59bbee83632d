package dev.clara.composer;

import dev.clara.proto.v1.ClassifyResponse;
import dev.clara.proto.v1.Composer;
import dev.clara.proto.v1.ScoreRequest;
import dev.clara.scoring.InvalidInputException;
import dev.clara.scoring.SampleScorer;
import io.grpc.Status;
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
        try {
            SampleScorer.Verdict verdict = request.hasMidi()
                    ? scorer.scoreMidi(request.getMidi().toByteArray(), request.getEncoding())
                    : scorer.scoreTokens(request.getTokens(), request.getEncoding());
            if (verdict.score().isEmpty()) {
                return Uni.createFrom().failure(Status.FAILED_PRECONDITION.withDescription(verdict.error()).asRuntimeException());
            }
            return Uni.createFrom().item(ClassifyResponse.newBuilder()
                    .addAllComposers(SampleScorer.distribution(verdict.score().get()))
                    .setModelVersion(verdict.modelVersion())
                    .setWindows(verdict.score().get().windows())
                    .setStats(SampleScorer.toWire(verdict.stats(), verdict.notes())).build());
        } catch (InvalidInputException e) {
            return Uni.createFrom().failure(Status.INVALID_ARGUMENT.withDescription(e.code() + ": " + e.getMessage())
                    .asRuntimeException());
        }
    }
}
