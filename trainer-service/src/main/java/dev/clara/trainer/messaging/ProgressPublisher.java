package dev.clara.trainer.messaging;

import dev.clara.proto.ProtoJson;
import dev.clara.proto.v1.TrainProgress;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/** Writes run states to clara.train.progress without holding up the training thread. */
@ApplicationScoped
public class ProgressPublisher {
    public static final String CHANNEL = "train-progress";
    private static final Logger LOG = Logger.getLogger(ProgressPublisher.class);
    private final MutinyEmitter<String> emitter;

    public ProgressPublisher(@Channel(CHANNEL) MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    public void publish(TrainProgress progress) {
        Message<String> message = Message.of(ProtoJson.write(progress)).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(progress.getRunId()).build());
        emitter.sendMessage(message).subscribe().with(done -> { },
                failure -> LOG.warnf("progress of %s not published: %s", progress.getRunId(), failure.getMessage()));
    }
}
