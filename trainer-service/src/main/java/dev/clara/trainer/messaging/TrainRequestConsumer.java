package dev.clara.trainer.messaging;

import dev.clara.proto.DeadLetters;
import dev.clara.proto.InvalidEventException;
import dev.clara.proto.ProtoJson;
import dev.clara.proto.v1.RunState;
import dev.clara.proto.v1.TrainProgress;
import dev.clara.proto.v1.TrainRequest;
import dev.clara.service.DeadLetterPublisher;
import dev.clara.trainer.service.RefusedRequestException;
import dev.clara.trainer.service.RunRegistry;
import dev.clara.trainer.service.TrainRequestPlanner;
import dev.clara.trainer.service.TrainingPlan;
import dev.clara.trainer.service.TrainingQueue;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** clara.train.requests → the training queue; a request that cannot run is refused on the progress topic and in clara.dlq. */
@ApplicationScoped
public class TrainRequestConsumer {
    public static final String CHANNEL = "train-requests";
    static final String SERVICE = "trainer-service";

    private final TrainRequestPlanner planner;
    private final TrainingQueue queue;
    private final RunRegistry registry;
    private final DeadLetterPublisher deadLetters;

    public TrainRequestConsumer(TrainRequestPlanner planner, TrainingQueue queue, RunRegistry registry,
                                DeadLetterPublisher deadLetters) {
        this.planner = planner;
        this.queue = queue;
        this.registry = registry;
        this.deadLetters = deadLetters;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void consume(ConsumerRecord<String, byte[]> record) {
        byte[] value = record.value() == null ? new byte[0] : record.value();
        String runId = record.key() == null ? "" : record.key();
        try {
            TrainRequest request = ProtoJson.read(new String(value, StandardCharsets.UTF_8), TrainRequest.newBuilder());
            if (request.getRunId().isBlank() && !runId.isBlank()) {
                request = request.toBuilder().setRunId(runId).build();
            }
            runId = request.getRunId();
            TrainingPlan plan = planner.plan(request);
            runId = plan.runId();
            String finalRunId = runId;
            queue.submit(plan, refused -> deadLetter(record, value, finalRunId, refused.code(), refused.getMessage()));
        } catch (InvalidEventException e) {
            refuse(record, value, runId, "INVALID_EVENT", e.getMessage());
        } catch (RefusedRequestException e) {
            refuse(record, value, runId, e.code(), e.getMessage());
        }
    }

    private void refuse(ConsumerRecord<String, byte[]> record, byte[] value, String runId, String code, String reason) {
        if (!runId.isBlank()) {
            registry.update(TrainProgress.newBuilder().setRunId(runId).setState(RunState.RUN_STATE_REFUSED)
                    .setMessage(code + ": " + reason).build());
        }
        deadLetter(record, value, runId, code, reason);
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, byte[] value, String runId, String code, String reason) {
        deadLetters.publish(DeadLetters.fromRecord(SERVICE, record.topic(), record.partition(), record.offset(),
                runId.isBlank() ? record.key() : runId, value, code, reason));
    }
}
