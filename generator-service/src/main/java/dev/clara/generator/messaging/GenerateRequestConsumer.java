package dev.clara.generator.messaging;

import dev.clara.generator.service.GenerationListener;
import dev.clara.generator.service.GenerationPlan;
import dev.clara.generator.service.GenerationPlanner;
import dev.clara.generator.service.GenerationQueue;
import dev.clara.generator.service.RefusedGenerationException;
import dev.clara.proto.DeadLetters;
import dev.clara.proto.InvalidEventException;
import dev.clara.proto.ProtoJson;
import dev.clara.proto.v1.GenerateRequest;
import dev.clara.service.DeadLetterPublisher;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * clara.generate.requests → samples on clara.samples. The record is acknowledged once its samples are on the
 * broker (they are published as each finishes), so a crash mid-request generates it again rather than losing it.
 */
@ApplicationScoped
public class GenerateRequestConsumer {
    public static final String CHANNEL = "generate-requests";
    static final String SERVICE = "generator-service";

    private final GenerationPlanner planner;
    private final GenerationQueue queue;
    private final DeadLetterPublisher deadLetters;

    public GenerateRequestConsumer(GenerationPlanner planner, GenerationQueue queue, DeadLetterPublisher deadLetters) {
        this.planner = planner;
        this.queue = queue;
        this.deadLetters = deadLetters;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) throws InterruptedException {
        byte[] value = record.value() == null ? new byte[0] : record.value();
        try {
            GenerateRequest request = ProtoJson.read(new String(value, StandardCharsets.UTF_8), GenerateRequest.newBuilder());
            if (request.getRequestId().isBlank() && record.key() != null && !record.key().isBlank()) {
                request = request.toBuilder().setRequestId(record.key()).build();
            }
            GenerationPlan plan = planner.plan(request);
            queue.submitWaiting(plan, GenerationListener.NONE).result().get();
        } catch (InvalidEventException e) {
            reject(record, value, "INVALID_EVENT", e.getMessage());
        } catch (RefusedGenerationException e) {
            reject(record, value, e.code(), e.getMessage());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RefusedGenerationException refused) {
                reject(record, value, refused.code(), refused.getMessage());
            } else {
                reject(record, value, "GENERATION_FAILED", cause.toString());
            }
        }
    }

    private void reject(ConsumerRecord<String, byte[]> record, byte[] value, String code, String reason) {
        deadLetters.publish(DeadLetters.fromRecord(SERVICE, record.topic(), record.partition(), record.offset(),
                record.key(), value, code, reason));
    }
}
