package dev.clara.scoring;

import dev.clara.proto.DeadLetters;
import dev.clara.proto.InvalidEventException;
import dev.clara.proto.ProtoJson;
import dev.clara.proto.v1.Sample;
import dev.clara.proto.v1.SampleScore;
import dev.clara.service.DeadLetterPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * clara.samples → clara.scores: every sample gets one score from this service (with an error when no model can
 * score it, so the ranker need not wait for the timeout). The record is acknowledged once its score is on the
 * broker; a restart scores it again, and the ranker keeps one score per sample and scorer.
 */
@ApplicationScoped
public class SampleScoringConsumer {
    public static final String INCOMING = "samples";
    public static final String OUTGOING = "scores";

    private final SampleScorer scorer;
    private final ScoringModels models;
    private final MutinyEmitter<String> scores;
    private final DeadLetterPublisher deadLetters;
    private final MeterRegistry metrics;
    private final Timer timer;

    public SampleScoringConsumer(SampleScorer scorer, ScoringModels models, @Channel(OUTGOING) MutinyEmitter<String> scores,
                                 DeadLetterPublisher deadLetters, MeterRegistry metrics) {
        this.scorer = scorer;
        this.models = models;
        this.scores = scores;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.timer = Timer.builder("clara.scorer.score").tag("kind", models.kindName())
                .description("Scoring one sample").register(metrics);
    }

    @Incoming(INCOMING)
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) throws Exception {
        byte[] value = record.value() == null ? new byte[0] : record.value();
        try {
            Sample sample = ProtoJson.read(new String(value, StandardCharsets.UTF_8), Sample.newBuilder());
            if (sample.getSampleId().isBlank() || sample.getRequestId().isBlank()) {
                throw new InvalidEventException("a sample needs a sampleId and a requestId");
            }
            SampleScore score = timer.recordCallable(() -> scorer.score(sample));
            scores.sendMessageAndAwait(Message.of(ProtoJson.write(score)).addMetadata(
                    OutgoingKafkaRecordMetadata.<String>builder().withKey(score.getSampleId()).build()));
            metrics.counter("clara.scorer.samples", "kind", models.kindName(),
                    "outcome", score.getError().isEmpty() ? "scored" : "unscored").increment();
        } catch (InvalidEventException e) {
            reject(record, value, "INVALID_EVENT", e.getMessage());
        } catch (InvalidInputException e) {
            reject(record, value, e.code(), e.getMessage());
        }
    }

    private void reject(ConsumerRecord<String, byte[]> record, byte[] value, String code, String reason) {
        metrics.counter("clara.scorer.samples", "kind", models.kindName(), "outcome", "rejected").increment();
        deadLetters.publish(DeadLetters.fromRecord(models.kindName() + "-service", record.topic(), record.partition(),
                record.offset(), record.key(), value, code, reason));
    }
}
