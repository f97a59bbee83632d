package dev.clara.encoder.messaging;

import dev.clara.encoder.mapping.EncodedPieceMapper;
import dev.clara.service.DeadLetterPublisher;
import dev.clara.encoder.service.EncodedForm;
import dev.clara.encoder.service.PieceEncodingService;
import dev.clara.encoder.service.RejectedPieceException;
import dev.clara.proto.DeadLetters;
import dev.clara.proto.InvalidEventException;
import dev.clara.proto.ProtoJson;
import dev.clara.proto.Topics;
import dev.clara.proto.v1.EncodedPiece;
import dev.clara.proto.v1.MidiSubmitted;
import dev.clara.encoder.service.EncoderMetrics;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * clara.midi → clara.tokens. Every record ends either as token records or as a dead letter with its reason; the
 * record is acknowledged only after those are on the broker, so a crash re-reads it rather than losing it.
 */
@ApplicationScoped
public class MidiSubmissionConsumer {
    public static final String INCOMING = "midi";
    public static final String TOKENS = "tokens";
    static final String SERVICE = "encoder-service";

    private final PieceEncodingService encoder;
    private final MutinyEmitter<String> tokens;
    private final DeadLetterPublisher deadLetters;
    private final EncoderMetrics metrics;

    public MidiSubmissionConsumer(PieceEncodingService encoder, @Channel(TOKENS) MutinyEmitter<String> tokens,
                                  DeadLetterPublisher deadLetters, EncoderMetrics metrics) {
        this.encoder = encoder;
        this.tokens = tokens;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
    }

    @Incoming(INCOMING)
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        byte[] value = record.value() == null ? new byte[0] : record.value();
        try {
            MidiSubmitted submitted = ProtoJson.read(new String(value, StandardCharsets.UTF_8), MidiSubmitted.newBuilder());
            String pieceId = !submitted.getPieceId().isBlank() ? submitted.getPieceId() : record.key();
            if (pieceId == null || pieceId.isBlank()) {
                throw new RejectedPieceException("MISSING_PIECE_ID", "the event has no pieceId and the record no key");
            }
            if (submitted.getMidi().isEmpty()) {
                throw new RejectedPieceException("NOT_MIDI", "the event carries no MIDI bytes (field \"midi\", base64)");
            }
            List<EncodedForm> forms = metrics.timeEncoding(() -> encoder.encodeAll(
                    submitted.getMidi().toByteArray(), submitted.getTitle(), ensembleOf(submitted)));
            var split = encoder.splitOf(pieceId);
            for (EncodedForm form : forms) {
                EncodedPiece piece = EncodedPieceMapper.toEvent(submitted, pieceId, split, form);
                tokens.sendMessageAndAwait(Message.of(ProtoJson.write(piece)).addMetadata(
                        OutgoingKafkaRecordMetadata.<String>builder().withKey(Topics.tokensKey(pieceId, piece.getEncoding())).build()));
            }
            metrics.piece("kafka", "OK");
        } catch (InvalidEventException e) {
            reject(record, value, "INVALID_EVENT", e.getMessage());
        } catch (RejectedPieceException e) {
            reject(record, value, e.code(), e.getMessage());
        } catch (Exception e) {
            if (e instanceof RuntimeException runtime && isKafkaFailure(runtime)) {
                // Not the record's fault: fail so the record is read again once Kafka answers.
                throw runtime;
            }
            reject(record, value, "ENCODER_ERROR", "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static boolean isKafkaFailure(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.apache.kafka.common.KafkaException) {
                return true;
            }
        }
        return false;
    }

    private void reject(ConsumerRecord<String, byte[]> record, byte[] value, String code, String reason) {
        metrics.piece("kafka", code);
        deadLetters.publish(DeadLetters.fromRecord(SERVICE, record.topic(), record.partition(), record.offset(),
                record.key(), value, code, reason));
    }

    static PieceEncodingService.Ensemble ensembleOf(MidiSubmitted submitted) {
        return switch (submitted.getEnsemble()) {
            case ENSEMBLE_PIANO -> PieceEncodingService.Ensemble.PIANO;
            case ENSEMBLE_CHAMBER -> PieceEncodingService.Ensemble.CHAMBER;
            default -> PieceEncodingService.Ensemble.AUTO;
        };
    }
}
