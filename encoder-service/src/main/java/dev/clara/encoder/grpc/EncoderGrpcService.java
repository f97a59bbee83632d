package dev.clara.encoder.grpc;

import com.google.protobuf.ByteString;
import dev.clara.encoder.mapping.EncodedPieceMapper;
import dev.clara.service.DeadLetterPublisher;
import dev.clara.encoder.service.EncoderMetrics;
import dev.clara.encoder.service.PieceEncodingService;
import dev.clara.encoder.service.RejectedPieceException;
import dev.clara.proto.DeadLetters;
import dev.clara.proto.v1.DecodeRequest;
import dev.clara.proto.v1.DecodeResponse;
import dev.clara.proto.v1.EncodeRequest;
import dev.clara.proto.v1.EncodeResponse;
import dev.clara.proto.v1.Encoder;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/** gRPC {@code clara.v1.Encoder}: a bad file is INVALID_ARGUMENT with the same reason its dead letter carries. */
@GrpcService
public class EncoderGrpcService implements Encoder {
    private static final String SERVICE = "encoder-service";

    private final PieceEncodingService encoder;
    private final DeadLetterPublisher deadLetters;
    private final EncoderMetrics metrics;

    public EncoderGrpcService(PieceEncodingService encoder, DeadLetterPublisher deadLetters, EncoderMetrics metrics) {
        this.encoder = encoder;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    @Override
    @Blocking
    public Uni<EncodeResponse> encode(EncodeRequest request) {
        try {
            var ensemble = switch (request.getEnsemble()) {
                case ENSEMBLE_PIANO -> PieceEncodingService.Ensemble.PIANO;
                case ENSEMBLE_CHAMBER -> PieceEncodingService.Ensemble.CHAMBER;
                default -> PieceEncodingService.Ensemble.AUTO;
            };
            EncodeResponse response = EncodedPieceMapper.toResponse(metrics.timeEncoding(
                    () -> encoder.encodeOne(request.getMidi().toByteArray(), request.getEncoding(), ensemble)));
            metrics.piece("grpc", "OK");
            return Uni.createFrom().item(response);
        } catch (RejectedPieceException e) {
            metrics.piece("grpc", e.code());
            deadLetters.publish(DeadLetters.fromCall(SERVICE, "clara.v1.Encoder/Encode", "",
                    request.getMidi().toByteArray(), e.code(), e.getMessage()));
            return Uni.createFrom().failure(invalid(e));
        } catch (Exception e) {
            return Uni.createFrom().failure(Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
        }
    }

    @Override
    @Blocking
    public Uni<DecodeResponse> decode(DecodeRequest request) {
        try {
            PieceEncodingService.Decoded decoded = encoder.decode(request.getTokens(), request.getEncoding(), request.getTempoBpm());
            return Uni.createFrom().item(DecodeResponse.newBuilder()
                    .setMidi(ByteString.copyFrom(decoded.midi()))
                    .setNoteCount(decoded.result().piece().noteCount())
                    .setDurationSeconds(decoded.result().piece().durationSeconds())
                    .setSkippedTokens(decoded.result().skippedTokens() + decoded.result().unmatchedEnds())
                    .build());
        } catch (RejectedPieceException e) {
            return Uni.createFrom().failure(invalid(e));
        }
    }

    private static RuntimeException invalid(RejectedPieceException e) {
        return Status.INVALID_ARGUMENT.withDescription(e.code() + ": " + e.getMessage()).asRuntimeException();
    }
}
