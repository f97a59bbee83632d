package dev.clara.trainer.messaging;

import dev.clara.proto.ProtoJson;
import dev.clara.proto.v1.ModelVersion;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Announces a stored version on clara.models (key: the kind, so compaction keeps the newest of each). */
@ApplicationScoped
public class ModelVersionPublisher {
    public static final String CHANNEL = "models";
    private final MutinyEmitter<String> emitter;

    public ModelVersionPublisher(@Channel(CHANNEL) MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    public void publish(ModelVersion version) {
        String key = version.getKind().name().replace("MODEL_KIND_", "").toLowerCase(Locale.ROOT);
        emitter.sendMessageAndAwait(Message.of(ProtoJson.write(version)).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build()));
    }
}
